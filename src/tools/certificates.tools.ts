import { siteArg, siteServerArg } from './args.js';
import { CREATE, defineTool, READ } from './define-tool.js';
import { presentWrite } from './present.js';

export const certificateTools = [
  defineTool({
    name: 'issue_certificate',
    title: 'Issue TLS certificate',
    description:
      'Issue a TLS certificate for a site’s domain (default: its primary domain). Returns an operation id; the domain’s DNS must point at the host.',
    toolset: 'core',
    capability: 'certificates',
    supports: (p) => Boolean(p.certificates),
    args: { site: siteArg, server: siteServerArg },
    providerArgs: (p) => p.certificates?.issue.input,
    waits: true,
    annotations: CREATE,
    handler: async (
      args: { site: string; server?: string; input: Record<string, unknown>; wait_seconds?: number },
      { provider, call },
    ) =>
      presentWrite(
        provider,
        await provider.certificates!.issue.run(
          call,
          { site: args.site, server: args.server },
          args.input ?? {},
        ),
        args.wait_seconds,
        call,
      ),
  }),
  defineTool({
    name: 'list_certificates',
    title: 'List certificates',
    description: 'TLS certificates of a site, per domain, with state (pending, active, inactive, failed).',
    toolset: 'core',
    capability: 'certificates',
    supports: (p) => Boolean(p.certificates),
    args: { site: siteArg, server: siteServerArg },
    annotations: READ,
    handler: async (args: { site: string; server?: string }, { provider, call }) => {
      const list = await provider.certificates!.list(call, { site: args.site, server: args.server });
      return {
        provider: provider.id,
        account: provider.account,
        certificates: list.items,
        truncated: list.truncated,
      };
    },
  }),
];
