import type { EnvVariable } from '../types.js';
import type { CoolifyEnv } from './schemas.js';

/** Scopes get_env filters on: production is every variable not kept for preview deployments. */
export const ENV_SCOPES = ['production', 'preview', 'build', 'runtime'] as const;

/**
 * One variable as the model sees it: where Coolify applies it (preview deployments, build time,
 * runtime), whether its value comes from a shared variable, and how Coolify treats the value.
 * The value itself was never kept (see `envVar` in schemas.ts).
 */
export function mapEnv(env: CoolifyEnv): EnvVariable {
  const scope = [
    env.is_preview ? 'preview' : undefined,
    env.is_buildtime ? 'build' : undefined,
    env.is_runtime ? 'runtime' : undefined,
  ].filter(Boolean);
  const flags = [env.is_literal ? 'literal' : undefined, env.is_multiline ? 'multiline' : undefined].filter(
    (flag): flag is string => Boolean(flag),
  );
  return {
    key: env.key,
    value: env.value,
    scope: scope.length ? scope.join(', ') : null,
    ...(env.is_shared ? { inherited: true } : {}),
    ...(env.is_shown_once ? { sensitive: true } : {}),
    ...(flags.length ? { flags } : {}),
  };
}

/** Whether a variable is in the scope get_env was asked for. */
export function inScope(env: CoolifyEnv, scope: (typeof ENV_SCOPES)[number]): boolean {
  switch (scope) {
    case 'production':
      return !env.is_preview;
    case 'preview':
      return Boolean(env.is_preview);
    case 'build':
      return Boolean(env.is_buildtime);
    case 'runtime':
      return Boolean(env.is_runtime);
  }
}
