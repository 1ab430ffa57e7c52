import { compact } from '../shared.js';
import type { Backup } from '../types.js';
import type { PaBackup, PaInstance } from './schemas.js';
import { backupState } from './states.js';

/** What a backup holds, from the parts it was asked to take. */
function parts(backup: PaBackup): string {
  if (backup.backup_directory === false) return 'database';
  if (backup.backup_database === false) return 'files';
  return 'files and database';
}

/**
 * A WordPress backup. PanelAlpha reports when it was made and its status, not when it finished;
 * its size is as the panel reports it (bytes, by the document's inference).
 */
export function mapBackup(instance: PaInstance, backup: PaBackup): Backup {
  return {
    id: backup.id,
    of: `${parts(backup)} of WordPress site ${instance.domain}`,
    state: backupState(backup.status),
    status: backup.status ?? 'unknown',
    created_at: backup.created_at ?? null,
    finished_at: null,
    size_bytes: backup.size ?? null,
    details: compact({ note: backup.note }),
  };
}
