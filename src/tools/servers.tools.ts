import { ServerSchema } from '../providers/types.js';
import { limitArg, serverArg } from './args.js';
import { defineTool, READ } from './define-tool.js';
import { itemResult, listResult } from './results.js';
import { readCall } from './write-outcome.js';
import { writeTool } from './write-tool.js';

export const serverTools = [
  defineTool({
    name: 'list_servers',
    title: 'List servers',
    description:
      'List servers (Platform.sh: projects) with status and IP. Says when the list was cut at `limit`.',
    toolset: 'core',
    capability: 'servers',
    supports: (p) => Boolean(p.servers),
    args: { limit: limitArg(100, 500) },
    output: listResult('servers', ServerSchema),
    annotations: READ,
    handler: async (args, { provider, call }) => {
      const list = await provider.servers!.list(call, { limit: args.limit });
      return {
        provider: provider.id,
        account: provider.account,
        servers: list.items,
        truncated: list.truncated,
      };
    },
  }),
  defineTool({
    name: 'get_server',
    title: 'Get server',
    description: 'One server by id, name or IP.',
    toolset: 'core',
    capability: 'servers',
    supports: (p) => Boolean(p.servers),
    args: { server: serverArg },
    output: itemResult('server', ServerSchema),
    annotations: READ,
    handler: async (args, { provider, call }) => ({
      provider: provider.id,
      account: provider.account,
      server: await provider.servers!.get(call, args.server),
    }),
  }),
  writeTool({
    name: 'create_server',
    title: 'Create server',
    description:
      'Create a server. Returns an operation id at once (provisioning takes minutes): follow it with get_operation. Args prefixed "Forge:" etc. apply to that provider only.',
    capability: 'servers',
    verb: (p) => p.servers?.create,
    args: {},
    target: () => undefined,
    checkWith: (args) => readCall('list_servers', args, []),
    // A Platform.sh project is billed from its creation: a person confirms it.
    confirmable: true,
  }),
];
