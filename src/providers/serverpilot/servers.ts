import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { parseInput } from '../shared.js';
import type { ServersCapability, WriteResult } from '../types.js';
import type { ServerPilotAccount } from './account.js';
import { cap } from './client.js';
import { SERVER_NAME } from './input.js';
import { installerScript } from './installer.js';
import { openAction } from './map-action.js';
import { mapServer, serverOperation } from './map-server.js';
import * as v from './schemas.js';

/** Connect-a-new-server arguments (CreateServerRequest). */
const createServerInput = z.object({
  name: z
    .string()
    .min(1)
    .max(255)
    .regex(
      SERVER_NAME,
      'use lowercase letters, digits, "." and "-"; start with a letter; end with a letter or digit',
    )
    .describe('Server name.'),
  plan: z
    .enum(['economy', 'business', 'first_class'])
    .optional()
    .describe('ServerPilot: plan (default economy).'),
  ssh_password_auth: z
    .boolean()
    .optional()
    .describe('ServerPilot: allow SSH/SFTP password logins (default false).'),
});

/**
 * ServerPilot manages machines you already have: "create server" registers one and hands back an
 * installer to run on it. The installer embeds the server's one-time API key, so it goes to a 0600
 * file via deps.secretFiles; results name the file, never the key, and the key joins the redactor.
 */
export function serverpilotServers({
  title,
  account,
  client,
  refs,
  deps,
}: ServerPilotAccount): ServersCapability {
  return {
    list: async (ctx, query) =>
      cap((await client.read('list-servers', {}, v.servers, ctx)).map(mapServer), query.limit),
    get: async (ctx, ref) => mapServer(await refs.server(ctx, ref)),
    create: {
      input: createServerInput,
      run: async (ctx, _target, raw): Promise<WriteResult> => {
        const input = parseInput(createServerInput, raw, verb('servers.create'), title);
        const created = await client.write(
          'create-server',
          {},
          { name: input.name, plan: input.plan, enable_ssh_password_auth: input.ssh_password_auth },
          v.createdServer,
          ctx,
          `A server named "${input.name}" already exists: pick another name or use ${verb('servers.list')}.`,
        );
        const server = created.data;
        deps.redactor.addSecret(server.apikey);
        let file: string;
        try {
          file = await deps.secretFiles.save(
            `serverpilot-installer-${server.name}.sh`,
            installerScript(server),
          );
        } catch (error) {
          const reason = (error as NodeJS.ErrnoException).code ?? 'write failed';
          throw new HostingError(
            'provider_error',
            `ServerPilot registered server "${server.name}" (${server.id}), but its installer could not be saved (${reason}).`,
            {
              hint: `ServerPilot shows a server’s API key only once. Delete this server in the ServerPilot dashboard, point HOSTING_MCP_SECRETS_DIR at a writable directory, then call ${verb('servers.create')} again.`,
              settled: true,
            },
          );
        }
        const actions = created.actionid ? [openAction(created.actionid, server.id)] : [];
        return {
          message: `ServerPilot registered server "${server.name}" (${server.id}). Its installer command, which contains the server’s API key, was written to ${file} (readable only by you); the key is not shown here and not logged.`,
          operation: serverOperation(account, server, actions),
          resource: { ...mapServer(server), installer_file: file },
          next_steps: [
            `Copy ${file} to a fresh 64-bit Ubuntu LTS machine and run it there as root (sudo sh <file>); then delete the file.`,
            `Follow with ${verb('operations.get')}: the server is ready once the installer has run and its agent has connected.`,
          ],
        };
      },
    },
  };
}
