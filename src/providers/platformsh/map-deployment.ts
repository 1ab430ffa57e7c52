import type { Deployment } from '../types.js';
import { activityEnd, activityHandle } from './map-activity.js';
import { siteId } from './map-site.js';
import type { PlatformshActivity } from './schemas.js';
import { activityState, activityStatus } from './states.js';

/** The commit a push carried, read leniently from the activity payload. */
function pushedCommit(activity: PlatformshActivity): Deployment['commit'] {
  const commits = activity.payload?.commits;
  if (!Array.isArray(commits) || commits.length === 0) return null;
  const last = commits[commits.length - 1] as Record<string, unknown>;
  const author = last.author as Record<string, unknown> | undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    hash: text(last.sha),
    message: text(last.message),
    author: text(author?.name),
    branch: activity.environments?.[0] ?? null,
  };
}

/** An activity that deploys an environment, as a deployment of that environment (the site). */
export function mapDeployment(
  account: string,
  projectId: string,
  activity: PlatformshActivity,
  options: { environmentId?: string; commit?: Deployment['commit'] } = {},
): Deployment {
  const env = options.environmentId ?? activity.environments?.[0] ?? '';
  return {
    id: activity.id,
    site_id: siteId(projectId, env),
    state: activityState(activity),
    status: activityStatus(activity),
    commit: options.commit ?? pushedCommit(activity),
    started_at: activity.started_at ?? activity.created_at ?? null,
    ended_at: activityEnd(activity),
    operation_id: activityHandle(account, projectId, activity, env || undefined),
  };
}
