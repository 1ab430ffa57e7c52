import { defineHandles } from '../kit/handles.js';

/** A certificate handle's `restart` when no restart was queued to apply the domain. */
export const NO_RESTART = 'none';

/** What each Coolify operation handle carries, by name. */
export const coolifyHandles = defineHandles('coolify', 'Coolify', {
  server: ['server'],
  deployment: ['application', 'deployment'],
  certificate: ['application', 'domain', 'restart'],
  /** A service restart has no job in Coolify: the handle keeps when it was asked for (ms). */
  service: ['service', 'requested_at'],
});
