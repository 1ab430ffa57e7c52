import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import type { ServerControlCapability, WriteResult } from '../types.js';
import type { ForgeAccount } from './account.js';
import { forgeCatalog } from './catalog.gen.js';
import { forgeHandles } from './handles.js';

/** PHP versions Forge's document names (PhpVersion), e.g. php83. */
const phpVersions = () => (forgeCatalog.schemas.PhpVersion?.enum ?? []) as string[];

/** Forge's service action endpoints, by the service names users say. */
const SERVICES = ['nginx', 'mysql', 'postgres', 'redis', 'supervisor', 'php'] as const;

const SERVICE_OPS = {
  nginx: 'organizations.servers.services.nginx.actions.store',
  mysql: 'organizations.servers.services.mysql.actions.store',
  postgres: 'organizations.servers.services.postgres.actions.store',
  redis: 'organizations.servers.services.redis.actions.store',
  supervisor: 'organizations.servers.services.supervisor.actions.store',
  php: 'organizations.servers.services.php.actions.store',
} as const;

/**
 * Service restarts and server reboots. Forge calls a restart `reboot` in its service actions and
 * reports no status for them (its server events show them); a server reboot is followed by the
 * server's connection status.
 */
export function forgeServerControl({ client, refs, account }: ForgeAccount): ServerControlCapability {
  return {
    actions: ['restart_service', 'reboot'],
    services: [...SERVICES, 'php8.4', 'php8.3'],
    run: async (ctx, ref, action, service): Promise<WriteResult> => {
      const server = await refs.server(ctx, ref);
      const name = server.attributes.name;
      if (action === 'reboot') {
        await client.send(
          'organizations.servers.actions.store',
          {
            params: { server: server.id },
            body: { action: 'reboot' },
            destroys: `reboots server ${name}: every site on it is down until it is back`,
          },
          ctx,
        );
        return {
          message: `Forge is rebooting server ${name}.`,
          operation: {
            id: forgeHandles.encode(account, 'reboot', { server: server.id }),
            kind: 'reboot',
            state: 'running',
            done: false,
            status: 'rebooting',
            description: `Reboot of server ${name}`,
            started_at: new Date().toISOString(),
            ended_at: null,
            server_id: server.id,
          },
        };
      }
      const wanted = (service ?? '').trim().toLowerCase();
      const php = /^php(\d)\.?(\d+)$/.exec(wanted);
      const key = php ? 'php' : (wanted as (typeof SERVICES)[number]);
      // Own keys only: a service called "constructor" must not find Object.prototype's.
      if (!Object.hasOwn(SERVICE_OPS, key)) {
        throw new HostingError('invalid_argument', `Forge cannot restart "${service ?? ''}".`, {
          hint: `Services: ${SERVICES.join(', ')} (php takes its version, e.g. php8.3).`,
        });
      }
      const version = php ? `php${php[1]}${php[2]}` : server.attributes.php_version;
      if (key === 'php' && !phpVersions().includes(version ?? '')) {
        throw new HostingError('invalid_argument', 'Say which PHP to restart, e.g. php8.3.', {
          hint: `Installed on ${name}: ${server.attributes.php_version ?? 'unknown'}.`,
        });
      }
      await client.send(
        SERVICE_OPS[key],
        {
          params: { server: server.id },
          body: key === 'php' ? { action: 'reboot', version } : { action: 'reboot' },
        },
        ctx,
      );
      return {
        message: `Forge is restarting ${key === 'php' ? version : key} on ${name}.`,
        next_steps: [
          `Forge reports no status for service restarts; ${verb('logs.read')} with source "events" shows when it ran.`,
        ],
      };
    },
  };
}
