import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http.js';
import { verb } from '../kit/hints.js';
import { parseInput } from '../shared.js';
import type { BackupsCapability, PlaceRef, WriteResult } from '../types.js';
import type { PlatformshAccount } from './account.js';
import { startedActivity } from './activities.js';
import { activityOperation } from './map-activity.js';
import { describeBackup, mapBackup } from './map-backup.js';
import type { LocatedEnvironment } from './refs.js';
import * as v from './schemas.js';

const createBackupInput = z.object({
  live: z
    .boolean()
    .default(false)
    .describe(
      'Platform.sh: live backup, taken while the environment keeps serving (its data may be inconsistent); default safe, with a short pause.',
    ),
});

/**
 * Environment backups: Platform.sh takes one in an activity (a safe one pauses the environment
 * briefly) and lists it once taken. A restore overwrites the environment's data — its databases
 * and mounted files — with the backup's and redeploys it; the code is kept at its current commit.
 */
export function platformshBackups(psh: PlatformshAccount): BackupsCapability {
  const { title, account, client, refs } = psh;
  const located = (ctx: RequestContext, place: PlaceRef) => {
    if (!place.site) {
      throw new HostingError('invalid_argument', 'Platform.sh backs up environments: pass `site`.', {
        hint: `An environment as ${verb('sites.list')} names it (project:environment), or its name with \`server\` (the project).`,
      });
    }
    return refs.environment(ctx, { site: place.site, server: place.server });
  };
  const ids = ({ projectId, env }: LocatedEnvironment) => ({ projectId, environmentId: env.id });

  return {
    list: async (ctx, place, query) => {
      const at = await located(ctx, place);
      const list = await client.get('list-projects-environments-backups', ids(at), z.array(v.backup), ctx);
      const items = list
        .map((backup) => mapBackup(at.projectId, at.env.id, backup))
        .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
      return { items: items.slice(0, query.limit), truncated: items.length > query.limit };
    },
    create: {
      input: createBackupInput,
      run: async (ctx, place, raw): Promise<WriteResult> => {
        const input = parseInput(createBackupInput, raw, verb('backups.create'), title);
        const at = await located(ctx, place);
        const name = `environment ${at.env.id} of project ${at.projectId}`;
        const { activities } = await client.act('backup-environment', ids(at), { safe: !input.live }, ctx);
        const activity = await startedActivity(
          client,
          ctx,
          at.projectId,
          at.env.id,
          activities,
          'environment.backup',
        );
        if (!activity) {
          return {
            message: `Platform.sh accepted a backup of ${name} but named no activity.`,
            next_steps: [
              `Check ${verb('backups.list')} in a few minutes: the backup appears there once taken.`,
            ],
          };
        }
        return {
          message: `Platform.sh is taking a ${input.live ? 'live' : 'safe'} backup of ${name} (activity ${activity.id}).`,
          operation: activityOperation(account, at.projectId, activity, at.env.id),
          next_steps: [`It appears in ${verb('backups.list')} once the activity completes.`],
        };
      },
    },
    restore: async (ctx, place, backupId): Promise<WriteResult> => {
      const at = await located(ctx, place);
      const name = `environment ${at.env.id} of project ${at.projectId}`;
      const found = await client
        .get('get-projects-environments-backups', { ...ids(at), backupId }, v.backup, ctx)
        .catch((error: unknown) => {
          if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
          throw new HostingError('not_found', `${name} has no backup "${backupId}".`, {
            hint: `Use ${verb('backups.list')} to see its backups.`,
          });
        });
      const backup = mapBackup(at.projectId, at.env.id, found);
      if (backup.state !== 'succeeded' || found.restorable === false) {
        throw new HostingError(
          'conflict',
          `Backup ${backupId} of ${name} cannot be restored (status ${backup.status}${found.restorable === false ? ', not restorable' : ''}).`,
          { hint: `Pick another one from ${verb('backups.list')}.` },
        );
      }
      const { activities } = await client.act(
        'restore-backup',
        { ...ids(at), backupId },
        { restore_code: false },
        ctx,
        `overwrites the data of ${name} (its databases and mounted files) with ${describeBackup(backup)}, then redeploys it; the code stays at its current commit`,
      );
      const activity = await startedActivity(
        client,
        ctx,
        at.projectId,
        at.env.id,
        activities,
        'environment.restore',
      );
      const codeHint = `The code was kept; to restore the backup's commit too, ${verb('api.write')} restore-backup with restore_code: true.`;
      if (!activity) {
        return {
          message: `Platform.sh accepted the restore of ${name} from backup ${backupId} but named no activity.`,
          next_steps: [`Check ${verb('deployments.list')} in a moment: the restore redeploys it.`, codeHint],
        };
      }
      return {
        message: `Platform.sh is restoring ${name} from backup ${backupId} (activity ${activity.id}); this overwrites its data.`,
        operation: activityOperation(account, at.projectId, activity, at.env.id),
        next_steps: [codeHint],
      };
    },
  };
}
