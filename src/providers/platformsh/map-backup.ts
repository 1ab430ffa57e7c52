import { compact } from '../shared.js';
import type { Backup } from '../types.js';
import type { PlatformshBackup } from './schemas.js';
import { backupState } from './states.js';

/** An environment backup: its data (databases and mounted files) and the commit it was taken at. */
export function mapBackup(projectId: string, environmentId: string, backup: PlatformshBackup): Backup {
  const state = backupState(backup.status);
  return {
    id: backup.id,
    of: `environment ${environmentId} of project ${projectId}`,
    state,
    status: backup.status ?? 'unknown',
    created_at: backup.created_at ?? null,
    // Listed backups are finished ones: Platform.sh records a backup when it has been taken.
    finished_at: state === 'succeeded' ? (backup.created_at ?? null) : null,
    size_bytes: backup.size_used ?? backup.size_of_volumes ?? null,
    details: compact({
      commit: backup.commit_id,
      safe: backup.safe,
      automated: backup.automated,
      restorable: backup.restorable,
      expires_at: backup.expires_at,
      size_of_volumes: backup.size_of_volumes,
    }),
  };
}

/** The words a confirmation uses for a backup: when it was taken and how big it is. */
export function describeBackup(backup: Backup): string {
  const size = backup.size_bytes === null ? 'size unknown' : `${backup.size_bytes} bytes`;
  const live = backup.details?.safe === false ? ', a live backup' : '';
  return `backup ${backup.id} (taken ${backup.created_at ?? 'at an unknown time'}, ${size}${live})`;
}
