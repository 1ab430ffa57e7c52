import type { RouteSpec } from '../../core/routes.js';

/**
 * Platform.sh REST API routes the client uses (https://api.platform.sh, HAL JSON). `doc` names the
 * operationId in the OpenAPI document of the API family (upsun-openapispec-sdk-node.json); the seed
 * reference lost every path, so the paths come from that document.
 */
const ORG = '/organizations/{organizationId}';
const PROJECT = '/projects/{projectId}';
const ENV = `${PROJECT}/environments/{environmentId}`;

const projects = 'Use list_servers to see valid project ids.';
const environments = 'Use list_sites (with server = the project) to see valid environment ids.';
const activities = 'Use list_deployments or tail_logs source "activity" to see recent activity ids.';
const organizations = 'Check the organization id or name in the Platform.sh Console.';

export const platformshRoutes = {
  'users.me': { method: 'GET', path: '/users/me', doc: 'Users › get-current-user' },
  'users.organizations': {
    method: 'GET',
    path: '/users/{userId}/organizations',
    doc: 'Organizations › list-user-orgs (cursor pages, follow _links.next)',
  },
  'organizations.show': {
    method: 'GET',
    path: ORG,
    doc: 'Organizations › get-org',
    notFoundHint: organizations,
  },

  'subscriptions.index': {
    method: 'GET',
    path: `${ORG}/subscriptions`,
    doc: 'Subscriptions › list-org-subscriptions (one subscription per project)',
    notFoundHint: organizations,
  },
  'subscriptions.canCreate': {
    method: 'GET',
    path: `${ORG}/subscriptions/can-create`,
    doc: 'Subscriptions › can-create-new-org-subscription',
    notFoundHint: organizations,
  },
  'subscriptions.store': {
    method: 'POST',
    path: `${ORG}/subscriptions`,
    doc: 'Subscriptions › create-org-subscription (creates a billed project; async provisioning)',
    notFoundHint: organizations,
  },
  'subscriptions.show': {
    method: 'GET',
    path: `${ORG}/subscriptions/{subscriptionId}`,
    doc: 'Subscriptions › get-org-subscription',
    notFoundHint: projects,
  },

  'projects.show': { method: 'GET', path: PROJECT, doc: 'Project › get-projects', notFoundHint: projects },
  'git.refs.show': {
    method: 'GET',
    path: `${PROJECT}/git/refs/{refId}`,
    doc: 'Repository › get-projects-git-refs (the ref is one escaped segment: heads%2Fmain)',
    notFoundHint: environments,
  },
  'git.commits.show': {
    method: 'GET',
    path: `${PROJECT}/git/commits/{commitId}`,
    doc: 'Repository › get-projects-git-commits',
  },

  'environments.index': {
    method: 'GET',
    path: `${PROJECT}/environments`,
    doc: 'Environment › list-projects-environments (plain array)',
    notFoundHint: projects,
  },
  'environments.show': {
    method: 'GET',
    path: ENV,
    doc: 'Environment › get-environment',
    notFoundHint: environments,
  },
  'environments.redeploy': {
    method: 'POST',
    path: `${ENV}/redeploy`,
    doc: 'Environment › redeploy-environment (async: activity environment.redeploy)',
    notFoundHint: environments,
  },
  'environments.activate': {
    method: 'POST',
    path: `${ENV}/activate`,
    doc: 'Environment › activate-environment (async; provisions and bills resources)',
    notFoundHint: environments,
  },
  'environments.resume': {
    method: 'POST',
    path: `${ENV}/resume`,
    doc: 'Environment › resume-environment (async)',
    notFoundHint: environments,
  },
  'environments.branch': {
    method: 'POST',
    path: `${ENV}/branch`,
    doc: 'Environment › branch-environment ({environmentId} is the parent; async)',
    notFoundHint: environments,
  },

  'activities.index': {
    method: 'GET',
    path: `${PROJECT}/activities`,
    doc: 'Project Activity › list-projects-activities (plain array, newest first)',
    notFoundHint: projects,
  },
  'activities.show': {
    method: 'GET',
    path: `${PROJECT}/activities/{activityId}`,
    doc: 'Project Activity › get-projects-activities',
    notFoundHint: activities,
  },
  'environments.activities.index': {
    method: 'GET',
    path: `${ENV}/activities`,
    doc: 'Environment Activity › list-projects-environments-activities',
    notFoundHint: environments,
  },

  'domains.index': {
    method: 'GET',
    path: `${PROJECT}/domains`,
    doc: 'Domain Management › list-projects-domains (production domains)',
    notFoundHint: projects,
  },
  'domains.store': {
    method: 'POST',
    path: `${PROJECT}/domains`,
    doc: "Domain Management › create-projects-domains (Let's Encrypt certificate is automatic)",
    notFoundHint: projects,
  },
  'environments.domains.index': {
    method: 'GET',
    path: `${ENV}/domains`,
    doc: 'Domain Management › list-projects-environments-domains',
    notFoundHint: environments,
  },
  'environments.domains.store': {
    method: 'POST',
    path: `${ENV}/domains`,
    doc: 'Domain Management › create-projects-environments-domains (needs replacement_for off production)',
    notFoundHint: environments,
  },

  'certificates.index': {
    method: 'GET',
    path: `${PROJECT}/certificates`,
    doc: 'Cert Management › list-projects-certificates',
    notFoundHint: projects,
  },
  'certificates.store': {
    method: 'POST',
    path: `${PROJECT}/certificates`,
    doc: 'Cert Management › create-projects-certificates (body carries the private key)',
    notFoundHint: projects,
  },
} as const satisfies Record<string, RouteSpec>;

export type PlatformshRoute = keyof typeof platformshRoutes;

/**
 * Calls that destroy data or cost a project. They are listed so the decision is visible, and kept
 * out of `platformshRoutes` on purpose: the client can only call routes by name from that table, so
 * none of these is reachable from a tool. Exposing one would need an explicit confirmation design.
 */
export const platformshDestructiveRoutes = {
  'environments.deactivate': {
    method: 'POST',
    path: `${ENV}/deactivate`,
    doc: 'Environment › deactivate-environment: ALL DATA IN THE ENVIRONMENT IS IRREVOCABLY LOST',
  },
  'environments.synchronize': {
    method: 'POST',
    path: `${ENV}/synchronize`,
    doc: 'Environment › synchronize-environment: synchronize_data overwrites the data with the parent’s',
  },
  'environments.merge': {
    method: 'POST',
    path: `${ENV}/merge`,
    doc: 'Environment › merge-environment: rebuilds and deploys the parent (often production)',
  },
  'environments.destroy': {
    method: 'DELETE',
    path: ENV,
    doc: 'Environment › delete-environment',
  },
  'subscriptions.destroy': {
    method: 'DELETE',
    path: `${ORG}/subscriptions/{subscriptionId}`,
    doc: 'Subscriptions › delete-org-subscription: deletes the project and all its data',
  },
  'backups.restore': {
    method: 'POST',
    path: `${ENV}/backups/{backupId}/restore`,
    doc: 'Environment Backups › restore-backup: overwrites the environment',
  },
} as const satisfies Record<string, RouteSpec>;
