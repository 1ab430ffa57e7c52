import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { parseInput } from '../shared.js';
import type { CallContext, ServersCapability, WriteResult } from '../types.js';
import type { ForgeAccount } from './account.js';
import { mapServer, serverOperation } from './map-server.js';
import * as v from './schemas.js';

/** Create-server arguments (CreateServerRequest). `cloud` is Forge's `provider` field. */
const createServerInput = z.object({
  name: z.string().min(1).max(30).describe('Server name.'),
  cloud: z
    .enum(v.CLOUDS)
    .describe('Forge: cloud to provision on (ocean2 = DigitalOcean; custom = your own VM).'),
  credential_id: z
    .number()
    .int()
    .min(1)
    .max(2_147_483_647)
    .optional()
    .describe('Forge: cloud credential id (default: the org’s only one for that cloud).'),
  region: z.string().optional().describe('Region id, e.g. ams3.'),
  size: z.string().optional().describe('Size id, e.g. s-1vcpu-1gb.'),
  type: z.enum(v.SERVER_TYPES).default('app').describe('Forge: server type (default app).'),
  ubuntu_version: z
    .enum(v.UBUNTU_VERSIONS)
    .default('24.04')
    .describe('Forge: Ubuntu version (default 24.04).'),
  php_version: z
    .string()
    .regex(/^php\d+$/)
    .optional()
    .describe('PHP version, e.g. php84.'),
  database_type: z.string().optional().describe('Forge: e.g. mysql84, postgres17.'),
  network_id: z
    .union([z.number(), z.string()])
    .optional()
    .describe('Forge: private network id (required on hetzner).'),
  ip_address: z.string().optional().describe('Public IP of your own machine.'),
  private_ip_address: z.string().optional().describe('Forge: private IP (custom).'),
});

export function forgeServers({ title, account, client, refs }: ForgeAccount): ServersCapability {
  /** A cloud server needs the org's credential for that cloud; when there is exactly one, use it. */
  const pickCredential = async (ctx: CallContext, cloud: string): Promise<number | undefined> => {
    if (cloud === 'custom' || cloud === 'laravel') return undefined;
    const page = await client.list('organizations.server-credentials.index', {}, v.credential, ctx, 100);
    const matching = page.items.filter((c) => c.attributes.provider === cloud);
    if (matching.length === 1) return Number(matching[0]!.id);
    throw new HostingError(
      matching.length ? 'ambiguous' : 'invalid_argument',
      matching.length
        ? `The organization has ${matching.length} ${cloud} credentials.`
        : `The organization has no ${cloud} credential in Forge.`,
      {
        hint: matching.length
          ? 'Pass credential_id with one of these ids.'
          : `Add a ${cloud} credential in Forge (Organization → Server providers), then call again.`,
        details: matching.length
          ? { candidates: matching.map((c) => ({ id: c.id, name: c.attributes.name })) }
          : undefined,
      },
    );
  };

  return {
    list: async (ctx, query) => {
      const page = await client.list('organizations.servers.index', {}, v.server, ctx, query.limit);
      return { items: page.items.map(mapServer), truncated: page.truncated };
    },
    get: async (ctx, ref) => mapServer(await refs.server(ctx, ref)),
    create: {
      input: createServerInput,
      run: async (ctx, _target, raw): Promise<WriteResult> => {
        const input = parseInput(createServerInput, raw, verb('servers.create'), title);
        const body = serverBody({
          ...input,
          credential_id: input.credential_id ?? (await pickCredential(ctx, input.cloud)),
        });
        const created = await client.post('organizations.servers.store', {}, body, v.single(v.server), ctx);
        const server = created.data;
        return {
          message: `Forge accepted server "${server.attributes.name}" (${server.id}); provisioning takes about 10 minutes.`,
          operation: serverOperation(account, server),
          resource: mapServer(server),
          next_steps: [
            `Follow it with ${verb('operations.get')}; Forge asks for at most one readiness check every 2 minutes.`,
            ...(input.cloud === 'custom'
              ? ['Run the provisioning command Forge shows in its dashboard on your machine.']
              : []),
          ],
        };
      },
    },
  };
}

/** Builds CreateServerRequest: the cloud block is keyed by the cloud's own name. */
function serverBody(input: z.infer<typeof createServerInput>): Record<string, unknown> {
  const cloudBlock =
    input.cloud === 'custom'
      ? { ip_address: input.ip_address, private_ip_address: input.private_ip_address }
      : {
          region_id: input.region,
          size_id: input.size,
          ...(input.network_id !== undefined ? { network_id: input.network_id } : {}),
        };
  return {
    name: input.name,
    provider: input.cloud,
    type: input.type,
    ubuntu_version: input.ubuntu_version,
    credential_id: input.credential_id,
    php_version: input.php_version,
    database_type: input.database_type,
    [input.cloud]: cloudBlock,
  };
}
