import { defineHandles } from '../kit/handles.js';

/** What each PanelAlpha operation handle carries, by name. */
export const panelalphaHandles = defineHandles('panelalpha', 'PanelAlpha', {
  /** A hosting server being set up. */
  server: ['server'],
  /** A WordPress install. */
  site: ['site'],
  /** A staging copy being made (`site` is the copy). */
  staging: ['site'],
  /** A push of a staging copy to live: its admin task and the live site. */
  deployment: ['task', 'site'],
  /** An SSL order: the newest certificate of `domain` after `since` is the one it made. */
  certificate: ['account', 'domain', 'user', 'site', 'since'],
  /** A WordPress backup being made, read from the site's backup list as its owner. */
  backup: ['user', 'site', 'backup'],
  /** A restore of a backup over the live site: its admin task. */
  restore: ['task', 'site'],
});
