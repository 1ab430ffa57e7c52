import { compact } from '../shared.js';
import type { Backup } from '../types.js';
import type { CoolifyBackupConfiguration, CoolifyBackupExecution, CoolifyDatabase } from './schemas.js';
import { backupState } from './states.js';

/** One execution of a database's scheduled backup; its id is the execution's uuid. */
export function mapBackup(
  db: CoolifyDatabase,
  configuration: CoolifyBackupConfiguration,
  execution: CoolifyBackupExecution,
): Backup {
  const state = backupState(execution.status);
  const done = state === 'succeeded' || state === 'failed';
  return {
    id: execution.uuid,
    of: `database ${db.name}${execution.database_name ? ` (${execution.database_name})` : ''}`,
    state,
    status: execution.status ?? 'unknown',
    created_at: execution.created_at ?? null,
    finished_at: done ? (execution.finished_at ?? execution.updated_at ?? null) : null,
    size_bytes: execution.size !== null && Number.isFinite(execution.size) ? execution.size : null,
    details: compact({
      database_id: db.uuid,
      configuration: configuration.uuid,
      frequency: configuration.frequency,
      file: execution.filename,
      s3: execution.s3_uploaded ?? undefined,
    }),
  };
}
