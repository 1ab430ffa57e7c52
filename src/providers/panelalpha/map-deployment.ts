import { isDone } from '../kit/status-map.js';
import { tail } from '../shared.js';
import type { Deployment, Operation } from '../types.js';
import { panelalphaHandles } from './handles.js';
import type { PaTask } from './schemas.js';
import { taskState } from './states.js';

/** A push of a staging copy to live, as a deployment of the live site. */
export function mapDeployment(account: string, siteId: string, task: PaTask): Deployment {
  const state = taskState(task.status);
  return {
    id: task.id,
    site_id: siteId,
    state,
    status: task.status,
    commit: null,
    started_at: task.started_at ?? task.created_at ?? null,
    ended_at: isDone(state) ? (task.finished_at ?? null) : null,
    operation_id: panelalphaHandles.encode(account, 'deployment', { task: task.id, site: siteId }),
  };
}

/**
 * A push to live (or a restore of a backup), followed through its admin task; a failed one
 * carries the end of its log.
 */
export function taskOperation(
  account: string,
  siteId: string,
  task: PaTask,
  kind: 'deployment' | 'restore' = 'deployment',
): Operation {
  const deployment = mapDeployment(account, siteId, task);
  const logText = taskText(task);
  return {
    id:
      kind === 'deployment'
        ? deployment.operation_id
        : panelalphaHandles.encode(account, kind, { task: task.id, site: siteId }),
    kind,
    state: deployment.state,
    done: isDone(deployment.state),
    status: task.status,
    description: task.name ? `Task ${task.id}: ${task.name}` : `Task ${task.id}`,
    started_at: deployment.started_at,
    ended_at: deployment.ended_at,
    server_id: task.server_id,
    site_id: siteId,
    ...(deployment.state === 'failed' && logText ? { log_tail: tail(logText) } : {}),
  };
}

/** A task's log with its error appended, unless the log already ends with it. */
export function taskText(task: PaTask): string {
  const log = task.log ?? '';
  if (!task.error || log.trimEnd().endsWith(task.error.trim())) return log;
  return log ? `${log}\n${task.error}` : task.error;
}

/** One task as one line of the task history. */
export function taskLine(task: PaTask): string {
  return [task.created_at, `[task ${task.id}]`, task.name ?? task.type ?? 'task', `— ${task.status}`]
    .filter(Boolean)
    .join(' ');
}
