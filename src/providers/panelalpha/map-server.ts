import { isDone } from '../kit/status-map.js';
import { compact } from '../shared.js';
import type { Operation, Server } from '../types.js';
import { panelalphaHandles } from './handles.js';
import type { PaServer } from './schemas.js';
import { serverState } from './states.js';

/** A hosting server, allow-listed: the panel credentials in `connection_config` are never copied. */
export function mapServer(server: PaServer): Server {
  return {
    id: server.id,
    name: server.name,
    status: server.status ?? 'unknown',
    ready: serverState(server.status) === 'succeeded',
    ip_address: server.ip_address ?? null,
    region: null,
    size: null,
    created_at: server.created_at ?? null,
    details: compact({
      type: server.type,
      hostname: server.hostname,
      server_groups: server.server_groups?.length
        ? server.server_groups.map((g) => g.name ?? g.id).filter(Boolean)
        : undefined,
    }),
  };
}

/** Setup of a hosting server the panel was just given, followed until it is active. */
export function serverOperation(account: string, server: PaServer): Operation {
  const state = serverState(server.status);
  return {
    id: panelalphaHandles.encode(account, 'server', { server: server.id }),
    kind: 'server',
    state,
    done: isDone(state),
    status: server.status ?? 'unknown',
    description: `Setup of hosting server ${server.name} (${server.id})`,
    started_at: server.created_at ?? null,
    ended_at: null,
    server_id: server.id,
  };
}
