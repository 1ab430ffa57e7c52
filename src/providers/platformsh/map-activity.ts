import { isDone } from '../kit/status-map.js';
import { compact } from '../shared.js';
import type { Operation } from '../types.js';
import { platformshHandles } from './handles.js';
import { siteId } from './map-site.js';
import type { PlatformshActivity } from './schemas.js';
import { activityState, activityStatus } from './states.js';

/** Activity types that end in a deployment of the environment. */
const DEPLOYING = new Set([
  'environment.push',
  'environment.redeploy',
  'environment.activate',
  'environment.resume',
  'environment.branch',
  'environment.merge',
  'environment.synchronize',
  'environment.initialize',
  'environment.restore',
  'environment.deploy',
  'environment.source-operation',
  // A variable change redeploys the environment it is on.
  'environment.variable.create',
  'environment.variable.update',
  'environment.variable.delete',
]);

export function isDeploying(activity: Pick<PlatformshActivity, 'type'>): boolean {
  return DEPLOYING.has(activity.type);
}

/**
 * Operation handle of an activity, as seen from one environment: an activity can span several
 * (a branch touches the parent and the child), and the site it reports is the one asked about.
 */
export function activityHandle(
  account: string,
  projectId: string,
  activity: PlatformshActivity,
  environmentId = activity.environments?.[0],
): string {
  return environmentId
    ? platformshHandles.encode(account, 'activity', {
        project: projectId,
        activity: activity.id,
        environment: environmentId,
      })
    : platformshHandles.encode(account, 'project-activity', { project: projectId, activity: activity.id });
}

/** When the activity finished, if it has: completed or cancelled. */
export function activityEnd(activity: PlatformshActivity): string | null {
  return isDone(activityState(activity)) ? (activity.completed_at ?? activity.cancelled_at ?? null) : null;
}

export function activityOperation(
  account: string,
  projectId: string,
  activity: PlatformshActivity,
  environmentId = activity.environments?.[0],
): Operation {
  const state = activityState(activity);
  return {
    id: activityHandle(account, projectId, activity, environmentId),
    kind: 'activity',
    state,
    done: isDone(state),
    status: activityStatus(activity),
    description: `Activity ${activity.id} (${activity.type})${environmentId ? ` on environment ${environmentId}` : ''}`,
    started_at: activity.started_at ?? activity.created_at ?? null,
    ended_at: activityEnd(activity),
    server_id: projectId,
    site_id: environmentId ? siteId(projectId, environmentId) : null,
    details: compact({
      type: activity.type,
      completion_percent: activity.completion_percent,
      // A backup activity names the backup it made (the id list_backups and restores take).
      backup: typeof activity.payload?.backup_name === 'string' ? activity.payload.backup_name : undefined,
    }),
  };
}
