import { statusMap } from '../kit/status-map.js';

/** DeploymentStatus of the document: queued → deploying → finished | failed | failed-build | cancelled. */
export const deploymentState = statusMap({
  pending: ['queued', 'pending'],
  running: ['deploying'],
  succeeded: ['finished'],
  failed: ['failed', 'failed-build'],
  cancelled: ['cancelled'],
});

/** SiteStatus: creating/installing while Forge sets the site up; installed/deployed/… after. */
export const siteState = statusMap({
  running: ['creating', 'installing'],
  // Deploying is a later deployment of an installed site, not the installation.
  succeeded: ['installed', 'deployed', 'never-deployed', 'deploying', 'maintenance'],
  failed: ['failed'],
  cancelled: ['removing', 'uninstalling'],
});

/** BackupResource.status is free text in the document; these are the words Forge shows. */
export const backupState = statusMap({
  pending: ['pending', 'queued'],
  running: ['running', 'backing-up', 'in-progress'],
  succeeded: ['success', 'successful', 'finished', 'completed'],
  failed: ['failed', 'failure', 'error'],
});

/** DatabaseResource.status: installing → installed; removing. */
export const databaseState = statusMap({
  running: ['installing', 'removing'],
  succeeded: ['installed'],
});

/** A rebooting server's connection status; Forge shows connected once it is back. */
export const rebootState = statusMap({
  running: ['rebooting', 'disconnected', 'connecting'],
  succeeded: ['connected', 'successful'],
});
