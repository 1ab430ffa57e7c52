import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { compact, parseInput } from '../shared.js';
import type { ServersCapability, WriteResult } from '../types.js';
import type { PlatformshAccount } from './account.js';
import { projectOperation, serverFromProject, serverFromSubscription } from './map-server.js';
import * as v from './schemas.js';

/** create-org-subscription: a project is a billed subscription, hence the required plan. */
const createServerInput = z.object({
  name: z.string().trim().min(1).max(100).describe('Project title.'),
  organization: z
    .string()
    .trim()
    .min(1)
    .describe('Platform.sh: organization id or name that owns and pays for the project.'),
  plan: z
    .string()
    .trim()
    .min(1)
    .describe('Platform.sh: plan, e.g. development, standard. Billed: try dry_run first.'),
  region: z.string().trim().min(1).describe('Region id, e.g. eu-3.platform.sh.'),
  default_branch: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('Platform.sh: production branch (default main).'),
});

/** Projects, listed through the subscriptions of the token's organizations. */
export function platformshServers({ title, account, client, refs }: PlatformshAccount): ServersCapability {
  return {
    list: async (ctx, query) => {
      const subs = await refs.subscriptions(ctx, query.limit);
      return {
        items: subs.items.map((s) => serverFromSubscription(s.subscription, s.organizationId)),
        truncated: subs.truncated,
      };
    },
    get: async (ctx, ref) => {
      const found = await refs.project(ctx, ref);
      if (found.project) return serverFromProject(found.project, found.subscription);
      const sub = found.subscription!;
      if (sub.subscription.project_id && sub.subscription.status === 'active') {
        const project = await client.get(
          'get-projects',
          { projectId: sub.subscription.project_id },
          v.project,
          ctx,
        );
        return serverFromProject(project, sub);
      }
      return serverFromSubscription(sub.subscription, sub.organizationId);
    },
    create: {
      input: createServerInput,
      run: async (ctx, _target, raw): Promise<WriteResult> => {
        const input = parseInput(createServerInput, raw, verb('servers.create'), title);
        const org = await refs.organization(ctx, input.organization);
        const orgName = org.label ?? org.name ?? org.id;
        // Billing problems are said before anything is created, with what to do about them.
        const check = await client.get(
          'can-create-new-org-subscription',
          { organization_id: org.id },
          v.canCreate,
          ctx,
        );
        if (check.can_create === false) {
          const action = check.required_action;
          throw new HostingError(
            'payment_required',
            `Platform.sh will not create a project in ${orgName}${check.message ? `: ${check.message}` : ''}.`,
            {
              hint: action?.action
                ? `Do this first in the Console: ${action.action}${action.type ? ` (${action.type})` : ''}.`
                : 'Check the organization’s billing details in the Console.',
            },
          );
        }
        const body = compact({
          project_title: input.name,
          plan: input.plan,
          project_region: input.region,
          default_branch: input.default_branch,
        });
        const created = await client.post(
          'create-org-subscription',
          { organization_id: org.id },
          body,
          v.subscription,
          ctx,
        );
        return {
          message: `Platform.sh accepted project "${input.name}" (subscription ${created.id}) in ${orgName}: plan ${input.plan}, region ${input.region}. It is billed from now on; provisioning takes a few minutes.`,
          operation: projectOperation(account, org.id, created),
          resource: serverFromSubscription(created, org.id),
          next_steps: [
            `Follow it with ${verb('operations.get')}; once active, its environments show in ${verb('sites.list')}.`,
            `Push code with git to the project repository (${verb('servers.get')} shows git_url), then ${verb('deployments.deploy')}.`,
          ],
        };
      },
    },
  };
}
