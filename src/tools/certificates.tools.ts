import { CertificateSchema } from '../providers/types.js';
import { siteArg, siteServerArg } from './args.js';
import { defineTool, READ } from './define-tool.js';
import { listResult } from './results.js';
import { readCall } from './write-outcome.js';
import { siteTarget, writeTool } from './write-tool.js';

export const certificateTools = [
  writeTool({
    name: 'issue_certificate',
    title: 'Issue TLS certificate',
    description:
      'Issue a TLS certificate for a site’s domain (default: its primary domain). Returns an operation id; the domain’s DNS must point at the host.',
    capability: 'certificates',
    verb: (p) => p.certificates?.issue,
    args: { site: siteArg, server: siteServerArg },
    target: siteTarget,
    checkWith: (args) => readCall('list_certificates', args, ['site', 'server']),
  }),
  defineTool({
    name: 'list_certificates',
    title: 'List certificates',
    description: 'TLS certificates of a site, per domain, with state (pending, active, inactive, failed).',
    toolset: 'core',
    capability: 'certificates',
    supports: (p) => Boolean(p.certificates),
    args: { site: siteArg, server: siteServerArg },
    output: listResult('certificates', CertificateSchema),
    annotations: READ,
    handler: async (args, { provider, call }) => {
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
