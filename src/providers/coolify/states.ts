import { statusMap } from '../kit/status-map.js';

/** ApplicationDeploymentStatus: queued → in_progress → finished | failed | cancelled-by-user. */
export const deploymentState = statusMap({
  pending: ['queued'],
  running: ['in_progress'],
  succeeded: ['finished'],
  failed: ['failed'],
  cancelled: ['cancelled-by-user', 'cancelled'],
});

/** ScheduledDatabaseBackupExecution status: running → success | failed. */
export const backupState = statusMap({
  running: ['running'],
  succeeded: ['success'],
  failed: ['failed'],
});
