import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { matchRef } from '../../core/resolve.js';
import { isDone, logNeeds, unknownLogSource } from '../shared.js';
import type { CallContext, LogRequest, LogSource, LogText } from '../types.js';
import type { CoolifyClient } from './client.js';
import type { CoolifyLookups } from './lookups.js';
import { deploymentLogText, deploymentState, serverStatus, validationText } from './mapping.js';
import * as v from './schemas.js';

/** What tail_logs can read from Coolify. Container logs come as a tail of `lines` (default 100). */
export const COOLIFY_LOG_SOURCES: readonly LogSource[] = [
  {
    id: 'application',
    needs: 'site',
    description: "the site's container logs (services: id = container name)",
  },
  { id: 'deployment', needs: 'site', description: 'a deployment log (id = deployment id, default latest)' },
  { id: 'database', needs: 'none', description: 'a database’s container logs (id = database uuid or name)' },
  { id: 'validation', needs: 'server', description: "a server's last failed validation output" },
];

const TITLE = 'Coolify';
const DEFAULT_LINES = 100;
const databaseList = z.array(v.database);

export async function readCoolifyLog(
  client: CoolifyClient,
  lookups: CoolifyLookups,
  ctx: CallContext,
  request: LogRequest,
): Promise<LogText> {
  const lines = request.lines ?? DEFAULT_LINES;
  switch (request.source) {
    case 'validation': {
      if (!request.server) throw logNeeds('server', request.source);
      const found = await lookups.findServer(ctx, request.server);
      const server = await client.get('servers.get', { uuid: found.uuid }, v.server, ctx);
      return {
        label: `validation output of server ${server.name} (${serverStatus(server)})`,
        text: validationText(server.validation_logs),
        complete: true,
      };
    }
    case 'database': {
      const databases = await client.get('databases.list', {}, databaseList, ctx);
      const database = pickDatabase(TITLE, databases, request.id);
      const log = await containerLog(`Database ${database.name}`, () =>
        client.get('databases.logs', { uuid: database.uuid }, v.logs, ctx, { lines }),
      );
      return { label: `logs of database ${database.name}`, text: log, complete: true };
    }
    case 'application': {
      if (!request.site) throw logNeeds('site', request.source);
      const site = await lookups.findSite(ctx, { site: request.site, server: request.server }, true);
      if (site.kind === 'application') {
        const app = site.app;
        const log = await containerLog(`Application ${app.name}`, () =>
          client.get('applications.logs', { uuid: app.uuid }, v.logs, ctx, { lines }),
        );
        return { label: `container logs of ${app.name}`, text: log, complete: true };
      }
      const service = site.service;
      const container = pickContainer(service, request.id);
      const log = await containerLog(`Container ${container} of ${service.name}`, () =>
        client.get('services.logs', { uuid: service.uuid }, v.logs, ctx, {
          sub_service_name: container,
          lines,
        }),
      );
      return { label: `logs of ${container} in service ${service.name}`, text: log, complete: true };
    }
    case 'deployment': {
      if (!request.site) throw logNeeds('site', request.source);
      const app = await lookups.findApplication(
        ctx,
        { site: request.site, server: request.server },
        'tail_logs',
        {
          message: 'Coolify keeps no deployment logs for services.',
          hint: 'Use source "application" with id = container name for its containers’ logs.',
        },
      );
      const uuid = request.id ?? (await client.deployments(app.uuid, ctx, 1)).items[0]?.deployment_uuid;
      if (!uuid) {
        throw new HostingError('not_found', `Application ${app.name} has no deployments yet.`, {
          hint: 'Run deploy_site first.',
        });
      }
      const deployment = await client.get('deployments.get', { uuid }, v.deployment, ctx);
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
      throw unknownLogSource(TITLE, request.source, COOLIFY_LOG_SOURCES);
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
        hint: 'Start it (deploy_site), or read why it stopped: tail_logs source "deployment".',
      });
    }
    throw error;
  }
}

function pickDatabase(
  title: string,
  databases: z.infer<typeof databaseList>,
  ref: string | undefined,
): z.infer<typeof v.database> {
  const candidates = databases.map((database) => ({ id: database.uuid, name: database.name, database }));
  if (ref) {
    return matchRef(candidates, ref, {
      kind: 'database',
      listTool: 'tail_logs source "database"',
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
