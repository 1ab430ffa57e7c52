import { CAPABILITY_NAMES, type HostingProvider } from '../providers/types.js';
import { defineTool } from './define-tool.js';

/** What an account can do, as the model and the hosting://accounts resource see it. No secrets. */
export function describeAccount(provider: HostingProvider) {
  return {
    provider: provider.id,
    account: provider.account,
    title: provider.title,
    capabilities: CAPABILITY_NAMES.filter((name) => provider[name]),
    writes: [
      provider.servers?.create && 'create_server',
      provider.sites?.create && 'create_site',
      provider.deployments && 'deploy_site',
      provider.certificates && 'issue_certificate',
    ].filter(Boolean),
    log_sources: provider.logs?.sources.map((s) => s.id) ?? [],
    ...(provider.alternatives && Object.keys(provider.alternatives).length
      ? { not_supported: provider.alternatives }
      : {}),
  };
}

export const accountTools = [
  defineTool({
    name: 'list_accounts',
    title: 'List accounts',
    description: 'Configured hosting accounts and which verbs and log sources each supports. Start here.',
    toolset: 'core',
    args: {},
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    handler: async (_args, ctx) => ({ accounts: ctx.registry.providers.map(describeAccount) }),
  }),
];
