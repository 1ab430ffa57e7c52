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
