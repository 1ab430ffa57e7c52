import { SiteSchema } from '../providers/types.js';
import { limitArg, siteArg, siteServerArg } from './args.js';
import { defineTool, READ } from './define-tool.js';
import { itemResult, listResult } from './results.js';
import { readCall } from './write-outcome.js';
import { writeTool } from './write-tool.js';

export const siteTools = [
  defineTool({
    name: 'list_sites',
    title: 'List sites',
    description:
      'List sites (apps, applications, WordPress instances, environments), optionally on one server.',
    toolset: 'core',
    capability: 'sites',
    supports: (p) => Boolean(p.sites),
    args: { server: siteServerArg, limit: limitArg(100, 500) },
    output: listResult('sites', SiteSchema),
    annotations: READ,
    handler: async (args, { provider, call }) => {
      const list = await provider.sites!.list(call, { limit: args.limit, server: args.server });
      return {
        provider: provider.id,
        account: provider.account,
        sites: list.items,
        truncated: list.truncated,
      };
    },
  }),
  defineTool({
    name: 'get_site',
    title: 'Get site',
    description: 'One site by id or domain.',
    toolset: 'core',
    capability: 'sites',
    supports: (p) => Boolean(p.sites),
    args: { site: siteArg, server: siteServerArg },
    output: itemResult('site', SiteSchema),
    annotations: READ,
    handler: async (args, { provider, call }) => ({
      provider: provider.id,
      account: provider.account,
      site: await provider.sites!.get(call, { site: args.site, server: args.server }),
    }),
  }),
  writeTool({
    name: 'create_site',
    title: 'Create site',
    description: 'Create a site on a server. Returns an operation id at once; follow it with get_operation.',
    capability: 'sites',
    verb: (p) => p.sites?.create,
    args: { server: siteServerArg.describe('Server id or name to create it on.') },
    target: (args) => ({ server: args.server }),
    checkWith: (args) => readCall('list_sites', args, ['server']),
  }),
];
