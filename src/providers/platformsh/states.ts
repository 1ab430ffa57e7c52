import { statusMap } from '../kit/status-map.js';
import type { OperationState } from '../types.js';
import type { PlatformshActivity } from './schemas.js';

/**
 * Activity: pending, scheduled and staged wait; in_progress runs; complete carries a `result`
 * (success or failure); cancelled was stopped. Success is only ever read from `result`.
 */
const activityStates = statusMap({
  pending: ['pending', 'scheduled', 'staged'],
  running: ['in_progress'],
  succeeded: ['complete/success'],
  // Complete without a result did not report success.
  failed: ['complete/failure', 'complete'],
  cancelled: ['cancelled'],
});

/** The activity's state word, with its result once complete (`complete/success`). */
export function activityStatus(activity: Pick<PlatformshActivity, 'state' | 'result'>): string {
  return activity.state === 'complete' && activity.result
    ? `${activity.state}/${activity.result}`
    : activity.state;
}

export function activityState(activity: Pick<PlatformshActivity, 'state' | 'result'>): OperationState {
  return activityStates(activityStatus(activity));
}

/** Subscription: requested and provisioning while the project is created, active once usable. */
export const subscriptionState = statusMap({
  running: ['requested', 'provisioning'],
  succeeded: ['active'],
  failed: ['provisioning failure', 'failed', 'suspended'],
  cancelled: ['deleted'],
});

/** Backup.status: CREATED once taken (backups being taken are not listed), DELETING on its way out. */
export const backupState = statusMap({
  succeeded: ['created'],
  cancelled: ['deleting'],
});
