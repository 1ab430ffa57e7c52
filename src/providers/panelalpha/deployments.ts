import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { compact, parseInput } from '../shared.js';
import type { CallContext, DeploymentsCapability, WriteResult } from '../types.js';
import { compareIds, newest, type PanelAlphaAccount } from './account.js';
import { domainArg, userArg } from './inputs.js';
import { mapDeployment, taskOperation } from './map-deployment.js';
import { instanceOperation, mapSite } from './map-site.js';
import * as v from './schemas.js';
import { siteTasks } from './tasks.js';

/** Push the staging copy to live (push-staging-instance-to-live), or make the copy first. */
const deployInput = z.object({
  create_staging: z
    .boolean()
    .default(false)
    .describe('PanelAlpha: create the staging copy instead of pushing it to live.'),
  staging_domain: domainArg
    .optional()
    .describe('PanelAlpha: staging domain (create_staging; default staging.<domain>).'),
  staging_dir: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, - and _ only')
    .optional()
    .describe('PanelAlpha: staging sub-directory (create_staging).'),
  user: userArg,
});
type DeployInput = z.infer<typeof deployInput>;

/** Tasks whose type or name says they push a staging copy to live. */
const PUSH_TASK = /push|to[\s_-]?live/i;

/**
 * A deployment is a push of the staging copy to live. The push answers no task id (its body is
 * undocumented): its task is the newest push task listed for the live domain that was not there
 * before the call.
 */
export function panelalphaDeployments(pa: PanelAlphaAccount): DeploymentsCapability {
  const { title, account, client, refs } = pa;
  const pushTasks = async (ctx: CallContext, live: v.PaInstance) => {
    const { tasks, truncated } = await siteTasks(client, ctx, live.domain, PUSH_TASK);
    return { pushes: tasks, truncated };
  };

  const createStaging = async (ctx: CallContext, site: v.PaInstance, input: DeployInput) => {
    if (site.is_staging) {
      throw new HostingError('invalid_argument', `${site.domain} is itself a staging copy.`, {
        hint: `Pass the live site, or call ${verb('deployments.deploy')} without create_staging to push this copy live.`,
      });
    }
    if (site.staging_instance_id) {
      throw new HostingError(
        'conflict',
        `${site.domain} already has a staging copy (site ${site.staging_instance_id}).`,
        { hint: `Call ${verb('deployments.deploy')} without create_staging to push it to live.` },
      );
    }
    const user = await refs.user(ctx, input.user, site.user_id);
    const domain = (input.staging_domain ?? `staging.${site.domain}`).toLowerCase();
    const body = compact({
      protocol: site.url?.startsWith('http://') ? 'http://' : 'https://',
      domain,
      dir: input.staging_dir,
    });
    const answer = await client.sendAs(
      user,
      'create-staging-instance',
      { params: { id: site.id }, body },
      ctx,
    );
    // The document follows the copy by the answer's id, else by the live instance's staging_instance_id.
    const stagingId =
      v.createdInstance.safeParse(answer).data?.data?.id ??
      (await client.instance(site.id, ctx)).staging_instance_id;
    if (!stagingId) {
      return {
        message: `PanelAlpha accepted the staging copy ${domain} of ${site.domain}, but did not say which site it is.`,
        next_steps: [
          `Find it with ${verb('sites.list')}, then follow it with ${verb('sites.get')} ${domain}.`,
        ],
      };
    }
    const staging = await client.instance(stagingId, ctx);
    return {
      message: `PanelAlpha is creating staging copy ${staging.domain} of ${site.domain}.`,
      operation: instanceOperation(account, 'staging', staging),
      resource: mapSite(staging),
      next_steps: [
        `When it is ready, change the staging site, then ${verb('deployments.deploy')} (without create_staging) to push it live.`,
      ],
    };
  };

  const pushToLive = async (ctx: CallContext, site: v.PaInstance, input: DeployInput) => {
    const live = await liveOf(pa, ctx, site);
    const stagingId = site.is_staging ? site.id : site.staging_instance_id;
    if (!stagingId) {
      throw new HostingError('invalid_argument', `${site.domain} has no staging copy to push to live.`, {
        hint: `Call ${verb('deployments.deploy')} with create_staging: true, wait for it with ${verb('operations.get')}, change the copy, then deploy again.`,
      });
    }
    const user = await refs.user(ctx, input.user, live.user_id ?? site.user_id);
    const before = new Set((await pushTasks(ctx, live)).pushes.map((task) => task.id));
    await client.sendAs(
      user,
      'push-staging-instance-to-live',
      {
        params: { id: stagingId },
        destroys: `overwrites the live site ${live.domain} (files and database) with its staging copy (site ${stagingId})`,
      },
      ctx,
    );
    const task = newest((await pushTasks(ctx, live)).pushes.filter((t) => !before.has(t.id)));
    if (!task) {
      return {
        message: `PanelAlpha accepted the push of staging site ${stagingId} to ${live.domain}, but listed no task for it yet.`,
        next_steps: [`Look for it with ${verb('logs.read')} {"source":"tasks","site":"${live.domain}"}.`],
      };
    }
    return {
      message: `PanelAlpha is pushing staging site ${stagingId} to live ${live.domain} (task ${task.id}); this overwrites the live site.`,
      operation: taskOperation(account, live.id, task),
      resource: mapDeployment(account, live.id, task),
    };
  };

  return {
    deploy: {
      input: deployInput,
      run: async (ctx, ref, raw): Promise<WriteResult> => {
        const input = parseInput(deployInput, raw, verb('deployments.deploy'), title);
        const site = await refs.site(ctx, ref);
        return input.create_staging ? createStaging(ctx, site, input) : pushToLive(ctx, site, input);
      },
    },
    list: async (ctx, ref, query) => {
      const live = await liveOf(pa, ctx, await refs.site(ctx, ref));
      const { pushes, truncated } = await pushTasks(ctx, live);
      pushes.sort((a, b) => compareIds(b.id, a.id));
      return {
        items: pushes.slice(0, query.limit).map((task) => mapDeployment(account, live.id, task)),
        truncated: truncated || pushes.length > query.limit,
      };
    },
  };
}

/** The live instance of a staging copy (itself when it is live). */
async function liveOf({ client }: PanelAlphaAccount, ctx: CallContext, site: v.PaInstance) {
  if (!site.is_staging || !site.live_instance_id) return site;
  return client.instance(site.live_instance_id, ctx);
}
