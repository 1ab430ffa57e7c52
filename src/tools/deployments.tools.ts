import { DeploymentSchema } from '../providers/types.js';
import { limitArg, siteArg, siteServerArg } from './args.js';
import { CREATE, defineTool, READ } from './define-tool.js';
import { listResult } from './results.js';
import { readCall } from './write-outcome.js';
import { siteTarget, writeTool } from './write-tool.js';

export const deploymentTools = [
  writeTool({
    name: 'deploy_site',
    title: 'Deploy site',
    description:
      'Start a deployment; returns an operation id at once. get_operation reports the provider’s real status, with the log tail if it failed.',
    capability: 'deployments',
    verb: (p) => p.deployments?.deploy,
    args: { site: siteArg, server: siteServerArg },
    target: siteTarget,
    checkWith: (args) => readCall('list_deployments', args, ['site', 'server']),
    // A deployment replaces what is live: migrations run, and a PanelAlpha push overwrites the live site.
    annotations: { ...CREATE, destructiveHint: true },
    // The PanelAlpha push is destructive under the risk policy: a person confirms it.
    confirmable: true,
  }),
  defineTool({
    name: 'list_deployments',
    title: 'List deployments',
    description: 'Recent deployments of a site, newest first, each with its operation id.',
    toolset: 'core',
    capability: 'deployments',
    supports: (p) => Boolean(p.deployments),
    args: { site: siteArg, server: siteServerArg, limit: limitArg(20, 200) },
    output: listResult('deployments', DeploymentSchema),
    annotations: READ,
    handler: async (args, { provider, call }) => {
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
