import { isDone } from '../kit/status-map.js';
import { compact } from '../shared.js';
import type { Operation, Site } from '../types.js';
import { forgeHandles } from './handles.js';
import type { ForgeSite } from './schemas.js';
import { siteState } from './states.js';

export function siteServerId(site: ForgeSite): string | null {
  return site.relationships?.server?.data?.id ?? null;
}

/**
 * A Forge site, allow-listed. Its `deployment_url` embeds the deploy-hook token and is left out on
 * purpose.
 */
export function mapSite(site: ForgeSite): Site {
  const a = site.attributes;
  const aliases = (a.aliases ?? []).filter((alias): alias is string => typeof alias === 'string');
  return {
    id: site.id,
    name: a.name,
    server_id: siteServerId(site),
    domains: [a.name, ...aliases],
    status: a.status ?? 'unknown',
    url: a.url ?? null,
    https: a.https ?? null,
    repository: a.repository?.url ?? null,
    branch: a.repository?.branch ?? null,
    created_at: a.created_at ?? null,
    details: compact({
      deployment_status: a.deployment_status,
      php_version: a.php_version,
      app_type: a.app_type,
      quick_deploy: a.quick_deploy,
      zero_downtime_deployments: a.zero_downtime_deployments,
    }),
  };
}

/** Site installation, followed until Forge stops creating or installing it. */
export function siteOperation(account: string, serverId: string, site: ForgeSite): Operation {
  const state = siteState(site.attributes.status);
  return {
    id: forgeHandles.encode(account, 'site', { server: serverId, site: site.id }),
    kind: 'site',
    state,
    done: isDone(state),
    status: site.attributes.status ?? 'unknown',
    description: `Installation of site ${site.attributes.name} (${site.id})`,
    started_at: site.attributes.created_at ?? null,
    ended_at: null,
    server_id: serverId,
    site_id: site.id,
  };
}
