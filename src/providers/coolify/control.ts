import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import type {
  CallContext,
  ServerControlCapability,
  SiteAction,
  SiteControlCapability,
  WriteResult,
} from '../types.js';
import { type CoolifyAccount, queuedDeployment } from './account.js';
import type { CoolifyOperationId } from './catalog.gen.js';
import { parseDomains } from './fqdn.js';
import { controlOperation, type Want } from './map-control.js';
import { deploymentOperation } from './map-deployment.js';
import { proxyType } from './map-server.js';
import { type LocatedResource, locateResource, resourceName, resourceUuid } from './resources.js';
import * as v from './schemas.js';

const OPS: Record<LocatedResource['kind'], Record<SiteAction, CoolifyOperationId>> = {
  application: {
    start: 'start-application-by-uuid',
    stop: 'stop-application-by-uuid',
    restart: 'restart-application-by-uuid',
  },
  service: {
    start: 'start-service-by-uuid',
    stop: 'stop-service-by-uuid',
    restart: 'restart-service-by-uuid',
  },
  database: {
    start: 'start-database-by-uuid',
    stop: 'stop-database-by-uuid',
    restart: 'restart-database-by-uuid',
  },
};

const WANT: Record<SiteAction, Want> = { start: 'running', stop: 'exited', restart: 'restarted' };

/** Start, stop and restart of applications, services and databases. Stop is destructive under the policy. */
export function coolifySiteControl(coolify: CoolifyAccount): SiteControlCapability {
  return {
    actions: ['start', 'stop', 'restart'],
    run: async (ctx, ref, action) =>
      controlResource(coolify, ctx, await locateResource(coolify, ctx, ref), action),
  };
}

/**
 * One action on one resource. An application's start and restart are deployments Coolify queues
 * and reports on; everything else has no job in Coolify, so its operation reads the resource's
 * status until it shows the result.
 */
export async function controlResource(
  { account, client, serviceWindow }: CoolifyAccount,
  ctx: CallContext,
  resource: LocatedResource,
  action: SiteAction,
): Promise<WriteResult> {
  const uuid = resourceUuid(resource);
  const name = `${resource.kind} ${resourceName(resource)}`;
  const op = OPS[resource.kind][action];
  if (resource.kind === 'application' && action !== 'stop') {
    const answer = await client.call(op, { params: { uuid } }, v.queued, ctx);
    if (!answer.deployment_uuid) {
      return {
        message: `Coolify did not queue a ${action} of ${name}.`,
        next_steps: [`${verb('deployments.list')} shows whether one is already queued or running.`],
      };
    }
    const deployment = await queuedDeployment(client, ctx, answer.deployment_uuid);
    return {
      message: `Coolify queued a ${action} of ${name} as deployment ${deployment.deployment_uuid}.`,
      operation: deploymentOperation(account, uuid, deployment),
    };
  }
  const requestedAt = Date.now();
  await client.call(
    op,
    { params: { uuid }, ...(action === 'stop' ? { destroys: offline(resource) } : {}) },
    v.message,
    ctx,
  );
  const target = { resource: resource.kind, uuid, name: resourceName(resource), status: statusOf(resource) };
  return {
    message: `Coolify is ${action === 'stop' ? 'stopping' : action === 'start' ? 'starting' : 'restarting'} ${name}.`,
    operation: controlOperation(account, target, WANT[action], requestedAt, requestedAt, serviceWindow),
  };
}

function statusOf(resource: LocatedResource): string {
  const status =
    resource.kind === 'application'
      ? resource.app.status
      : resource.kind === 'service'
        ? resource.service.status
        : resource.database.status;
  return status || 'unknown';
}

/** What a stop takes offline, in the words a person confirms. */
function offline(resource: LocatedResource): string {
  switch (resource.kind) {
    case 'application': {
      const hosts = parseDomains(resource.app.fqdn).map((domain) => domain.host);
      return `stops application ${resource.app.name}${hosts.length ? ` (${hosts.join(', ')})` : ''}: it is offline until started again`;
    }
    case 'service':
      return `stops every container of service ${resource.service.name}: it is offline until started again`;
    case 'database':
      return `stops database ${resource.database.name}: everything that uses it fails until it is started again`;
  }
}

/** Coolify restarts a server's proxy; it has no reboot. */
export function coolifyServerControl({
  account,
  client,
  refs,
  serviceWindow,
}: CoolifyAccount): ServerControlCapability {
  return {
    actions: ['restart_service'],
    services: ['proxy'],
    run: async (ctx, ref, action, service): Promise<WriteResult> => {
      if (action === 'reboot') {
        throw new HostingError('unsupported', 'Coolify cannot reboot a server: its API has no reboot.', {
          hint: `Reboot it over SSH (sudo reboot) or at its cloud provider; ${verb('serverControl.run')} with action restart_service and service "proxy" restarts Coolify's proxy on it.`,
        });
      }
      const wanted = (service ?? 'proxy').trim().toLowerCase();
      if (!['proxy', 'traefik', 'caddy'].includes(wanted)) {
        throw new HostingError('invalid_argument', `Coolify cannot restart "${service}".`, {
          hint: `Coolify restarts the server's proxy only (service "proxy"); ${verb('siteControl.run')} restarts applications, services and databases.`,
        });
      }
      const server = await refs.server(ctx, ref);
      const kind = proxyType(server);
      if (kind === 'none') {
        throw new HostingError('invalid_argument', `Server ${server.name} runs no proxy.`, {
          hint: 'Its proxy type is none: nothing routes its domains, so there is nothing to restart.',
        });
      }
      const requestedAt = Date.now();
      await client.call('restart-server-proxy', { params: { uuid: server.uuid } }, v.message, ctx);
      const target = {
        resource: 'proxy' as const,
        uuid: server.uuid,
        name: server.name,
        status: server.proxy?.status || 'unknown',
      };
      return {
        message: `Coolify is restarting the ${kind ? `${kind} ` : ''}proxy of server ${server.name}: its sites are unreachable for a few seconds.`,
        operation: controlOperation(account, target, 'restarted', requestedAt, requestedAt, serviceWindow),
      };
    },
  };
}
