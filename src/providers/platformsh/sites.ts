import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { matchRef } from '../kit/resolve-ref.js';
import { parseInput, targetServer } from '../shared.js';
import type { SitesCapability, WriteResult } from '../types.js';
import type { PlatformshAccount } from './account.js';
import { latestActivity } from './activities.js';
import { activityOperation } from './map-activity.js';
import { mapSite, siteId } from './map-site.js';
import * as v from './schemas.js';

/** branch-environment: a new environment cut from a parent. */
const createSiteInput = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64')
    .describe('Platform.sh: name of the new environment (its git branch).'),
  parent: z
    .string()
    .min(1)
    .optional()
    .describe('Platform.sh: environment to branch from (default: the production branch).'),
  title: z.string().min(1).max(100).optional().describe('Platform.sh: environment title (default: name).'),
  environment_type: z
    .enum(['development', 'staging'])
    .default('development')
    .describe('Platform.sh: development (default) or staging.'),
  clone_parent: z.boolean().default(true).describe("Platform.sh: copy the parent's data (default true)."),
});

/** Environments as sites; a new one is branched from a parent in the same project. */
export function platformshSites({ title, account, client, refs }: PlatformshAccount): SitesCapability {
  return {
    list: async (ctx, query) => {
      const scope = query.server
        ? { projectIds: [await refs.projectId(ctx, query.server)], truncated: false }
        : await refs
            .scannableProjects(ctx)
            .then((s) => ({ projectIds: s.projects.map((p) => p.projectId), truncated: s.truncated }));
      const all = (await refs.environmentsOf(ctx, scope.projectIds)).map(({ projectId, env }) =>
        mapSite(projectId, env),
      );
      // Without `server` only the first projects are read: say so rather than look complete.
      return { items: all.slice(0, query.limit), truncated: scope.truncated || all.length > query.limit };
    },
    get: async (ctx, ref) => {
      const { projectId, env } = await refs.environment(ctx, ref);
      return mapSite(projectId, env);
    },
    create: {
      input: createSiteInput,
      run: async (ctx, target, raw): Promise<WriteResult> => {
        const input = parseInput(createSiteInput, raw, verb('sites.create'), title);
        const serverRef = targetServer(
          target,
          'Platform.sh branches an environment inside a project',
          `Use ${verb('servers.list')} to pick the project.`,
        );
        const projectId = await refs.projectId(ctx, serverRef);
        const environments = await refs.environments(ctx, projectId);
        if (environments.some((e) => e.id.toLowerCase() === input.name.toLowerCase())) {
          throw new HostingError(
            'conflict',
            `Project ${projectId} already has an environment "${input.name}".`,
            { hint: `Pick another name, or use ${verb('deployments.deploy')} on the existing environment.` },
          );
        }
        const parentRef =
          input.parent ??
          (await client.get('get-projects', { projectId }, v.project, ctx)).default_branch ??
          'main';
        const parent = matchRef(environments, parentRef, {
          kind: 'site',
          provider: title,
          id: (env) => env.id,
          name: (env) => env.name ?? env.id,
        });
        if (parent.status !== 'active') {
          throw new HostingError('conflict', `The parent environment ${parent.id} is ${parent.status}.`, {
            hint: `Branch from an active environment (pass \`parent\`), or activate this one with ${verb('deployments.deploy')} activate: true.`,
          });
        }
        const { activities } = await client.act(
          'branch-environment',
          { projectId, environmentId: parent.id },
          {
            name: input.name,
            title: input.title ?? input.name,
            type: input.environment_type,
            clone_parent: input.clone_parent,
            // Keep the platform's default resource allocation (the seed lists the field as required).
            resources: null,
          },
          ctx,
        );
        const activity =
          activities.find((a) => a.type === 'environment.branch') ??
          (await latestActivity(client, ctx, projectId, parent.id, 'environment.branch'));
        return {
          message: `Platform.sh is branching environment ${input.name} from ${parent.id} in project ${projectId}${input.clone_parent ? ' with a copy of its data' : ''}.`,
          operation: activity ? activityOperation(account, projectId, activity, input.name) : undefined,
          resource: {
            id: siteId(projectId, input.name),
            name: input.name,
            server_id: projectId,
            parent: parent.id,
          },
          next_steps: [`Push to the git branch ${input.name} to deploy new code there.`],
        };
      },
    },
  };
}
