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
  /**
   * A start, stop or restart Coolify keeps no job for (a service, a database, a stopped
   * application, the proxy; a new database starting): the resource's status is read until it
   * shows the wanted state (running, exited, restarted).
   */
  control: ['resource', 'uuid', 'want', 'requested_at'],
  /** A backup run asked for now: the first execution of the configuration newer than `previous`. */
  backup: ['database', 'configuration', 'previous'],
});

/** A backup handle's `previous` when the configuration had no execution yet. */
export const NO_EXECUTION = 'none';
