import { compact } from '../shared.js';
import type { Site } from '../types.js';
import { linkHref, type PlatformshEnvironment } from './schemas.js';

/** Site ids are `project:environment`: environment names repeat across projects, `:` never appears in one. */
export function siteId(projectId: string, environmentId: string): string {
  return `${projectId}:${environmentId}`;
}

export function splitSiteId(value: string): { projectId: string; environmentId: string } | undefined {
  const at = value.indexOf(':');
  if (at <= 0 || at === value.length - 1) return undefined;
  return { projectId: value.slice(0, at), environmentId: value.slice(at + 1) };
}

/** Production domains live on the project; other environments have their own. */
export function isProduction(env: PlatformshEnvironment): boolean {
  return env.type === 'production' || env.is_main === true;
}

/** The environment's web address: the `public-url` link when given, else its default domain. */
export function environmentUrl(env: PlatformshEnvironment): string | null {
  const link = linkHref(env._links, 'public-url');
  if (link) return link;
  return env.default_domain ? `https://${env.default_domain}` : null;
}

/** An environment as a site, allow-listed: its variables and basic-auth grants are never copied. */
export function mapSite(projectId: string, env: PlatformshEnvironment): Site {
  const url = environmentUrl(env);
  let host: string | undefined;
  try {
    host = url ? new URL(url).hostname : undefined;
  } catch {
    host = undefined;
  }
  const domains = [...new Set([env.default_domain, host].filter((d): d is string => Boolean(d)))];
  return {
    id: siteId(projectId, env.id),
    name: env.name ?? env.id,
    server_id: projectId,
    domains,
    status: env.status,
    url,
    https: url ? url.startsWith('https:') : null,
    repository: null,
    branch: env.id,
    created_at: env.created_at ?? null,
    details: compact({
      title: env.title,
      type: env.type,
      parent: env.parent,
      is_main: env.is_main,
      head_commit: env.head_commit,
      last_deployment_successful: env.deployment_state?.last_deployment_successful,
      last_deployment_at: env.deployment_state?.last_deployment_at,
    }),
  };
}
