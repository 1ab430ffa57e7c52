import { bearer, createProviderHttp, requireSetting } from '../shared.js';
import type { AccountConfig, HostingProvider, ProviderDeps } from '../types.js';
import type { CoolifyAccount } from './account.js';
import { coolifyBackups } from './backups.js';
import { coolifyCertificates } from './certificates.js';
import { CoolifyClient, coolifyApiBase, parseCoolifyError } from './client.js';
import { coolifyServerControl, coolifySiteControl } from './control.js';
import { coolifyDatabases } from './databases.js';
import { coolifyDeployments } from './deployments.js';
import { coolifyDoctor } from './doctor.js';
import { coolifyEnv } from './env.js';
import { coolifyLogs } from './logs.js';
import { coolifyOperations } from './operations.js';
import { CoolifyRefs } from './refs.js';
import { coolifyServers } from './servers.js';
import { coolifySites } from './sites.js';

const TITLE = 'Coolify';
const AUTH_HINT =
  'Set COOLIFY_API_TOKEN to a Coolify API token (Keys & Tokens → API tokens) with read, write and deploy; add read:sensitive to read deployment logs and whether env values are set.';

/**
 * Coolify refreshes container status on a schedule, so a restarted service's status lags: it is
 * trusted after the grace window and given up on after the second. Both are spans of the
 * account's clock, so they shrink with the sandbox's faster one (pollScale).
 */
const SERVICE_GRACE_MS = 30_000;
const SERVICE_GIVE_UP_MS = 5 * 60_000;

/** Coolify v4 (self-hosted): bearer token, API under <instance>/api/v1, Laravel error bodies. */
export function createCoolifyProvider(account: AccountConfig, deps: ProviderDeps): HostingProvider {
  const baseUrl = coolifyApiBase(requireSetting(account, 'base_url'));
  if (/^http:\/\//i.test(baseUrl) && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/i.test(baseUrl)) {
    deps.logger.warn('Coolify base URL is plain http: the API token travels unencrypted', {
      account: account.name,
    });
  }
  const http = createProviderHttp(account, deps, {
    title: TITLE,
    authenticator: bearer(account.settings.api_token ?? ''),
    authHint: AUTH_HINT,
    // Coolify's API limiter defaults to 200 requests per minute (API_RATE_LIMIT).
    requestsPerMinute: 200,
    parseError: parseCoolifyError,
    baseUrl,
  });
  const client = new CoolifyClient(http);
  const scale = deps.pollScale ?? 1;
  const coolify: CoolifyAccount = {
    title: TITLE,
    account: account.name,
    client,
    refs: new CoolifyRefs(client),
    serviceWindow: { graceMs: SERVICE_GRACE_MS * scale, giveUpMs: SERVICE_GIVE_UP_MS * scale },
    secretFiles: deps.secretFiles,
    redactor: deps.redactor,
  };
  return {
    id: 'coolify',
    title: TITLE,
    account: account.name,
    api: client,
    servers: coolifyServers(coolify),
    sites: coolifySites(coolify),
    deployments: coolifyDeployments(coolify),
    certificates: coolifyCertificates(coolify),
    logs: coolifyLogs(coolify),
    operations: coolifyOperations(coolify),
    env: coolifyEnv(coolify),
    siteControl: coolifySiteControl(coolify),
    serverControl: coolifyServerControl(coolify),
    databases: coolifyDatabases(coolify),
    backups: coolifyBackups(coolify),
    doctor: coolifyDoctor(() => http),
    close: () => http.close(),
  };
}
