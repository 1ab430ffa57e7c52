import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { compact, parseInput } from '../shared.js';
import type { CallContext, ServersCapability, WriteResult } from '../types.js';
import { type CoolifyAccount, readBack } from './account.js';
import type { CoolifyClient } from './client.js';
import { mapServer, serverOperation } from './map-server.js';
import { pickOne } from './pick-one.js';
import * as v from './schemas.js';

/** Attach-a-server arguments (create-server). Names match Forge where the meaning is the same. */
const createServerInput = z.object({
  name: z.string().min(1).max(255).describe('Server name.'),
  ip_address: z.string().min(1).max(253).describe('IP address or hostname of your machine.'),
  private_key: z
    .string()
    .min(1)
    .optional()
    .describe('Coolify: SSH key (uuid or name) from Keys & Tokens (default: the only key).'),
  user: z.string().min(1).max(64).optional().describe('Coolify: SSH user (default root).'),
  port: z.number().int().min(1).max(65535).optional().describe('Coolify: SSH port (default 22).'),
  proxy_type: z
    .enum(['traefik', 'caddy', 'none'])
    .optional()
    .describe('Coolify: reverse proxy (default traefik; none = no domains/TLS).'),
  install: z
    .boolean()
    .optional()
    .describe('Coolify: let validation install Docker if missing (may restart Docker).'),
});
type CreateServerInput = z.infer<typeof createServerInput>;

export function coolifyServers({ title, account, client, refs }: CoolifyAccount): ServersCapability {
  return {
    list: async (ctx, query) => {
      const servers = await client.list('list-servers', {}, v.serverList, ctx);
      return { items: servers.slice(0, query.limit).map(mapServer), truncated: servers.length > query.limit };
    },
    get: async (ctx, ref) => mapServer(await refs.server(ctx, ref)),
    create: {
      input: createServerInput,
      /** Attaches an existing host over SSH, then starts Coolify's validation of it. */
      run: async (ctx, _target, raw): Promise<WriteResult> => {
        const input = parseInput(createServerInput, raw, verb('servers.create'), title);
        const key = await pickKey(client, ctx, input.private_key);
        const created = await client.post('create-server', {}, serverBody(input, key.uuid), v.uuidOnly, ctx);
        const steps = [
          `Coolify connects as ${input.user ?? 'root'}@${input.ip_address}:${input.port ?? 22} with key "${key.name}": its public key must be in that user's ~/.ssh/authorized_keys.`,
        ];
        let validating = true;
        try {
          await client.post(
            'validate-server-by-uuid',
            { uuid: created.uuid },
            input.install ? { install: true } : undefined,
            v.message,
            ctx,
          );
        } catch (error) {
          if (!(error instanceof HostingError)) throw error;
          validating = false;
          steps.push(
            error.code === 'outcome_unknown'
              ? `Validation may or may not have started (${error.message}). ${verb('servers.get')} shows the server's state; start it in Coolify if it is not validating: Servers → ${input.name} → Validate.`
              : `Validation did not start (${error.message}). Start it in Coolify: Servers → ${input.name} → Validate.`,
          );
        }
        const server = await readBack(
          () => client.get('get-server-by-uuid', { uuid: created.uuid }, v.server, ctx),
          () => v.server.parse({ uuid: created.uuid, name: input.name, ip: input.ip_address }),
        );
        return {
          message: validating
            ? `Coolify added server "${server.name}" (${server.uuid}) and is validating the SSH connection and Docker.`
            : `Coolify added server "${server.name}" (${server.uuid}), but validation was not confirmed to start.`,
          operation: validating ? serverOperation(account, server) : undefined,
          resource: mapServer(server),
          next_steps: steps,
        };
      },
    },
  };
}

/** The create-server body; validation is started separately so its outcome can be followed. */
function serverBody(input: CreateServerInput, privateKeyUuid: string): Record<string, unknown> {
  return compact({
    name: input.name,
    ip: input.ip_address,
    port: input.port,
    user: input.user,
    private_key_uuid: privateKeyUuid,
    proxy_type: input.proxy_type,
    instant_validate: false,
  });
}

/** The SSH key for a new server: by uuid or name, or the only non-git key the team has. */
async function pickKey(
  client: CoolifyClient,
  ctx: CallContext,
  ref: string | undefined,
): Promise<v.CoolifyKey> {
  const keys = await client.list('list-private-keys', {}, v.keyList, ctx);
  return pickOne(
    keys,
    ref,
    {
      kind: 'private key',
      argument: 'private_key',
      details: 'keys',
      create: 'Add one in Coolify (Keys & Tokens → Private Keys) and put its public key on the machine',
    },
    keys.filter((key) => !key.is_git_related),
  );
}
