import { verb } from '../kit/hints.js';
import { bearer, createProviderHttp } from '../shared.js';
import type { AccountConfig, HostingProvider, ProviderDeps } from '../types.js';
import type { ForgeAccount } from './account.js';
import { forgeBackups } from './backups.js';
import { forgeCertificates } from './certificates.js';
import { ForgeClient } from './client.js';
import { forgeServerControl } from './control.js';
import { forgeDatabases } from './databases.js';
import { forgeDeployments } from './deployments.js';
import { forgeDoctor } from './doctor.js';
import { forgeEnv } from './env.js';
import { forgeLogs } from './logs.js';
import { forgeOperations } from './operations.js';
import { ForgeRefs } from './refs.js';
import * as v from './schemas.js';
import { forgeServers } from './servers.js';
import { forgeSites } from './sites.js';

const TITLE = 'Laravel Forge';
const AUTH_HINT =
  'Set FORGE_API_TOKEN to a Forge API token (Forge → Profile → API) with access to the organization.';

/** Laravel Forge API v2: bearer token, 60 requests a minute, Laravel error bodies. */
export function createForgeProvider(account: AccountConfig, deps: ProviderDeps): HostingProvider {
  const http = createProviderHttp(account, deps, {
    title: TITLE,
    authenticator: bearer(account.settings.api_token ?? ''),
    authHint: AUTH_HINT,
    requestsPerMinute: 60,
    parseError: (body) => {
      const parsed = v.errorBody.parse(body);
      return { message: parsed.message, fields: parsed.errors };
    },
  });
  const client = new ForgeClient(http, account.settings.organization);
  const forge: ForgeAccount = {
    title: TITLE,
    account: account.name,
    client,
    refs: new ForgeRefs(client),
    secretFiles: deps.secretFiles,
    redactor: deps.redactor,
  };
  return {
    id: 'forge',
    title: TITLE,
    account: account.name,
    api: client,
    doctor: forgeDoctor(client, account.settings.organization),
    servers: forgeServers(forge),
    sites: forgeSites(forge),
    deployments: forgeDeployments(forge),
    certificates: forgeCertificates(forge),
    logs: forgeLogs(forge),
    operations: forgeOperations(forge),
    env: forgeEnv(forge),
    serverControl: forgeServerControl(forge),
    databases: forgeDatabases(forge),
    backups: forgeBackups(forge),
    alternatives: {
      siteControl: `Forge sites have no start/stop: ${verb('serverControl.run')} restarts nginx or php; ${verb('api.write')} organizations.servers.sites.integrations.laravel-maintenance.store puts a Laravel site in maintenance mode.`,
    },
    close: () => http.close(),
  };
}
