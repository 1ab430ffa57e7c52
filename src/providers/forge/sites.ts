import { z } from 'zod';
import { verb } from '../kit/hints.js';
import { parseInput, targetServer } from '../shared.js';
import type { SitesCapability, WriteResult } from '../types.js';
import type { ForgeAccount } from './account.js';
import { mapSite, siteOperation } from './map-site.js';
import * as v from './schemas.js';

/** Create-site arguments (CreateSiteRequest). */
const createSiteInput = z.object({
  domain: z.string().min(3).describe('Site domain.'),
  type: z.enum(v.SITE_TYPES).default('php').describe('Forge: site type (default php).'),
  repository: z.string().optional().describe('Git repository, owner/name.'),
  branch: z.string().optional().describe('Git branch (default main).'),
  git_provider: z.enum(v.SOURCE_CONTROL_PROVIDERS).optional().describe('Forge: git host (default github).'),
  php_version: z
    .string()
    .regex(/^php\d+$/)
    .optional()
    .describe('PHP version, e.g. php84.'),
  web_directory: z.string().optional().describe('Forge: web root, e.g. /public.'),
});

export function forgeSites({ title, account, client, refs }: ForgeAccount): SitesCapability {
  return {
    list: async (ctx, query) => {
      const page = query.server
        ? await client.list(
            'organizations.servers.sites.index',
            { server: (await refs.server(ctx, query.server)).id },
            v.site,
            ctx,
            query.limit,
          )
        : await client.list('organizations.sites.index', {}, v.site, ctx, query.limit);
      return { items: page.items.map(mapSite), truncated: page.truncated };
    },
    get: async (ctx, ref) => mapSite((await refs.site(ctx, ref)).site),
    create: {
      input: createSiteInput,
      run: async (ctx, target, raw): Promise<WriteResult> => {
        const input = parseInput(createSiteInput, raw, verb('sites.create'), title);
        const serverRef = targetServer(target, 'Forge creates a site on a server');
        const server = await refs.server(ctx, serverRef);
        const body = {
          type: input.type,
          name: input.domain,
          www_redirect_type: 'none',
          php_version: input.php_version,
          web_directory: input.web_directory,
          source_control_provider: input.repository ? (input.git_provider ?? 'github') : undefined,
          repository: input.repository,
          branch: input.repository ? (input.branch ?? 'main') : undefined,
        };
        const created = await client.post(
          'organizations.servers.sites.store',
          { server: server.id },
          body,
          v.single(v.site),
          ctx,
        );
        const site = created.data;
        return {
          message: `Forge is creating site ${site.attributes.name} (${site.id}) on server ${server.attributes.name}.`,
          operation: siteOperation(account, server.id, site),
          resource: mapSite(site),
          next_steps: [
            `Point the domain’s DNS at the server, then ${verb('deployments.deploy')} and ${verb('certificates.issue')}.`,
          ],
        };
      },
    },
  };
}
