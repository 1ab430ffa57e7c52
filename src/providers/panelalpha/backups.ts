import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http.js';
import { verb } from '../kit/hints.js';
import { isDone } from '../kit/status-map.js';
import { parseInput } from '../shared.js';
import type { BackupsCapability, Operation, WriteResult } from '../types.js';
import { newest, type PanelAlphaAccount } from './account.js';
import { panelalphaHandles } from './handles.js';
import { mapBackup } from './map-backup.js';
import { taskOperation } from './map-deployment.js';
import { siteOfPlace } from './place.js';
import * as v from './schemas.js';
import { siteTasks } from './tasks.js';

const createBackupInput = z.object({
  note: z.string().max(255).optional().describe('PanelAlpha: note kept with the backup.'),
});

const backupList = v.single(z.array(v.backup));

/** Tasks whose type or name says they restore a backup. */
const RESTORE_TASK = /restore/i;

/**
 * WordPress backups (files and database) of a site, as its owner. A backup is followed in the
 * site's backup list until its status is final; a restore answers no task id, so it is followed
 * through the admin task that appears for it, as a push to live is.
 */
export function panelalphaBackups(pa: PanelAlphaAccount): BackupsCapability {
  const { title, account, client } = pa;
  return {
    list: async (ctx, place, query) => {
      const { instance, user } = await siteOfPlace(pa, ctx, place, 'backups');
      const items = (await backupsOf(pa, ctx, user, instance.id))
        .map((backup) => mapBackup(instance, backup))
        .sort((a, b) => Number(b.id) - Number(a.id) || b.id.localeCompare(a.id));
      return { items: items.slice(0, query.limit), truncated: items.length > query.limit };
    },
    create: {
      input: createBackupInput,
      run: async (ctx, place, raw): Promise<WriteResult> => {
        const input = parseInput(createBackupInput, raw, verb('backups.create'), title);
        const { instance, user } = await siteOfPlace(pa, ctx, place, 'backups');
        const created = await client.asUser(
          user,
          'create-instance-backup',
          {
            params: { id: instance.id },
            body: {
              backupDirectory: true,
              backupDatabase: true,
              ...(input.note ? { backupNote: input.note } : {}),
            },
          },
          v.single(v.backup),
          ctx,
        );
        const backup = mapBackup(instance, created.data);
        return {
          message: `PanelAlpha is backing up the files and database of ${instance.domain} (backup ${backup.id}).`,
          operation: backupOperation(account, user, instance, created.data),
          resource: backup,
        };
      },
    },
    restore: async (ctx, place, backupId): Promise<WriteResult> => {
      const { instance, user } = await siteOfPlace(pa, ctx, place, 'backups');
      const found = (await backupsOf(pa, ctx, user, instance.id)).find((b) => b.id === backupId.trim());
      if (!found) {
        throw new HostingError('not_found', `Site ${instance.domain} has no backup "${backupId}".`, {
          hint: `Use ${verb('backups.list')} to see its backups.`,
        });
      }
      const backup = mapBackup(instance, found);
      if (backup.state !== 'succeeded') {
        throw new HostingError(
          'conflict',
          `Backup ${backup.id} of ${instance.domain} is ${backup.status}, not complete.`,
          {
            hint: `Restore a completed one from ${verb('backups.list')}, or wait for this one with ${verb('operations.get')}.`,
          },
        );
      }
      const before = new Set(
        (await siteTasks(client, ctx, instance.domain, RESTORE_TASK)).tasks.map((t) => t.id),
      );
      const size = backup.size_bytes === null ? 'size unknown' : `${backup.size_bytes} bytes`;
      await client.sendAs(
        user,
        'restore-instance-backup',
        {
          params: { id: instance.id, backupId: backup.id },
          body: { restoreDatabase: true, restoreDirectory: true, deleteExistingFiles: false },
          destroys: `overwrites the ${backup.of} with backup ${backup.id} (taken ${backup.created_at ?? 'at an unknown time'}, ${size}); files added since the backup stay`,
        },
        ctx,
      );
      const task = newest(
        (await siteTasks(client, ctx, instance.domain, RESTORE_TASK)).tasks.filter((t) => !before.has(t.id)),
      );
      if (!task) {
        return {
          message: `PanelAlpha accepted the restore of ${instance.domain} from backup ${backup.id}, but listed no task for it yet.`,
          next_steps: [
            `PanelAlpha reports no status for it here: look for its task with ${verb('logs.read')} {"source":"tasks","site":"${instance.domain}"}; ${verb('sites.get')} shows the WordPress version once it is back.`,
          ],
        };
      }
      return {
        message: `PanelAlpha is restoring ${instance.domain} from backup ${backup.id} (task ${task.id}); this overwrites its files and database.`,
        operation: taskOperation(account, instance.id, task, 'restore'),
      };
    },
  };
}

async function backupsOf(
  { client }: PanelAlphaAccount,
  ctx: RequestContext,
  user: string,
  instanceId: string,
): Promise<v.PaBackup[]> {
  return (await client.asUser(user, 'list-instance-backups', { params: { id: instanceId } }, backupList, ctx))
    .data;
}

/** A backup being made, as its list shows it; one that has left the list did not complete. */
export function backupOperation(
  account: string,
  user: string,
  instance: v.PaInstance,
  backup: v.PaBackup | undefined,
  backupId = backup?.id ?? '',
): Operation {
  const mapped = backup ? mapBackup(instance, backup) : undefined;
  const state = mapped?.state ?? 'failed';
  return {
    id: panelalphaHandles.encode(account, 'backup', { user, site: instance.id, backup: backupId }),
    kind: 'backup',
    state,
    done: isDone(state),
    status: mapped?.status ?? 'not listed',
    description: `Backup ${backupId} of ${instance.domain}`,
    started_at: mapped?.created_at ?? null,
    ended_at: null,
    server_id: instance.server_id,
    site_id: instance.id,
    details: mapped
      ? { backup: backupId, size_bytes: mapped.size_bytes }
      : { backup: backupId, listed: false },
  };
}

/** Reads a backup being made back from the site's list. */
export async function readBackup(
  pa: PanelAlphaAccount,
  ctx: RequestContext,
  ids: { user: string; site: string; backup: string },
): Promise<Operation> {
  const instance = await pa.client.instance(ids.site, ctx);
  const found = (await backupsOf(pa, ctx, ids.user, ids.site)).find((b) => b.id === ids.backup);
  return backupOperation(pa.account, ids.user, instance, found, ids.backup);
}
