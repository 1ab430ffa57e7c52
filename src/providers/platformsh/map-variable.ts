import type { EnvVariable } from '../types.js';
import type { PlatformshVariable } from './schemas.js';

/**
 * Platform.sh exports a variable as a Unix environment variable only when its name starts with
 * `env:`; any other name goes into the base64 JSON of $PLATFORM_VARIABLES. Keys are shown without
 * the prefix, as the application reads them, and new keys are created with it.
 */
export const ENV_PREFIX = 'env:';

export type VariableLevel = 'environment' | 'project';

/** The key an application sees: `env:API_KEY` is $API_KEY. */
export function variableKey(name: string): string {
  return name.startsWith(ENV_PREFIX) ? name.slice(ENV_PREFIX.length) : name;
}

/** A variable by name and where it applies; its value was dropped when it was parsed. */
export function mapVariable(level: VariableLevel, variable: PlatformshVariable): EnvVariable {
  const phases = [
    variable.visible_build !== false ? 'build' : undefined,
    variable.visible_runtime !== false ? 'runtime' : undefined,
  ].filter(Boolean);
  const where = [
    `${level} (${phases.length ? phases.join('+') : 'hidden'})`,
    variable.name.startsWith(ENV_PREFIX) ? undefined : 'in $PLATFORM_VARIABLES',
    variable.application_scope?.length ? `apps: ${variable.application_scope.join(', ')}` : undefined,
    variable.is_enabled === false ? 'disabled' : undefined,
  ].filter(Boolean);
  return {
    key: variableKey(variable.name),
    value: variable.has_value ? 'set' : 'empty',
    scope: where.join('; '),
    inherited: variable.inherited ?? false,
    sensitive: variable.is_sensitive ?? false,
  };
}
