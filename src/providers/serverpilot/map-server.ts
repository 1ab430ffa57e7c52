import { isDone } from '../kit/status-map.js';
import { compact } from '../shared.js';
import type { Operation, OperationState, Server } from '../types.js';
import { epochIso } from './epoch.js';
import { serverpilotHandles } from './handles.js';
import { combineActions } from './map-action.js';
import type { SpAction, SpServer } from './schemas.js';

/**
 * ServerPilot reports no server status, only when the server's agent last called in. A server
 * whose agent never called in is waiting for someone to run the installer on it.
 */
export function isConnected(server: SpServer): boolean {
  return server.lastconn !== null && server.lastconn !== undefined;
}

/** A ServerPilot server, allow-listed: its API key is never copied. */
export function mapServer(server: SpServer): Server {
  const connected = isConnected(server);
  return {
    id: server.id,
    name: server.name,
    status: connected ? 'connected' : 'awaiting_installer',
    ready: connected,
    ip_address: server.lastaddress ?? null,
    region: null,
    size: null,
    created_at: epochIso(server.datecreated),
    details: compact({
      plan: server.plan,
      last_connected_at: epochIso(server.lastconn),
      available_runtimes: server.available_runtimes,
      firewall: server.firewall,
      autoupdates: server.autoupdates,
      deny_unknown_domains: server.deny_unknown_domains,
    }),
  };
}

/**
 * A registered server is done when its agent has connected (the installer ran) and the
 * registration action, if any, has finished. Both are checked because the reference does not say
 * whether that action waits for the installer: the connection is the signal that cannot lie.
 */
export function serverOperation(account: string, server: SpServer, actions: readonly SpAction[]): Operation {
  const combined = combineActions(actions);
  let state: OperationState;
  let status: string;
  if (combined.state === 'failed') {
    state = 'failed';
    status = combined.status;
  } else if (!isConnected(server)) {
    state = 'pending';
    status = 'awaiting_installer';
  } else if (combined.state === 'running') {
    state = 'running';
    status = combined.status;
  } else {
    state = 'succeeded';
    status = 'connected';
  }
  return {
    id: serverpilotHandles.encode(account, 'server', {
      server: server.id,
      actions: actions.map((a) => a.id),
    }),
    kind: 'server',
    state,
    done: isDone(state),
    status,
    description: `Installation and connection of server ${server.id} (${server.name})`,
    started_at: epochIso(server.datecreated),
    ended_at: null,
    server_id: server.id,
    details: compact({
      ip_address: server.lastaddress,
      last_connected_at: epochIso(server.lastconn),
      actions: actions.length ? actions.map((a) => ({ id: a.id, status: a.status })) : undefined,
    }),
  };
}
