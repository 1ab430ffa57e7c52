import { z } from 'zod';
import type { DeploymentsCapability, WriteResult } from '../types.js';
import type { ForgeAccount } from './account.js';
import { deploymentOperation, mapDeployment } from './map-deployment.js';
import * as v from './schemas.js';

export function forgeDeployments({ account, client, refs }: ForgeAccount): DeploymentsCapability {
  return {
    deploy: {
      input: z.object({}),
      run: async (ctx, ref): Promise<WriteResult> => {
        const { serverId, site } = await refs.site(ctx, ref);
        const created = await client.post(
          'organizations.servers.sites.deployments.store',
          { server: serverId, site: site.id },
          undefined,
          v.single(v.deployment),
          ctx,
        );
        return {
          message: `Forge queued deployment ${created.data.id} of ${site.attributes.name}.`,
          operation: deploymentOperation(account, serverId, site.id, created.data),
          resource: mapDeployment(account, serverId, site.id, created.data),
        };
      },
    },
    list: async (ctx, ref, query) => {
      const { serverId, site } = await refs.site(ctx, ref);
      const page = await client.list(
        'organizations.servers.sites.deployments.index',
        { server: serverId, site: site.id },
        v.deployment,
        ctx,
        query.limit,
        { sort: '-created_at' },
      );
      return {
        items: page.items.map((d) => mapDeployment(account, serverId, site.id, d)),
        truncated: page.truncated,
      };
    },
  };
}
