import { isDone } from '../kit/status-map.js';
import type { Operation, OperationState } from '../types.js';
import { epochIso } from './epoch.js';
import { type AppOperationKind, serverpilotHandles } from './handles.js';
import type { SpAction } from './schemas.js';
import { actionState } from './states.js';

/** An action as a write's response names it: open until GET /actions/{id} says otherwise. */
export function openAction(id: string, serverid: string | null | undefined): SpAction {
  return { id, serverid: serverid ?? null, status: 'open', datecreated: null };
}

/** The worst status wins: any error fails the operation, anything unfinished keeps it running. */
export function combineActions(actions: readonly SpAction[]): { state: OperationState; status: string } {
  const failed = actions.find((a) => actionState(a.status) === 'failed');
  if (failed) return { state: 'failed', status: failed.status };
  const unfinished = actions.find((a) => actionState(a.status) !== 'succeeded');
  if (unfinished) return { state: 'running', status: unfinished.status };
  return { state: 'succeeded', status: 'success' };
}

export function actionsStartedAt(actions: readonly SpAction[]): string | null {
  const times = actions.map((a) => a.datecreated).filter((t): t is number => typeof t === 'number');
  return times.length ? epochIso(Math.min(...times)) : null;
}

const DESCRIPTIONS: Record<AppOperationKind, string> = {
  site: 'Setup of app',
  certificate: 'AutoSSL/ForceSSL change on app',
  domains: 'Domain change on app',
  database: 'Database creation for app',
};

/** An app-level operation (create app, domains, SSL): the combined state of its actions. */
export function appOperation(
  account: string,
  kind: AppOperationKind,
  appId: string,
  actions: readonly SpAction[],
): Operation {
  const { state, status } = combineActions(actions);
  return {
    id: serverpilotHandles.encode(account, kind, { app: appId, actions: actions.map((a) => a.id) }),
    kind,
    state,
    done: isDone(state),
    status,
    description: `${DESCRIPTIONS[kind]} ${appId}`,
    started_at: actionsStartedAt(actions),
    ended_at: null,
    server_id: actions.find((a) => a.serverid)?.serverid ?? null,
    site_id: appId,
    details:
      actions.length > 1 ? { actions: actions.map((a) => ({ id: a.id, status: a.status })) } : undefined,
  };
}
