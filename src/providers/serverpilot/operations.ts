import { needId } from '../shared.js';
import type { OperationsCapability } from '../types.js';
import type { ServerPilotAccount } from './account.js';
import { serverpilotHandles } from './handles.js';
import { appOperation } from './map-action.js';
import { serverOperation } from './map-server.js';
import * as v from './schemas.js';

/** The installer takes minutes; actions usually seconds. ServerPilot documents no interval. */
const SERVER_POLL_MS = 15_000;
const ACTION_POLL_MS = 5_000;

/** Every operation is its actions, each read from GET /actions/{id}; a server's also waits for its agent. */
export function serverpilotOperations({ account, client }: ServerPilotAccount): OperationsCapability {
  return {
    pollIntervalMs: (handle) => (handle.kind === 'server' ? SERVER_POLL_MS : ACTION_POLL_MS),
    get: async (ctx, handle) => {
      const op = serverpilotHandles.read(handle);
      const actions = () =>
        Promise.all(op.ids.actions.map((id) => client.read('get-action', { id }, v.action, ctx)));
      if (op.kind === 'server') {
        const [server, found] = await Promise.all([
          client.read('get-server', { id: op.ids.server }, v.server, ctx),
          actions(),
        ]);
        return serverOperation(account, server, found);
      }
      // An app's operation exists only because a write started an action.
      needId(op.ids.actions[0]);
      return appOperation(account, op.kind, op.ids.app, await actions());
    },
  };
}
