import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { logNeeds, unknownLogSource } from '../shared.js';
import type { CallContext, LogRequest, LogSource, LogsCapability, LogText } from '../types.js';
import type { ForgeAccount } from './account.js';
import { mapDeployment } from './map-deployment.js';
import * as v from './schemas.js';

const LOG_SOURCES: readonly LogSource[] = [
  { id: 'application', needs: 'site', description: "site's application log (storage/logs)" },
  { id: 'nginx-access', needs: 'site', description: "site's nginx access log" },
  { id: 'nginx-error', needs: 'site', description: "site's nginx error log" },
  {
    id: 'deployment',
    needs: 'site',
    description: 'a deployment’s output (id = deployment id, default latest)',
  },
  {
    id: 'server',
    needs: 'server',
    description: 'a server log file (id = key, e.g. nginx-error, php8.3-fpm, auth)',
  },
  {
    id: 'events',
    needs: 'server',
    description: 'server events (no id: recent events; id: one event’s output)',
  },
];

const SITE_LOGS = {
  application: 'organizations.servers.sites.logs.application.show',
  'nginx-access': 'organizations.servers.sites.logs.nginx-access.show',
  'nginx-error': 'organizations.servers.sites.logs.nginx-error.show',
} as const;

export function forgeLogs(forge: ForgeAccount): LogsCapability {
  return { sources: LOG_SOURCES, read: (ctx, request) => readLog(forge, ctx, request) };
}

async function readLog(forge: ForgeAccount, ctx: CallContext, request: LogRequest): Promise<LogText> {
  const { title, account, client, refs } = forge;
  if (request.source === 'server' || request.source === 'events') {
    if (!request.server) throw logNeeds('server', request.source);
    const server = await refs.server(ctx, request.server);
    if (request.source === 'server') {
      if (!request.id) {
        throw new HostingError('invalid_argument', 'Source "server" needs `id`: the log key.', {
          hint: 'Common keys: nginx-error, nginx-access, php8.3-fpm, mysql, auth.',
        });
      }
      const log = await client.get(
        'organizations.servers.logs.show',
        { server: server.id, key: request.id },
        v.single(v.content),
        ctx,
      );
      return {
        label: `${request.id} log of server ${server.attributes.name}`,
        text: log.data.attributes.content ?? '',
        complete: true,
      };
    }
    if (request.id) {
      const out = await client.get(
        'organizations.servers.events.output.show',
        { server: server.id, event: request.id },
        v.single(v.output),
        ctx,
      );
      return {
        label: `output of event ${request.id} on ${server.attributes.name}`,
        text: out.data.attributes.output ?? '',
        complete: true,
      };
    }
    const events = await client.list(
      'organizations.servers.events.index',
      { server: server.id },
      v.event,
      ctx,
      100,
      {
        sort: '-created_at',
      },
    );
    const lines = events.items
      .reverse()
      .map(
        (e) =>
          `${e.attributes.created_at ?? ''} [event ${e.id}] ${e.attributes.description}${e.attributes.ran_as ? ` (as ${e.attributes.ran_as})` : ''}`,
      );
    return { label: `events of server ${server.attributes.name}`, text: lines.join('\n'), complete: true };
  }
  if (!request.site) throw logNeeds('site', request.source);
  const { serverId, site } = await refs.site(ctx, { site: request.site, server: request.server });
  const ids = { server: serverId, site: site.id };
  if (request.source === 'deployment') {
    const deployment = request.id
      ? (
          await client.get(
            'organizations.servers.sites.deployments.show',
            { ...ids, deployment: request.id },
            v.single(v.deployment),
            ctx,
          )
        ).data
      : (
          await client.list('organizations.servers.sites.deployments.index', ids, v.deployment, ctx, 1, {
            sort: '-created_at',
          })
        ).items[0];
    if (!deployment) {
      throw new HostingError('not_found', `Site ${site.attributes.name} has no deployments yet.`, {
        hint: `Run ${verb('deployments.deploy')} first.`,
      });
    }
    const log = await client.get(
      'organizations.servers.sites.deployments.log.show',
      { ...ids, deployment: deployment.id },
      v.single(v.output),
      ctx,
    );
    const state = mapDeployment(account, serverId, site.id, deployment).state;
    return {
      label: `deployment ${deployment.id} of ${site.attributes.name} (${deployment.attributes.status})`,
      text: log.data.attributes.output ?? '',
      complete: state !== 'pending' && state !== 'running',
    };
  }
  const operation = SITE_LOGS[request.source as keyof typeof SITE_LOGS];
  if (!operation) throw unknownLogSource(title, request.source, LOG_SOURCES);
  const log = await client.get(operation, ids, v.single(v.content), ctx);
  return {
    label: `${request.source} log of ${site.attributes.name}`,
    text: log.data.attributes.content ?? '',
    complete: true,
  };
}
