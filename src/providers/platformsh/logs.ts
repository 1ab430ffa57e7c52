import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { logNeeds, unknownLogSource } from '../shared.js';
import type { CallContext, LogRequest, LogSource, LogsCapability, LogText } from '../types.js';
import type { PlatformshAccount } from './account.js';
import { environmentActivities, newestFirst } from './activities.js';
import { isDeploying } from './map-activity.js';
import * as v from './schemas.js';
import { activityState, activityStatus } from './states.js';

const LOG_SOURCES: readonly LogSource[] = [
  {
    id: 'deployment',
    needs: 'site',
    description: 'build/deploy log of an activity (id = activity id, default latest). Runtime logs: SSH only',
  },
  {
    id: 'activity',
    needs: 'server',
    description: 'log of any project activity (id = activity id, default latest)',
  },
];

/** Platform.sh logs are activity logs; runtime logs are only reachable over SSH. */
export function platformshLogs(psh: PlatformshAccount): LogsCapability {
  return { sources: LOG_SOURCES, read: (ctx, request) => readLog(psh, ctx, request) };
}

async function readLog(psh: PlatformshAccount, ctx: CallContext, request: LogRequest): Promise<LogText> {
  const { title, client, refs } = psh;
  const byId = (projectId: string, activityId: string) =>
    client.get('get-projects-activities', { projectId, activityId }, v.activity, ctx);
  let projectId: string;
  let activity: v.PlatformshActivity | undefined;
  let where: string;
  if (request.source === 'deployment') {
    if (!request.site) throw logNeeds('site', request.source);
    const found = await refs.environment(ctx, { site: request.site, server: request.server });
    projectId = found.projectId;
    where = `environment ${found.env.id}`;
    if (request.id) {
      activity = await byId(projectId, request.id);
      if (activity.environments && !activity.environments.includes(found.env.id)) {
        throw new HostingError('not_found', `Activity ${request.id} is not on environment ${found.env.id}.`, {
          hint: `Use ${verb('deployments.list')} on this site, or ${verb('logs.read')} source "activity" with the project.`,
        });
      }
    } else {
      activity = (await environmentActivities(client, ctx, projectId, found.env.id)).find(isDeploying);
    }
  } else if (request.source === 'activity') {
    if (!request.server) throw logNeeds('server', request.source);
    projectId = await refs.projectId(ctx, request.server);
    where = `project ${projectId}`;
    activity = request.id
      ? await byId(projectId, request.id)
      : newestFirst(await client.get('list-projects-activities', { projectId }, z.array(v.activity), ctx))[0];
  } else {
    throw unknownLogSource(title, request.source, LOG_SOURCES);
  }
  if (!activity) {
    throw new HostingError('not_found', `No activity with a log on ${where} yet.`, {
      hint:
        request.source === 'deployment'
          ? `Run ${verb('deployments.deploy')} first.`
          : 'Nothing has happened on it yet.',
    });
  }
  const log = await client.activityLog(activity, ctx);
  const state = activityState(activity);
  return {
    label: `activity ${activity.id} (${activity.type}, ${activityStatus(activity)}) of ${where}`,
    text: log.text,
    complete: log.sealed || (state !== 'pending' && state !== 'running'),
  };
}
