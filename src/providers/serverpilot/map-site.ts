import { compact } from '../shared.js';
import type { Site } from '../types.js';
import { epochIso } from './epoch.js';
import type { SpApp } from './schemas.js';

/** Where an app lives on its server (reference: System Users, Apps). */
export function appPaths(sysuser: string, app: string) {
  const home = `/srv/users/${sysuser}`;
  return {
    app_dir: `${home}/apps/${app}`,
    web_root: `${home}/apps/${app}/public`,
    log_dir: `${home}/log/${app}`,
  };
}

/** An app as a site, allow-listed: its `ssl.key` never survives parsing and is never named here. */
export function mapSite(app: SpApp, sysuserName?: string): Site {
  const domains = app.domains ?? [];
  const https = Boolean(app.ssl);
  return {
    id: app.id,
    name: app.name,
    server_id: app.serverid,
    domains,
    // ServerPilot keeps no app status: an app that exists is configured on its server.
    status: 'active',
    url: domains[0] ? `${https ? 'https' : 'http'}://${domains[0]}` : null,
    https,
    repository: null,
    branch: null,
    created_at: epochIso(app.datecreated),
    details: compact({
      runtime: app.runtime,
      sysuser_id: app.sysuserid,
      sysuser: sysuserName,
      ssl: app.ssl ? { auto: app.ssl.auto ?? false, force: app.ssl.force ?? false } : undefined,
      autossl_available: app.autossl?.available,
      ...(sysuserName ? appPaths(sysuserName, app.name) : {}),
    }),
  };
}
