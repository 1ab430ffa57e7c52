import { isDone } from '../kit/status-map.js';
import type { Operation, OperationState } from '../types.js';
import { coolifyHandles } from './handles.js';
import type { ServiceWindow } from './map-service-restart.js';
import { isRunning } from './map-site.js';

/** What a control action waits for: the resource running, stopped, or running again after a restart. */
export type Want = 'running' | 'exited' | 'restarted';
export const WANTS: readonly Want[] = ['running', 'exited', 'restarted'];

/** What Coolify keeps no job for but reports a status of. */
export type Controlled = 'application' | 'service' | 'database' | 'proxy';
export const CONTROLLED: readonly Controlled[] = ['application', 'service', 'database', 'proxy'];

/** The resource as read now: its name and Coolify's status word (e.g. running:healthy, exited). */
export interface ControlTarget {
  resource: Controlled;
  uuid: string;
  name: string;
  status: string;
}

function healthy(status: string): boolean {
  return isRunning(status) && !status.includes('unhealthy');
}

function stopped(status: string): boolean {
  return /^(exited|stopped)/.test(status);
}

/**
 * The state of a control action from the status alone. Reaching running (from stopped) or exited
 * (from running) is a change Coolify's status cannot show early; after a restart it can still show
 * the old running status, so it is trusted only once the grace window has passed. Whatever has
 * not settled when the give-up time passes failed.
 */
export function settledState(
  status: string,
  want: Want,
  elapsedMs: number,
  window: ServiceWindow,
): OperationState {
  const reached =
    want === 'exited'
      ? stopped(status)
      : healthy(status) && (want === 'running' || elapsedMs >= window.graceMs);
  if (reached) return 'succeeded';
  return elapsedMs >= window.giveUpMs ? 'failed' : 'running';
}

const VERBS: Record<Want, string> = { running: 'Start', exited: 'Stop', restarted: 'Restart' };

export function controlOperation(
  account: string,
  target: ControlTarget,
  want: Want,
  requestedAt: number,
  now: number,
  window: ServiceWindow,
): Operation {
  const state = settledState(target.status, want, now - requestedAt, window);
  return {
    id: coolifyHandles.encode(account, 'control', {
      resource: target.resource,
      uuid: target.uuid,
      want,
      requested_at: String(requestedAt),
    }),
    kind: 'control',
    state,
    done: isDone(state),
    status: target.status,
    description:
      target.resource === 'proxy'
        ? `${VERBS[want]} of the proxy of server ${target.name} (${target.uuid})`
        : `${VERBS[want]} of ${target.resource} ${target.name} (${target.uuid})`,
    started_at: new Date(requestedAt).toISOString(),
    ended_at: null,
    ...(target.resource === 'proxy' ? { server_id: target.uuid } : { site_id: target.uuid }),
    details: {
      note: `Coolify tracks no job for this; the state is read from the ${target.resource}'s status.`,
    },
  };
}
