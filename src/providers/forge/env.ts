import { changeEnv, envKeys } from '../kit/env-file.js';
import { verb } from '../kit/hints.js';
import type { EnvCapability, WriteResult } from '../types.js';
import type { ForgeAccount } from './account.js';
import { forgeDeployments } from './deployments.js';
import * as v from './schemas.js';

/**
 * A Forge site's environment file, read and written whole by Forge's API but changed here key by
 * key: the file is read, only the named lines change, and it is written back. No value of it is
 * ever returned; a dry run lists which keys would change.
 */
export function forgeEnv(forge: ForgeAccount): EnvCapability {
  const { client, refs } = forge;
  const readFile = async (
    ctx: Parameters<EnvCapability['read']>[0],
    ids: { server: string; site: string },
  ) => {
    const file = await client.get(
      'organizations.servers.sites.environment.show',
      ids,
      v.single(v.content),
      ctx,
    );
    return file.data.attributes.content ?? '';
  };
  return {
    scopes: [],
    read: async (ctx, ref) => {
      const { serverId, site } = await refs.site(ctx, ref);
      const text = await readFile(ctx, { server: serverId, site: site.id });
      return { label: `environment file of ${site.attributes.name}`, variables: envKeys(text) };
    },
    change: async (ctx, ref, change): Promise<WriteResult> => {
      const { serverId, site } = await refs.site(ctx, ref);
      const ids = { server: serverId, site: site.id };
      const before = await readFile(ctx, ids);
      const { text, changes } = changeEnv(before, change.set, change.unset);
      const changed = Object.values(changes).some((what) => what !== 'not present');
      const details = { changes, needs_redeploy: changed && !change.redeploy, redeployed: false };
      if (ctx.dryRun) {
        return {
          message: `Dry run: nothing was sent. Forge would get ${site.attributes.name}'s whole environment file back with these keys changed (values hidden).`,
          details: {
            ...details,
            dry_run: true,
            request: `PUT /orgs/{organization}/servers/${serverId}/sites/${site.id}/environment`,
          },
        };
      }
      if (!changed) {
        return { message: `Nothing to change in ${site.attributes.name}'s environment file.`, details };
      }
      await client.send(
        'organizations.servers.sites.environment.update',
        { params: ids, body: { environment: text } },
        ctx,
      );
      if (!change.redeploy) {
        return {
          message: `Forge is writing ${site.attributes.name}'s environment file.`,
          details,
          next_steps: [
            `Laravel reads .env at boot and caches config on deploy: ${verb('deployments.deploy')} (or set_env with redeploy: true) to apply it.`,
          ],
        };
      }
      const deployed = await forgeDeployments(forge).deploy.run(ctx, { site: site.id, server: serverId }, {});
      return {
        ...deployed,
        message: `Forge is writing ${site.attributes.name}'s environment file and deploying to apply it.`,
        details: { ...details, redeployed: true },
      };
    },
  };
}
