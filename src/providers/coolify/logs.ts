import { HostingError } from '../../core/errors.js';
import { matchRef } from '../../core/resolve.js';
import { verb } from '../kit/hints.js';
import { isDone } from '../kit/status-map.js';
import { logNeeds, unknownLogSource } from '../shared.js';
import type { CallContext, LogRequest, LogSource, LogsCapability, LogText } from '../types.js';
import type { CoolifyAccount } from './account.js';
import { deploymentLogText } from './map-deployment.js';
import { serverStatus, validationText } from './map-server.js';
import * as v from './schemas.js';
import { deploymentState } from './states.js';

/** What can be read from Coolify. Container logs come as a tail of `lines` (default 100). */
const LOG_SOURCES: readonly LogSource[] = [
  {
    id: 'application',
    needs: 'site',
    description: "the site's container logs (services: id = container name)",
  },
  { id: 'deployment', needs: 'site', description: 'a deployment log (id = deployment id, default latest)' },
  { id: 'database', needs: 'none', description: 'a database’s container logs (id = database uuid or name)' },
  { id: 'validation', needs: 'server', description: "a server's last failed validation output" },
];

const DEFAULT_LINES = 100;

export function coolifyLogs(coolify: CoolifyAccount): LogsCapability {
  return { sources: LOG_SOURCES, read: (ctx, request) => readLog(coolify, ctx, request) };
}

async function readLog(
  { title, client, refs }: CoolifyAccount,
  ctx: CallContext,
  request: LogRequest,
): Promise<LogText> {
  const lines = request.lines ?? DEFAULT_LINES;
  switch (request.source) {
    case 'validation': {
      if (!request.server) throw logNeeds('server', request.source);
      const server = await refs.server(ctx, request.server);
      return {
        label: `validation output of server ${server.name} (${serverStatus(server)})`,
        text: validationText(server.validation_logs),
        complete: true,
      };
    }
    case 'database': {
      const databases = await client.list('list-databases', {}, v.databaseList, ctx);
      const database = pickDatabase(title, databases, request.id);
      const log = await containerLog(`Database ${database.name}`, () =>
        client.get('get-database-logs-by-uuid', { uuid: database.uuid }, v.logs, ctx, { lines }),
      );
      return { label: `logs of database ${database.name}`, text: log, complete: true };
    }
    case 'application': {
      if (!request.site) throw logNeeds('site', request.source);
      const site = await refs.site(ctx, { site: request.site, server: request.server }, true);
      if (site.kind === 'application') {
        const app = site.app;
        const log = await containerLog(`Application ${app.name}`, () =>
          client.get('get-application-logs-by-uuid', { uuid: app.uuid }, v.logs, ctx, { lines }),
        );
        return { label: `container logs of ${app.name}`, text: log, complete: true };
      }
      const service = site.service;
      const container = pickContainer(service, request.id);
      const log = await containerLog(`Container ${container} of ${service.name}`, () =>
        client.get('get-service-logs-by-uuid', { uuid: service.uuid }, v.logs, ctx, {
          sub_service_name: container,
          lines,
        }),
      );
      return { label: `logs of ${container} in service ${service.name}`, text: log, complete: true };
    }
    case 'deployment': {
      if (!request.site) throw logNeeds('site', request.source);
      const app = await refs.application(
        ctx,
        { site: request.site, server: request.server },
        {
          verb: verb('logs.read'),
          message: 'Coolify keeps no deployment logs for services.',
          hint: 'Use source "application" with id = container name for its containers’ logs.',
        },
      );
      const uuid = request.id ?? (await client.deployments(app.uuid, ctx, 1)).items[0]?.deployment_uuid;
      if (!uuid) {
        throw new HostingError('not_found', `Application ${app.name} has no deployments yet.`, {
          hint: `Run ${verb('deployments.deploy')} first.`,
        });
      }
      const deployment = await client.get('get-deployment-by-uuid', { uuid }, v.deployment, ctx);
      const text = deploymentLogText(deployment.logs);
      if (text === undefined) {
        throw new HostingError('forbidden', 'Coolify hides deployment logs from this API token.', {
          hint: 'Use a token with the read:sensitive permission (Keys & Tokens → API tokens), or read the log in the dashboard.',
        });
      }
      return {
        label: `deployment ${uuid} of ${app.name} (${deployment.status})`,
        text,
        complete: isDone(deploymentState(deployment.status)),
      };
    }
    default:
      throw unknownLogSource(title, request.source, LOG_SOURCES);
  }
}

/** Coolify answers 400 "… is not running." when there is no container to read. */
async function containerLog(what: string, read: () => Promise<{ logs?: string | null }>): Promise<string> {
  try {
    return (await read()).logs ?? '';
  } catch (error) {
    if (
      error instanceof HostingError &&
      error.status === 400 &&
      /not running|not found/i.test(error.message)
    ) {
      throw new HostingError('conflict', `${what} is not running, so it has no container logs.`, {
        status: 400,
        hint: `Start it (${verb('deployments.deploy')}), or read why it stopped: ${verb('logs.read')} source "deployment".`,
      });
    }
    throw error;
  }
}

function pickDatabase(
  title: string,
  databases: v.CoolifyDatabase[],
  ref: string | undefined,
): v.CoolifyDatabase {
  const candidates = databases.map((database) => ({ id: database.uuid, name: database.name, database }));
  if (ref) {
    return matchRef(candidates, ref, {
      kind: 'database',
      listTool: `${verb('logs.read')} source "database"`,
      provider: title,
    }).database;
  }
  if (databases.length === 1) return databases[0]!;
  throw new HostingError(
    'invalid_argument',
    databases.length
      ? 'Source "database" needs `id`: the database uuid or name.'
      : `${title} has no databases.`,
    {
      hint: databases.length ? 'Pick one of the databases in details.' : 'Sources: application, deployment.',
      details: databases.length
        ? { databases: databases.map((d) => ({ id: d.uuid, name: d.name, type: d.database_type })) }
        : undefined,
    },
  );
}

/** A service runs several containers; logs are read per container name. */
function pickContainer(service: v.CoolifyService, ref: string | undefined): string {
  const names = [...(service.applications ?? []), ...(service.databases ?? [])].map((sub) => sub.name);
  if (ref) {
    const found = names.find((name) => name.toLowerCase() === ref.trim().toLowerCase());
    if (found) return found;
  } else if (names.length === 1) {
    return names[0]!;
  }
  throw new HostingError(
    'invalid_argument',
    ref
      ? `Service ${service.name} has no container "${ref}".`
      : `Service ${service.name} runs ${names.length} containers: pass \`id\`.`,
    { hint: `Containers: ${names.join(', ') || 'none'}.` },
  );
}
