import { isDone } from '../kit/status-map.js';
import { compact, tail } from '../shared.js';
import type { Operation, Site } from '../types.js';
import { panelalphaHandles } from './handles.js';
import type { PaFailedInstance, PaInstance } from './schemas.js';
import { instanceState } from './states.js';

/** A WordPress instance, allow-listed: admin and database passwords the panel may send are never copied. */
export function mapSite(instance: PaInstance): Site {
  const url = instance.url ?? null;
  return {
    id: instance.id,
    name: instance.name || instance.domain,
    server_id: instance.server_id,
    domains: [instance.domain],
    status: instance.status,
    url,
    https: url ? url.startsWith('https://') : null,
    repository: null,
    branch: null,
    created_at: instance.created_at ?? null,
    details: compact({
      wordpress_version: instance.wordpress_version,
      user_id: instance.user_id,
      service_id: instance.service_id,
      hosting_account_id: instance.hosting_account_id,
      is_staging: instance.is_staging ?? undefined,
      staging_site_id: instance.staging_instance_id,
      live_site_id: instance.live_instance_id,
    }),
  };
}

/** An instance install (kind "site") or a staging copy being made (kind "staging"). */
export function instanceOperation(
  account: string,
  kind: 'site' | 'staging',
  instance: PaInstance,
  logTail?: string | null,
): Operation {
  const state = instanceState(instance.status);
  return {
    id: panelalphaHandles.encode(account, kind, { site: instance.id }),
    kind,
    state,
    done: isDone(state),
    status: instance.status,
    description:
      kind === 'staging'
        ? `Staging copy ${instance.domain} (${instance.id})${instance.live_instance_id ? ` of site ${instance.live_instance_id}` : ''}`
        : `WordPress install of ${instance.domain} (${instance.id})`,
    started_at: instance.created_at ?? null,
    ended_at: null,
    server_id: instance.server_id,
    site_id: instance.id,
    ...(state === 'failed' && logTail ? { log_tail: tail(logTail) } : {}),
  };
}

/** What the failed-instances list says went wrong: its log, then its error. */
export function failureLog(failed: PaFailedInstance): string | null {
  return [failed.log, failed.error].filter(Boolean).join('\n') || null;
}

/** A failed install that has left the instance list, read as an instance that failed. */
export function failedAsInstance(failed: PaFailedInstance): PaInstance {
  return {
    id: failed.id,
    name: null,
    domain: failed.domain ?? `instance ${failed.id}`,
    url: null,
    status: 'failed',
    user_id: null,
    service_id: null,
    hosting_account_id: null,
    server_id: null,
    is_staging: null,
    staging_instance_id: null,
    live_instance_id: null,
    wordpress_version: null,
    created_at: null,
  };
}
