import { isDone } from '../kit/status-map.js';
import type { Operation } from '../types.js';
import { coolifyHandles } from './handles.js';
import { settledState } from './map-control.js';
import type { CoolifyService } from './schemas.js';

export interface ServiceWindow {
  /** How long after the request the status is not trusted (Coolify refreshes it periodically). */
  graceMs: number;
  /** When a service is still not running after this, the restart counts as failed. */
  giveUpMs: number;
}

/**
 * Coolify tracks no job for a service restart, so the operation reads the service's aggregated
 * container status: it is trusted only after a grace window, and a service that is still not
 * running (or unhealthy) when the give-up time passes counts as failed.
 */
export function serviceOperation(
  account: string,
  service: CoolifyService,
  requestedAt: number,
  now: number,
  window: ServiceWindow,
): Operation {
  const status = service.status || 'unknown';
  const state = settledState(status, 'restarted', now - requestedAt, window);
  return {
    id: coolifyHandles.encode(account, 'service', {
      service: service.uuid,
      requested_at: String(requestedAt),
    }),
    kind: 'service',
    state,
    done: isDone(state),
    status,
    description: `Restart of service ${service.name} (${service.uuid})`,
    started_at: new Date(requestedAt).toISOString(),
    ended_at: null,
    site_id: service.uuid,
    details: { note: 'Coolify tracks no job for service restarts; the state is read from container status.' },
  };
}
