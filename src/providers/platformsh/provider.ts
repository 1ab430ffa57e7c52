import { verb } from '../kit/hints.js';
import { createProviderHttp } from '../shared.js';
import type { AccountConfig, HostingProvider, ProviderDeps } from '../types.js';
import type { PlatformshAccount } from './account.js';
import { AccessTokenAuthenticator } from './auth.js';
import { platformshBackups } from './backups.js';
import { platformshCertificates } from './certificates.js';
import { PlatformshClient } from './client.js';
import { platformshSiteControl } from './control.js';
import { platformshDeployments } from './deployments.js';
import { platformshDoctor } from './doctor.js';
import { platformshEnv } from './env.js';
import { DEFAULT_API_URL, DEFAULT_AUTH_URL } from './index.js';
import { apiHosts } from './links.js';
import { platformshLogs } from './logs.js';
import { platformshOperations } from './operations.js';
import { PlatformshRefs } from './refs.js';
import * as v from './schemas.js';
import { platformshServers } from './servers.js';
import { platformshSites } from './sites.js';

const TITLE = 'Platform.sh';
const AUTH_HINT =
  'Set PLATFORMSH_API_TOKEN to a Platform.sh API token (Console → Account Settings → API Tokens); for Upsun also set PLATFORMSH_API_URL and PLATFORMSH_AUTH_URL.';

/**
 * Platform.sh (Upsun: api.upsun.com): the API token is exchanged at the OAuth server for
 * short-lived access tokens; no request budget is documented; two error families.
 */
export function createPlatformshProvider(account: AccountConfig, deps: ProviderDeps): HostingProvider {
  const apiUrl = account.settings.api_url || DEFAULT_API_URL;
  const authHttp = createProviderHttp(account, deps, {
    title: `${TITLE} auth`,
    // The token endpoint takes HTTP Basic credentials the authenticator sets per request.
    authenticator: { headers: async () => ({}) },
    authHint: AUTH_HINT,
    requestsPerMinute: 0,
    baseUrl: account.settings.auth_url || DEFAULT_AUTH_URL,
    parseError: (body) => {
      const parsed = v.tokenError.parse(body);
      return { message: parsed.error_description ?? parsed.error ?? undefined };
    },
  });
  const http = createProviderHttp(account, deps, {
    title: TITLE,
    authenticator: new AccessTokenAuthenticator({
      http: authHttp,
      apiToken: account.settings.api_token ?? '',
      redactor: deps.redactor,
      authHint: AUTH_HINT,
    }),
    authHint: AUTH_HINT,
    requestsPerMinute: 0,
    baseUrl: apiUrl,
    allowedHosts: apiHosts(apiUrl),
    parseError,
  });
  const client = new PlatformshClient(
    http,
    apiUrl,
    deps.logger.child({ provider: 'platformsh', account: account.name }),
  );
  const psh: PlatformshAccount = {
    title: TITLE,
    account: account.name,
    client,
    refs: new PlatformshRefs(client),
    redactor: deps.redactor,
  };
  return {
    id: 'platformsh',
    title: TITLE,
    account: account.name,
    api: client,
    doctor: platformshDoctor(client),
    servers: platformshServers(psh),
    sites: platformshSites(psh),
    deployments: platformshDeployments(psh),
    certificates: platformshCertificates(psh),
    logs: platformshLogs(psh),
    operations: platformshOperations(psh),
    env: platformshEnv(psh),
    siteControl: platformshSiteControl(psh),
    backups: platformshBackups(psh),
    alternatives: {
      databases: `Platform.sh has no database API: databases are services declared in the project's .platform/services.yaml and reached through relationships in .platform.app.yaml, changed by a git push (the platform CLI's sql and db:dump commands reach them); ${verb('backups.create')} backs up an environment's databases with its files.`,
      serverControl: `Platform.sh runs no servers of yours: ${verb('siteControl.run')} restarts an environment (a redeploy), pauses or resumes it.`,
    },
    close: async () => {
      await Promise.allSettled([http.close(), authHttp.close()]);
    },
  };
}

/**
 * Both error families in one message: the accounts API's problem+json `{error}` and the project
 * API's `{status, code, message, title, detail}`, whose `detail` map carries a 400's field errors.
 */
function parseError(body: unknown) {
  if (typeof body === 'string') return { message: body.slice(0, 300) };
  const parsed = v.errorBody.parse(body);
  const detail = parsed.detail;
  const fields =
    detail && typeof detail === 'object'
      ? Object.fromEntries(
          Object.entries(detail)
            .filter(([, value]) => typeof value === 'string')
            .map(([key, value]) => [key, [value as string]]),
        )
      : undefined;
  const hasFields = fields !== undefined && Object.keys(fields).length > 0;
  const base = parsed.message ?? parsed.error ?? (typeof detail === 'string' ? detail : parsed.title);
  const said = hasFields
    ? `${base ? `${base}: ` : ''}${Object.entries(fields)
        .map(([k, [m]]) => `${k}: ${m}`)
        .join('; ')}`
    : base;
  // The client adds its own full stop.
  return { message: said?.replace(/[.\s]+$/, '') || undefined, fields: hasFields ? fields : undefined };
}
