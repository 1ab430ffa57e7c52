import { compact } from '../shared.js';
import type { Backup } from '../types.js';
import type { ForgeBackup, ForgeBackupConfiguration } from './schemas.js';
import { backupState } from './states.js';

/** A backup instance; its id carries the configuration it belongs to (`configuration-backup`). */
export function mapBackup(configuration: ForgeBackupConfiguration, backup: ForgeBackup): Backup {
  const a = backup.attributes;
  return {
    id: `${configuration.id}-${backup.id}`,
    of: `databases of backup configuration ${configuration.attributes.name ?? configuration.id}`,
    state: backupState(a.status),
    status: a.status,
    created_at: null,
    finished_at: a.finished_at ? new Date(a.finished_at * 1000).toISOString() : null,
    size_bytes: a.size ?? null,
    details: compact({ configuration: configuration.id, storage: configuration.attributes.provider }),
  };
}
