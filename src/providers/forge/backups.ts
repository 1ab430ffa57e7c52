import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { parseInput } from '../shared.js';
import type { BackupsCapability, CallContext, WriteResult } from '../types.js';
import type { ForgeAccount } from './account.js';
import { forgeServerOf } from './databases.js';
import { forgeHandles } from './handles.js';
import { mapBackup } from './map-backup.js';
import * as v from './schemas.js';

const createBackupInput = z.object({
  configuration: z.string().regex(/^\d+$/).optional(),
});

/**
 * Database backups: Forge keeps them per backup configuration (storage, schedule, databases); a
 * backup id here is `configuration-backup`. A restore overwrites one live database.
 */
export function forgeBackups(forge: ForgeAccount): BackupsCapability {
  const { client, account, title } = forge;

  const configurations = async (ctx: CallContext, server: string) =>
    (
      await client.list(
        'organizations.servers.database.backups.index',
        { server },
        v.backupConfiguration,
        ctx,
        100,
      )
    ).items;

  return {
    list: async (ctx, place, query) => {
      const server = await forgeServerOf(forge, ctx, place);
      const items = [];
      for (const configuration of await configurations(ctx, server.id)) {
        const page = await client.list(
          'organizations.servers.database.backups.instances.index',
          { server: server.id, backupConfiguration: configuration.id },
          v.backup,
          ctx,
          query.limit,
        );
        items.push(...page.items.map((backup) => mapBackup(configuration, backup)));
      }
      items.sort((a, b) => (b.finished_at ?? '9').localeCompare(a.finished_at ?? '9'));
      return { items: items.slice(0, query.limit), truncated: items.length > query.limit };
    },
    create: {
      input: z.object({
        configuration: z
          .string()
          .optional()
          .describe('Forge: backup configuration id (default: the only one).'),
      }),
      run: async (ctx, place, raw): Promise<WriteResult> => {
        const input = parseInput(createBackupInput, raw, verb('backups.create'), title);
        const server = await forgeServerOf(forge, ctx, place);
        const all = await configurations(ctx, server.id);
        const chosen = input.configuration
          ? all.find((c) => c.id === input.configuration)
          : all.length === 1
            ? all[0]
            : undefined;
        if (!chosen) {
          throw new HostingError(
            all.length ? 'ambiguous' : 'invalid_argument',
            all.length
              ? `Server ${server.attributes.name} has ${all.length} backup configurations; pass configuration.`
              : `Server ${server.attributes.name} has no backup configuration.`,
            {
              hint: all.length
                ? `Configurations: ${all.map((c) => `${c.id} (${c.attributes.name ?? 'unnamed'})`).join(', ')}.`
                : `Create one (storage, schedule, databases) with ${verb('api.write')} organizations.servers.database.backups.store.`,
            },
          );
        }
        await client.send(
          'organizations.servers.database.backups.instances.store',
          { params: { server: server.id, backupConfiguration: chosen.id } },
          ctx,
        );
        return {
          message: `Forge is backing up the databases of configuration ${chosen.attributes.name ?? chosen.id} on ${server.attributes.name}.`,
          operation: {
            id: forgeHandles.encode(account, 'backup', {
              server: server.id,
              configuration: chosen.id,
              backup: 'latest',
            }),
            kind: 'backup',
            state: 'pending',
            done: false,
            status: 'queued',
            description: `Backup of configuration ${chosen.id}`,
            started_at: new Date().toISOString(),
            ended_at: null,
            server_id: server.id,
          },
        };
      },
    },
    restore: async (ctx, place, id): Promise<WriteResult> => {
      const [configurationId, backupId, databaseId] = id.split('-');
      if (!configurationId || !backupId) {
        throw new HostingError('invalid_argument', `"${id}" is not a Forge backup id.`, {
          hint: `Use an id from ${verb('backups.list')} (configuration-backup).`,
        });
      }
      const server = await forgeServerOf(forge, ctx, place);
      const ids = { server: server.id, backupConfiguration: configurationId };
      const [configuration, backup] = await Promise.all([
        client.get('organizations.servers.database.backups.show', ids, v.single(v.backupConfiguration), ctx),
        client.get(
          'organizations.servers.database.backups.instances.show',
          { ...ids, backup: backupId },
          v.single(v.backup),
          ctx,
        ),
      ]);
      const databases = (configuration.data.attributes.database_ids ?? []).map(String);
      const database = databaseId ?? (databases.length === 1 ? databases[0] : undefined);
      if (!database || !databases.includes(database)) {
        throw new HostingError(
          'invalid_argument',
          `Backup ${id} holds ${databases.length} databases: say which to restore.`,
          {
            hint: `Pass backup as ${configurationId}-${backupId}-<database id>, one of: ${databases.join(', ')} (${verb('databases.list')}).`,
          },
        );
      }
      const schema = await client.get(
        'organizations.servers.database.schemas.show',
        { server: server.id, database },
        v.single(v.database),
        ctx,
      );
      const taken = mapBackup(configuration.data, backup.data);
      await client.send(
        'organizations.servers.database.backups.instances.restores.store',
        {
          params: { ...ids, backup: backupId },
          body: { database_id: Number(database) },
          destroys: `overwrites database ${schema.data.attributes.name} on ${server.attributes.name} with backup ${id} (finished ${taken.finished_at ?? 'unknown'}, ${taken.size_bytes ?? '?'} bytes)`,
        },
        ctx,
      );
      return {
        message: `Forge is restoring database ${schema.data.attributes.name} on ${server.attributes.name} from backup ${id}.`,
        operation: {
          // Forge reports no restore status: the restore is done when the database's data changes.
          id: forgeHandles.encode(account, 'restore', {
            server: server.id,
            database,
            before: schema.data.attributes.updated_at ?? '',
          }),
          kind: 'restore',
          state: 'running',
          done: false,
          status: 'restoring',
          description: `Restore of database ${schema.data.attributes.name} from backup ${id}`,
          started_at: new Date().toISOString(),
          ended_at: null,
          server_id: server.id,
        },
      };
    },
  };
}
