import { statusMap } from '../kit/status-map.js';
import type { OperationState } from '../types.js';

/**
 * PanelAlpha documents no status word; these are the ones inferred (the document's schemas say
 * which were seen). Words are compared as lower-case snake_case (`In progress` → `in_progress`),
 * and a word outside these lists is never success: it reads as still running.
 */
const norm = (status: string | null | undefined) =>
  (status ?? '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

function words(table: Partial<Record<OperationState, readonly string[]>>) {
  const state = statusMap(table);
  return (status: string | null | undefined): OperationState => state(norm(status));
}

const serverWords = words({
  running: ['setting_up', 'pending', 'syncing', 'installing', 'connecting', 'queued'],
  succeeded: ['active', 'ready', 'connected', 'online'],
  failed: ['failed', 'error', 'connection_failed', 'disconnected'],
});

/** A hosting server with no status word is taken as set up: the panel lists only servers it added. */
export const serverState = (status: string | null | undefined): OperationState =>
  serverWords(status ?? 'active');

/** An instance install or staging copy: installing → active (or failed). */
export const instanceState = words({
  running: ['installing', 'pending', 'queued', 'creating', 'cloning', 'copying', 'in_progress', 'processing'],
  succeeded: ['active', 'installed', 'ready', 'suspended', 'maintenance'],
  failed: ['failed', 'install_failed', 'installation_failed', 'error'],
  cancelled: ['deleting', 'removing', 'archived'],
});

/** A task: pending → running → completed (or failed, cancelled). */
export const taskState = words({
  pending: ['pending', 'queued', 'waiting', 'new', 'scheduled'],
  running: ['running', 'in_progress', 'processing'],
  succeeded: ['completed', 'complete', 'done', 'finished', 'success', 'successful'],
  failed: ['failed', 'error', 'errored'],
  cancelled: ['cancelled', 'canceled', 'aborted'],
});

/** A certificate order: pending → processing → active (or failed); expired and revoked ones are over. */
export const certificateOrderState = words({
  running: ['pending', 'processing', 'ordered', 'validating', 'awaiting_validation', 'new'],
  succeeded: ['active', 'issued', 'installed', 'valid'],
  failed: ['failed', 'rejected', 'abandoned', 'cancelled', 'canceled', 'error'],
  cancelled: ['expired', 'revoked', 'inactive'],
});

/** A WordPress backup: being made, then completed (or failed). */
export const backupState = words({
  pending: ['pending', 'queued', 'scheduled'],
  running: ['in_progress', 'running', 'processing', 'creating'],
  succeeded: ['completed', 'complete', 'done', 'finished', 'success', 'successful', 'created'],
  failed: ['failed', 'error'],
});
