import { limitArg, siteArg, siteServerArg } from './args.js';
import { CREATE, defineTool, READ } from './define-tool.js';
import { presentWrite } from './present.js';

export const deploymentTools = [
  defineTool({
    name: 'deploy_site',
    title: 'Deploy site',
    description:
      'Start a deployment; returns an operation id at once. get_operation reports the provider’s real status, with the log tail if it failed.',
    toolset: 'core',
    capability: 'deployments',
    supports: (p) => Boolean(p.deployments),
    args: { site: siteArg, server: siteServerArg },
    providerArgs: (p) => p.deployments?.deploy.input,
    waits: true,
    annotations: CREATE,
    handler: async (
      args: { site: string; server?: string; input: Record<string, unknown>; wait_seconds?: number },
      { provider, call },
    ) =>
      presentWrite(
        provider,
        await provider.deployments!.deploy.run(
          call,
          { site: args.site, server: args.server },
          args.input ?? {},
        ),
        args.wait_seconds,
        call,
      ),
  }),
  defineTool({
    name: 'list_deployments',
    title: 'List deployments',
    description: 'Recent deployments of a site, newest first, each with its operation id.',
    toolset: 'core',
    capability: 'deployments',
    supports: (p) => Boolean(p.deployments),
    args: { site: siteArg, server: siteServerArg, limit: limitArg(20, 200) },
    annotations: READ,
    handler: async (args: { site: string; server?: string; limit: number }, { provider, call }) => {
      const list = await provider.deployments!.list(
        call,
        { site: args.site, server: args.server },
        { limit: args.limit },
      );
      return {
        provider: provider.id,
        account: provider.account,
        deployments: list.items,
        truncated: list.truncated,
      };
    },
  }),
];
