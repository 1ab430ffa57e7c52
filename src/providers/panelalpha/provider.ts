import { verb } from '../kit/hints.js';
import { bearer, createProviderHttp, requireSetting } from '../shared.js';
import type { AccountConfig, HostingProvider, ProviderDeps } from '../types.js';
import type { PanelAlphaAccount } from './account.js';
import { panelalphaBackups } from './backups.js';
import { panelalphaCertificates } from './certificates.js';
import { PanelAlphaClient } from './client.js';
import { panelalphaSiteControl } from './control.js';
import { panelalphaDatabases } from './databases.js';
import { panelalphaDeployments } from './deployments.js';
import { panelalphaDoctor } from './doctor.js';
import { panelalphaLogs } from './logs.js';
import { panelalphaOperations } from './operations.js';
import { PanelAlphaRefs } from './refs.js';
import * as v from './schemas.js';
import { panelalphaServers } from './servers.js';
import { panelalphaSites } from './sites.js';

const TITLE = 'PanelAlpha';
const AUTH_HINT =
  'Set PANELALPHA_API_TOKEN to an admin API token (admin area → Configuration → Admins) and PANELALPHA_BASE_URL to the panel address.';
/** PanelAlpha documents no rate limit; 60/min is Laravel's default API throttle. */
const REQUESTS_PER_MINUTE = 60;

/**
 * The API base: the panel address plus `/api`, under which the document puts every path. A base
 * URL given with the `/api` already on is accepted as is rather than doubled.
 */
export function panelBaseUrl(value: string): string {
  return `${value
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api$/i, '')}/api`;
}

/**
 * PanelAlpha (self-hosted): one admin bearer token, user endpoints acting as the user the
 * `X-PanelAlpha-User` header names, Laravel error bodies.
 */
export function createPanelAlphaProvider(account: AccountConfig, deps: ProviderDeps): HostingProvider {
  const http = createProviderHttp(account, deps, {
    title: TITLE,
    authenticator: bearer(account.settings.api_token ?? ''),
    authHint: AUTH_HINT,
    requestsPerMinute: REQUESTS_PER_MINUTE,
    baseUrl: panelBaseUrl(requireSetting(account, 'base_url')),
    parseError: (body) => {
      const parsed = v.errorBody.parse(body);
      return { message: parsed.message, fields: parsed.errors };
    },
  });
  const client = new PanelAlphaClient(http, account.settings.user_id || undefined);
  const pa: PanelAlphaAccount = {
    title: TITLE,
    account: account.name,
    client,
    refs: new PanelAlphaRefs(client),
    redactor: deps.redactor,
    secretFiles: deps.secretFiles,
  };
  return {
    id: 'panelalpha',
    title: TITLE,
    account: account.name,
    api: client,
    doctor: panelalphaDoctor(client),
    servers: panelalphaServers(pa),
    sites: panelalphaSites(pa),
    deployments: panelalphaDeployments(pa),
    certificates: panelalphaCertificates(pa),
    logs: panelalphaLogs(pa),
    operations: panelalphaOperations(pa),
    siteControl: panelalphaSiteControl(pa),
    databases: panelalphaDatabases(pa),
    backups: panelalphaBackups(pa),
    alternatives: {
      env: `PanelAlpha has no environment-variable API: a WordPress site's settings are its wp-config.php entries — ${verb('api.read')} list-wordpress-config-entries lists them (their values, DB_PASSWORD and the salts among them, are secret and never shown) and ${verb('api.write')} update-wordpress-config-entry or add-wordpress-config-entry changes one.`,
      serverControl: `PanelAlpha has no restart or reboot API for hosting servers: restart services or reboot in the server's own panel (cPanel WHM, Plesk, DirectAdmin).`,
    },
    close: () => http.close(),
  };
}
