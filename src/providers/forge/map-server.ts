import { compact } from '../shared.js';
import type { Operation, Server } from '../types.js';
import { forgeHandles } from './handles.js';
import type { ForgeServer } from './schemas.js';

/** A Forge server, allow-listed: credentials and keys Forge returns are never copied. */
export function mapServer(server: ForgeServer): Server {
  const a = server.attributes;
  return {
    id: server.id,
    name: a.name,
    status: a.is_ready ? (a.connection_status ?? 'ready') : 'provisioning',
    ready: a.is_ready,
    ip_address: a.ip_address ?? null,
    region: a.region ?? null,
    size: a.size ?? null,
    created_at: a.created_at ?? null,
    details: compact({
      cloud: a.provider,
      type: a.type,
      php_version: a.php_version,
      ubuntu_version: a.ubuntu_version,
      database_type: a.database_type,
      private_ip_address: a.private_ip_address,
      revoked: a.revoked,
    }),
  };
}

/** Provisioning, followed until Forge marks the server ready. */
export function serverOperation(account: string, server: ForgeServer): Operation {
  const mapped = mapServer(server);
  return {
    id: forgeHandles.encode(account, 'server', { server: server.id }),
    kind: 'server',
    state: mapped.ready ? 'succeeded' : 'running',
    done: mapped.ready,
    status: mapped.status,
    description: `Provisioning of server ${mapped.name} (${server.id})`,
    started_at: mapped.created_at,
    ended_at: null,
    server_id: server.id,
    details: compact({ ip_address: mapped.ip_address }),
  };
}
