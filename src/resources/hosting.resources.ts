import { HostingError } from '../core/errors.js';
import type { HostingProvider } from '../providers/types.js';
import { describeAccount } from '../tools/accounts.tools.js';
import { defineResource, type ListedResource, type ResourceContext } from './define-resource.js';

/** How many instances each account contributes to a resource list. */
const LIST_CAP = 50;

function account(
  ctx: ResourceContext,
  variables: Record<string, string>,
  capability: 'servers' | 'sites',
): HostingProvider {
  const eligible = ctx.registry.providersWith(capability);
  return ctx.registry.select({ provider: variables.provider, account: variables.account, eligible });
}

/** Lists instances across every account that has the capability; a failing account is skipped. */
async function listAcross(
  ctx: ResourceContext,
  capability: 'servers' | 'sites',
  list: (provider: HostingProvider) => Promise<Array<{ id: string; name: string }>>,
): Promise<ListedResource[]> {
  const lists = await Promise.allSettled(
    ctx.registry.providers
      .filter((p) => p[capability])
      .map(async (p) =>
        (await list(p)).map((item) => ({
          uri: `hosting://${p.id}/${p.account}/${capability}/${encodeURIComponent(item.id)}`,
          name: `${item.name} (${p.id}/${p.account})`,
        })),
      ),
  );
  return lists.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
}

export const hostingResources = [
  defineResource({
    name: 'accounts',
    title: 'Configured accounts',
    description: 'Every configured account and the verbs and log sources it supports (no secrets).',
    uri: 'hosting://accounts',
    read: async (ctx) => ({ accounts: ctx.registry.providers.map(describeAccount) }),
  }),
  defineResource({
    name: 'server',
    title: 'Server',
    description: 'One server of one account, as get_server returns it.',
    uri: 'hosting://{provider}/{account}/servers/{server}',
    template: true,
    supports: (p) => Boolean(p.servers),
    list: (ctx) =>
      listAcross(ctx, 'servers', async (p) => (await p.servers!.list(ctx.call, { limit: LIST_CAP })).items),
    read: async (ctx, variables) => {
      const provider = account(ctx, variables, 'servers');
      return {
        provider: provider.id,
        account: provider.account,
        server: await provider.servers!.get(ctx.call, need(variables.server)),
      };
    },
  }),
  defineResource({
    name: 'site',
    title: 'Site',
    description: 'One site of one account, as get_site returns it.',
    uri: 'hosting://{provider}/{account}/sites/{site}',
    template: true,
    supports: (p) => Boolean(p.sites),
    list: (ctx) =>
      listAcross(ctx, 'sites', async (p) => (await p.sites!.list(ctx.call, { limit: LIST_CAP })).items),
    read: async (ctx, variables) => {
      const provider = account(ctx, variables, 'sites');
      return {
        provider: provider.id,
        account: provider.account,
        site: await provider.sites!.get(ctx.call, { site: need(variables.site) }),
      };
    },
  }),
];

function need(value: string | undefined): string {
  if (!value) throw new HostingError('invalid_argument', 'The resource URI is missing an id.');
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HostingError('invalid_argument', 'The id in the resource URI has a broken %-escape.', {
      hint: 'Use a URI exactly as resources/list shows it.',
    });
  }
}
