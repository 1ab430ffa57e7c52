import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import type { SiteAction, SiteControlCapability, WriteResult } from '../types.js';
import type { PlatformshAccount } from './account.js';
import { startedActivity } from './activities.js';
import { activityOperation } from './map-activity.js';
import type { PlatformshEnvironment } from './schemas.js';

/** What each action is on Platform.sh, the environment status it needs, and the activity it starts. */
const ACTIONS = {
  start: {
    id: 'resume-environment',
    needs: 'paused',
    starts: 'environment.resume',
    doing: 'resuming',
    done: 'started',
  },
  stop: {
    id: 'pause-environment',
    needs: 'active',
    starts: 'environment.pause',
    doing: 'pausing',
    done: 'stopped',
  },
  restart: {
    id: 'redeploy-environment',
    needs: 'active',
    starts: 'environment.redeploy',
    doing: 'redeploying',
    done: 'restarted',
  },
} as const;

/**
 * An environment started, stopped and restarted: resume, pause (every app and service stops; the
 * router answers with a paused page) and redeploy (every app and service restarts). Each is an
 * activity followed to its end; the environment's status changes when it completes.
 */
export function platformshSiteControl({ account, client, refs }: PlatformshAccount): SiteControlCapability {
  return {
    actions: ['start', 'stop', 'restart'],
    run: async (ctx, ref, action): Promise<WriteResult> => {
      const { projectId, env } = await refs.environment(ctx, ref);
      const name = `environment ${env.id} of project ${projectId}`;
      const done = alreadyThere(env, action);
      if (done) return { message: `${name[0]!.toUpperCase()}${name.slice(1)} ${done}; nothing was sent.` };
      refuseFrom(env, action);
      const step = ACTIONS[action];
      const { activities } = await client.act(
        step.id,
        { projectId, environmentId: env.id },
        undefined,
        ctx,
        action === 'stop'
          ? `pauses ${name}: its apps, services and cron jobs stop, and its site serves nothing until it is resumed`
          : undefined,
      );
      const activity = await startedActivity(client, ctx, projectId, env.id, activities, step.starts);
      if (!activity) {
        return {
          message: `Platform.sh accepted the request (${step.id}) for ${name} but named no activity.`,
          next_steps: [`Check ${verb('sites.get')} in a moment: its status shows the outcome.`],
        };
      }
      return {
        message: `Platform.sh is ${step.doing} ${name} (activity ${activity.id}).`,
        operation: activityOperation(account, projectId, activity, env.id),
        next_steps:
          action === 'stop'
            ? [`${verb('siteControl.run')} start resumes it; a paused environment keeps its data.`]
            : [],
      };
    },
  };
}

/** Words for an environment already where the action would take it. */
function alreadyThere(env: PlatformshEnvironment, action: SiteAction): string | undefined {
  if (action === 'start' && (env.status === 'active' || env.status === 'dirty')) return 'is already running';
  if (action === 'stop' && env.status === 'paused') return 'is already paused';
  return undefined;
}

function refuseFrom(env: PlatformshEnvironment, action: SiteAction): void {
  const needs = ACTIONS[action].needs;
  if (env.status === needs || (needs === 'active' && env.status === 'dirty')) return;
  const hint =
    env.status === 'inactive'
      ? `An inactive environment has no running apps: ${verb('deployments.deploy')} with activate: true activates it (this starts billed resources).`
      : env.status === 'paused'
        ? `It is paused: ${verb('siteControl.run')} start resumes it first.`
        : `Check it with ${verb('sites.get')} and try again once it is active.`;
  throw new HostingError(
    'conflict',
    `Environment ${env.id} is ${env.status}: it cannot be ${ACTIONS[action].done} now.`,
    {
      hint,
    },
  );
}
