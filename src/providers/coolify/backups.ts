import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { parseInput } from '../shared.js';
import type { Backup, BackupsCapability, CallContext, PlaceRef, WriteResult } from '../types.js';
import type { CoolifyAccount } from './account.js';
import { coolifyHandles, NO_EXECUTION } from './handles.js';
import { mapBackup } from './map-backup.js';
import { databasesOn, locateResource } from './resources.js';
import * as v from './schemas.js';

const createBackupInput = z.object({
  configuration: z
    .string()
    .min(1)
    .optional()
    .describe('Coolify: backup configuration uuid (default: the only one).'),
});

interface Scheduled {
  db: v.CoolifyDatabase;
  configuration: v.CoolifyBackupConfiguration;
}

/** Newest first, by when each run started. */
export function newestFirst<T extends { created_at?: string | null }>(runs: readonly T[]): T[] {
  return [...runs].sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
}

/**
 * Database backups: Coolify keeps scheduled backup configurations per database, each with its
 * executions. A backup now runs one configuration at once (backup_now). Coolify's API has no
 * restore: restore_backup says where to do it instead.
 */
export function coolifyBackups(coolify: CoolifyAccount): BackupsCapability {
  const { title, account, client } = coolify;

  /** The databases a place names: the one database `site` names, or every one on `server`. */
  const databasesAt = async (ctx: CallContext, place: PlaceRef): Promise<v.CoolifyDatabase[]> => {
    if (!place.site) return databasesOn(coolify, ctx, (await coolify.refs.server(ctx, place.server!)).uuid);
    const resource = await locateResource(coolify, ctx, { site: place.site, server: place.server });
    if (resource.kind !== 'database') {
      throw new HostingError(
        'invalid_argument',
        `${place.site} is ${resource.kind === 'application' ? 'an' : 'a'} ${resource.kind}: Coolify backs up databases.`,
        {
          hint: `Name a database as \`site\`, or pass \`server\` for every database on it (${verb('databases.list')}).`,
        },
      );
    }
    return [resource.database];
  };

  const scheduled = async (ctx: CallContext, place: PlaceRef): Promise<Scheduled[]> => {
    const databases = await databasesAt(ctx, place);
    const configured = await Promise.all(
      databases.map(async (db) =>
        (
          await client.list('get-database-backups-by-uuid', { uuid: db.uuid }, v.backupConfigurationList, ctx)
        ).map((configuration) => ({ db, configuration })),
      ),
    );
    return configured.flat();
  };

  const list = async (ctx: CallContext, place: PlaceRef, limit: number) => {
    const items: Backup[] = (await scheduled(ctx, place)).flatMap(({ db, configuration }) =>
      (configuration.executions ?? []).map((execution) => mapBackup(db, configuration, execution)),
    );
    const sorted = newestFirst(items);
    return { items: sorted.slice(0, limit), truncated: sorted.length > limit };
  };

  return {
    list: (ctx, place, query) => list(ctx, place, query.limit),
    create: {
      input: createBackupInput,
      run: async (ctx, place, raw): Promise<WriteResult> => {
        const input = parseInput(createBackupInput, raw, verb('backups.create'), title);
        const all = await scheduled(ctx, place);
        const chosen = input.configuration
          ? all.find((s) => s.configuration.uuid === input.configuration)
          : all.length === 1
            ? all[0]
            : undefined;
        if (!chosen) throw noConfiguration(all, place, input.configuration);
        const { db, configuration } = chosen;
        const previous = newestFirst(configuration.executions ?? [])[0]?.uuid ?? NO_EXECUTION;
        await client.send(
          'update-database-backup',
          {
            params: { uuid: db.uuid, scheduled_backup_uuid: configuration.uuid },
            body: { backup_now: true },
          },
          ctx,
        );
        return {
          message: `Coolify is backing up database ${db.name} now (configuration ${configuration.uuid}, ${configuration.frequency ?? 'scheduled'}).`,
          operation: {
            id: coolifyHandles.encode(account, 'backup', {
              database: db.uuid,
              configuration: configuration.uuid,
              previous,
            }),
            kind: 'backup',
            state: 'pending',
            done: false,
            status: 'queued',
            description: `Backup of database ${db.name}`,
            started_at: new Date().toISOString(),
            ended_at: null,
            site_id: db.uuid,
          },
        };
      },
    },
    restore: async (ctx, place, backup) => {
      // Named where the backup is, when it can be found; the answer is the same either way.
      const found = await list(ctx, place, 500).then(
        (listing) => listing.items.find((item) => item.id === backup),
        () => undefined,
      );
      const file = found?.details?.file;
      throw new HostingError(
        'unsupported',
        "Coolify's API has no restore for database backups. Nothing was sent.",
        {
          hint: `Restore in the Coolify dashboard (the database's Import Backup page), or load the dump yourself${
            file
              ? `: backup ${backup} of ${found.of} is ${file} on its server${found.details?.s3 ? ' (and in S3)' : ''}`
              : ` (${verb('backups.list')} shows each backup's file)`
          }.`,
        },
      );
    },
  };
}

function noConfiguration(
  all: readonly Scheduled[],
  place: PlaceRef,
  wanted: string | undefined,
): HostingError {
  const where = place.site ?? `server ${place.server}`;
  if (wanted || all.length === 0) {
    return new HostingError(
      'invalid_argument',
      wanted
        ? `No backup configuration ${wanted} at ${where}.`
        : `No database at ${where} has a backup configuration.`,
      {
        hint: all.length
          ? `Configurations: ${all.map(({ db, configuration }) => `${configuration.uuid} (${db.name})`).join(', ')}.`
          : `Create one with ${verb('api.write')} create-database-backup (frequency, e.g. daily; backup_now: true runs it at once).`,
      },
    );
  }
  return new HostingError(
    'ambiguous',
    `${where} has ${all.length} backup configurations: pass configuration.`,
    {
      hint: `Configurations: ${all.map(({ db, configuration }) => `${configuration.uuid} (${db.name}, ${configuration.frequency ?? '?'})`).join(', ')}.`,
    },
  );
}
