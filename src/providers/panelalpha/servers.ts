import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { parseInput } from '../shared.js';
import type { CallContext, ServersCapability, WriteResult } from '../types.js';
import type { PanelAlphaAccount } from './account.js';
import { mapServer, serverOperation } from './map-server.js';
import * as v from './schemas.js';

/** Add server (admin-add-server): attaches an existing hosting panel to PanelAlpha. */
const createServerInput = z.object({
  name: z.string().min(1).max(255).describe('Server name.'),
  server_type: z
    .string()
    .min(1)
    .max(64)
    .describe('PanelAlpha: hosting server type, e.g. cpanel, plesk, directadmin.'),
  connection_config: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .describe('PanelAlpha: connection settings of that type (host, port, username, token…).'),
  server_groups: z
    .array(z.number().int().positive())
    .max(50)
    .default([])
    .describe('PanelAlpha: server group ids to join.'),
});

/** Keys of `connection_config` whose values are credentials, beyond the redactor's own list. */
const CREDENTIAL_KEY = /pass|token|secret|key|hash|credential/i;

export function panelalphaServers({
  title,
  account,
  client,
  refs,
  redactor,
}: PanelAlphaAccount): ServersCapability {
  /** A courtesy check with a clear list; when the types cannot be read, the panel's validation decides. */
  const checkServerType = async (ctx: CallContext, type: string): Promise<void> => {
    let types: string[];
    try {
      const body = await client.get('admin-list-server-types', {}, v.single(z.array(v.serverType)), ctx);
      types = body.data.map((t) => t.type);
    } catch (error) {
      if (error instanceof HostingError && error.code === 'malformed_response') return;
      throw error;
    }
    if (types.length && !types.includes(type)) {
      throw new HostingError('invalid_argument', `PanelAlpha has no server type "${type}".`, {
        hint: `Server types: ${types.join(', ')}.`,
      });
    }
  };

  return {
    list: async (ctx, query) => {
      const page = await client.list('admin-list-servers', {}, v.server, ctx, query.limit);
      return { items: page.items.map(mapServer), truncated: page.truncated };
    },
    get: async (ctx, ref) => mapServer(await refs.server(ctx, ref)),
    create: {
      input: createServerInput,
      run: async (ctx, _target, raw): Promise<WriteResult> => {
        const input = parseInput(createServerInput, raw, verb('servers.create'), title);
        await checkServerType(ctx, input.server_type);
        // Panel credentials arrive as arguments: mark them secret before anything (a dry-run plan,
        // an error body, a log line) can echo them.
        for (const [key, value] of Object.entries(input.connection_config)) {
          if (typeof value === 'string' && (CREDENTIAL_KEY.test(key) || redactor.isSecretKey(key)))
            redactor.addSecret(value);
        }
        const body = {
          name: input.name,
          type: input.server_type,
          connection_config: input.connection_config,
          server_groups: input.server_groups,
        };
        const created = await client.post('admin-add-server', {}, body, v.single(v.server), ctx);
        const server = created.data;
        return {
          message: `PanelAlpha added hosting server "${server.name}" (${server.id}); it is being set up.`,
          operation: serverOperation(account, server),
          resource: mapServer(server),
          next_steps: [
            `Follow it with ${verb('operations.get')}.`,
            `Sites go on services: link the server to a plan (via its server group) before ${verb('sites.create')}.`,
          ],
        };
      },
    },
  };
}
