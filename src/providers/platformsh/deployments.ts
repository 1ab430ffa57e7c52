import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http.js';
import { verb } from '../kit/hints.js';
import { parseInput } from '../shared.js';
import type { Deployment, DeploymentsCapability, WriteResult } from '../types.js';
import type { PlatformshAccount } from './account.js';
import { environmentActivities, startedActivity } from './activities.js';
import type { PlatformshClient } from './client.js';
import { activityOperation, isDeploying } from './map-activity.js';
import { mapDeployment } from './map-deployment.js';
import * as v from './schemas.js';

const deployInput = z.object({
  activate: z
    .boolean()
    .default(false)
    .describe('Platform.sh: activate an inactive (or resume a paused) environment; starts billed resources.'),
});

/** The write a deploy is, by the environment's status, and the activity it starts. */
const ACTIONS = {
  redeploy: { id: 'redeploy-environment', starts: 'environment.redeploy', doing: 'redeploying' },
  activate: { id: 'activate-environment', starts: 'environment.activate', doing: 'activating' },
  resume: { id: 'resume-environment', starts: 'environment.resume', doing: 'resuming' },
} as const;

/** Deploying an environment is an activity: a redeploy, or its activation when asked for. */
export function platformshDeployments({
  title,
  account,
  client,
  refs,
}: PlatformshAccount): DeploymentsCapability {
  return {
    deploy: {
      input: deployInput,
      run: async (ctx, ref, raw): Promise<WriteResult> => {
        const input = parseInput(deployInput, raw, verb('deployments.deploy'), title);
        const { projectId, env } = await refs.environment(ctx, ref);
        const kind = deployAction(env, input.activate);
        const action = ACTIONS[kind];
        const { activities } = await client.act(
          action.id,
          { projectId, environmentId: env.id },
          action.id === 'activate-environment' ? { resources: null } : undefined,
          ctx,
        );
        const activity = await startedActivity(client, ctx, projectId, env.id, activities, action.starts);
        if (!activity) {
          return {
            message: `Platform.sh accepted the ${kind} of ${env.id} but named no activity.`,
            next_steps: [`Check ${verb('deployments.list')} in a moment: the activity should appear there.`],
          };
        }
        const commit = await headCommit(client, ctx, projectId, env).catch(() => null);
        return {
          message: `Platform.sh is ${action.doing} environment ${env.id} of project ${projectId} (activity ${activity.id}).`,
          operation: activityOperation(account, projectId, activity, env.id),
          resource: mapDeployment(account, projectId, activity, { environmentId: env.id, commit }),
          next_steps: [
            `${verb('deployments.deploy')} redeploys the current commit; to ship new code, git push to the environment’s branch.`,
          ],
        };
      },
    },
    list: async (ctx, ref, query) => {
      const { projectId, env } = await refs.environment(ctx, ref);
      const deploying = (await environmentActivities(client, ctx, projectId, env.id)).filter(isDeploying);
      return {
        items: deploying
          .slice(0, query.limit)
          .map((a) => mapDeployment(account, projectId, a, { environmentId: env.id })),
        truncated: deploying.length > query.limit,
      };
    },
  };
}

/** Redeploy when active; activate or resume only when asked, since that starts billed resources. */
function deployAction(env: v.PlatformshEnvironment, activate: boolean): keyof typeof ACTIONS {
  switch (env.status) {
    case 'active':
    case 'dirty':
      return 'redeploy';
    case 'inactive':
      if (activate) return 'activate';
      throw new HostingError(
        'conflict',
        `Environment ${env.id} is inactive, so there is nothing to redeploy.`,
        {
          hint: 'Pass activate: true to activate it (this starts billed resources), or deploy another environment.',
        },
      );
    case 'paused':
      if (activate) return 'resume';
      throw new HostingError('conflict', `Environment ${env.id} is paused.`, {
        hint: 'Pass activate: true to resume it, then deploy.',
      });
    default:
      throw new HostingError(
        'conflict',
        `Environment ${env.id} is ${env.status} and cannot be deployed now.`,
        {
          hint: `Check it with ${verb('sites.get')} and retry once it is active.`,
        },
      );
  }
}

/** The commit an environment runs: its head, or its branch ref when the head is not reported. */
async function headCommit(
  client: PlatformshClient,
  ctx: RequestContext,
  projectId: string,
  env: v.PlatformshEnvironment,
): Promise<Deployment['commit']> {
  const sha =
    env.head_commit ??
    (
      await client.get(
        'get-projects-git-refs',
        { projectId, repositoryRefId: `heads/${env.id}` },
        v.gitRef,
        ctx,
      )
    ).object.sha;
  const commit = await client.get(
    'get-projects-git-commits',
    { projectId, repositoryCommitId: sha },
    v.gitCommit,
    ctx,
  );
  return {
    hash: commit.sha,
    message: commit.message?.split('\n')[0] ?? null,
    author: commit.author?.name ?? null,
    branch: env.id,
  };
}
