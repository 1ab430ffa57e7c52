import { verb } from '../kit/hints.js';
import { createProviderHttp } from '../shared.js';
import type { AccountConfig, HostingProvider, ProviderDeps } from '../types.js';
import type { ServerPilotAccount } from './account.js';
import { serverpilotCertificates } from './certificates.js';
import { basicAuth, basicCredentials, ServerPilotClient } from './client.js';
import { serverpilotDatabases } from './databases.js';
import { serverpilotDoctor } from './doctor.js';
import { serverpilotOperations } from './operations.js';
import { ServerPilotRefs } from './refs.js';
import * as v from './schemas.js';
import { serverpilotServers } from './servers.js';
import { serverpilotSites } from './sites.js';

const TITLE = 'ServerPilot';
const AUTH_HINT =
  'Set SERVERPILOT_CLIENT_ID and SERVERPILOT_API_KEY to the API credentials from the ServerPilot account settings.';

/** No rate limit is documented; this budget keeps us polite. */
const REQUESTS_PER_MINUTE = 120;

/**
 * ServerPilot API v1: HTTP Basic (client id and API key), `{error: {message}}` bodies. No deploy,
 * log, environment, restart or backup API; the verbs leave out deletes, custom certificates (a
 * private key in the arguments) and WordPress installs (an admin password in the arguments).
 */
export function createServerPilotProvider(account: AccountConfig, deps: ProviderDeps): HostingProvider {
  const credentials = basicCredentials(account.settings.client_id ?? '', account.settings.api_key ?? '');
  // The header value encodes the API key: it is as secret as the key itself.
  deps.redactor.addSecret(credentials);
  const http = createProviderHttp(account, deps, {
    title: TITLE,
    authenticator: basicAuth(credentials),
    authHint: AUTH_HINT,
    requestsPerMinute: REQUESTS_PER_MINUTE,
    parseError: (body) => ({ message: v.errorBody.parse(body).error?.message }),
  });
  const client = new ServerPilotClient(http);
  const sp: ServerPilotAccount = {
    title: TITLE,
    account: account.name,
    client,
    refs: new ServerPilotRefs(client),
    deps,
  };
  return {
    id: 'serverpilot',
    title: TITLE,
    account: account.name,
    api: client,
    servers: serverpilotServers(sp),
    sites: serverpilotSites(sp),
    certificates: serverpilotCertificates(sp),
    operations: serverpilotOperations(sp),
    databases: serverpilotDatabases(sp),
    doctor: serverpilotDoctor(client),
    alternatives: {
      deployments: `ServerPilot has no deploy API: upload over SFTP, or SSH in as the app’s system user and git pull in its app_dir (${verb('sites.get')} shows it).`,
      logs: `ServerPilot has no log API: read /srv/users/<user>/log/<app>/ over SSH (${verb('sites.get')} shows log_dir); ${verb('operations.get')} shows action status.`,
      env: `ServerPilot has no environment-variable API: edit the app's own config (e.g. .env in its app_dir, ${verb('sites.get')} shows it) over SSH or SFTP as the app's system user.`,
      siteControl: `ServerPilot has no start, stop or restart API for apps: SSH in and restart the app's PHP-FPM (sudo service php<version>-fpm-sp restart); ${verb('api.write')} update-app changes its PHP runtime.`,
      serverControl: `ServerPilot has no restart or reboot API: SSH into the server as root (sudo reboot, or sudo service nginx-sp restart).`,
      backups: `ServerPilot has no backup API: dump a database over SSH as the app's system user (mysqldump; ${verb('databases.list')} shows its name and user) and copy the app_dir over SFTP.`,
    },
    close: () => http.close(),
  };
}
