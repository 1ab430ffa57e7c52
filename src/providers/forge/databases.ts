import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { keepPassword, newPassword } from '../kit/password.js';
import { isDone } from '../kit/status-map.js';
import type { CallContext, DatabasesCapability, PlaceRef, WriteResult } from '../types.js';
import type { ForgeAccount } from './account.js';
import { forgeHandles } from './handles.js';
import { mapDatabase } from './map-database.js';
import * as v from './schemas.js';
import { databaseState } from './states.js';

/** The server a database verb works on: given, or the one that hosts the given site. */
export async function forgeServerOf(
  forge: ForgeAccount,
  ctx: CallContext,
  place: PlaceRef,
): Promise<v.ForgeServer> {
  if (place.server) return forge.refs.server(ctx, place.server);
  const { serverId } = await forge.refs.site(ctx, { site: place.site! });
  return forge.refs.server(ctx, serverId);
}

/** Database schemas of a server; a new one's user password is made here and kept in a 0600 file. */
export function forgeDatabases(forge: ForgeAccount): DatabasesCapability {
  const { client, account } = forge;
  return {
    list: async (ctx, place, query) => {
      const server = await forgeServerOf(forge, ctx, place);
      const page = await client.list(
        'organizations.servers.database.schemas.index',
        { server: server.id },
        v.database,
        ctx,
        query.limit,
      );
      const type = server.attributes.database_type ?? null;
      return { items: page.items.map((db) => mapDatabase(server.id, db, type)), truncated: page.truncated };
    },
    create: {
      input: z.object({}),
      run: async (ctx, input): Promise<WriteResult> => {
        const server = await forgeServerOf(forge, ctx, input);
        if (
          input.type &&
          server.attributes.database_type &&
          !server.attributes.database_type.startsWith(input.type)
        ) {
          throw new HostingError(
            'invalid_argument',
            `Server ${server.attributes.name} runs ${server.attributes.database_type}, not ${input.type}.`,
            {
              hint: 'Forge creates databases in the server’s own engine; leave type out or pick another server.',
            },
          );
        }
        const password = input.user ? newPassword(forge.redactor) : undefined;
        const body = { name: input.name, ...(input.user ? { user: input.user, password } : {}) };
        const created = await client.post(
          'organizations.servers.database.schemas.store',
          { server: server.id },
          body,
          v.single(v.database),
          ctx,
        );
        const kept = password
          ? await keepPassword(
              forge.secretFiles,
              `forge-${server.attributes.name}-${input.user}`,
              input.user!,
              password,
            )
          : undefined;
        const database = created.data;
        const state = databaseState(database.attributes.status);
        return {
          message: `Forge is creating database ${input.name} on ${server.attributes.name}${input.user ? ` with user ${input.user}` : ''}.`,
          operation: {
            id: forgeHandles.encode(account, 'database', { server: server.id, database: database.id }),
            kind: 'database',
            state,
            done: isDone(state),
            status: database.attributes.status ?? 'unknown',
            description: `Creation of database ${input.name}`,
            started_at: database.attributes.created_at ?? null,
            ended_at: null,
            server_id: server.id,
          },
          resource: mapDatabase(server.id, database, server.attributes.database_type ?? null),
          next_steps: kept ? [kept] : [],
        };
      },
    },
  };
}
