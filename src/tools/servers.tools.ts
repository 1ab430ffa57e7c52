import { limitArg, serverArg } from './args.js';
import { CREATE, defineTool, READ } from './define-tool.js';
import { presentWrite } from './present.js';

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
    annotations: READ,
    handler: async (args: { limit: number }, { provider, call }) => {
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
    annotations: READ,
    handler: async (args: { server: string }, { provider, call }) => ({
      provider: provider.id,
      account: provider.account,
      server: await provider.servers!.get(call, args.server),
    }),
  }),
  defineTool({
    name: 'create_server',
    title: 'Create server',
    description:
      'Create a server. Returns an operation id at once (provisioning takes minutes): follow it with get_operation. Args prefixed "Forge:" etc. apply to that provider only.',
    toolset: 'core',
    capability: 'servers',
    supports: (p) => Boolean(p.servers?.create),
    args: {},
    providerArgs: (p) => p.servers?.create?.input,
    waits: true,
    annotations: CREATE,
    handler: async (args: { input: Record<string, unknown>; wait_seconds?: number }, { provider, call }) =>
      presentWrite(
        provider,
        await provider.servers!.create!.run(call, undefined, args.input ?? {}),
        args.wait_seconds,
        call,
      ),
  }),
];
