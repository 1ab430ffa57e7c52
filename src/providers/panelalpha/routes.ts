import type { RouteSpec } from '../../core/routes.js';

/**
 * PanelAlpha API routes the client uses, relative to the API base `<panel>/api`. The reference
 * (panelalpha-api.txt, a Scribe-generated Laravel doc) writes paths under the panel root
 * (`api/admin/...`); `doc` quotes the section title and the `Request` line each route implements. Routes under `/admin` are admin
 * endpoints; the others are user endpoints and also need the `X-PanelAlpha-User` header.
 * Filters the doc lists as "Body Parameters" of a GET are sent as query parameters.
 */
const ADMIN = '/admin';

const servers = 'Use list_servers to see valid server ids.';
const sites = 'Use list_sites to see valid site ids.';
const tasks = 'Use tail_logs with source "tasks" to list recent task ids.';
/** A user endpoint answers 404 for records of other users, too. */
const owned = 'Check the site with list_sites; it must belong to the user the call acts as (`user`).';

export const panelalphaRoutes = {
  'users.byEmail': {
    method: 'GET',
    path: `${ADMIN}/users/email`,
    doc: 'Admin › Users › Find user by email (GET api/admin/users/email)',
    notFoundHint: 'Check the email, or pass the numeric PanelAlpha user id instead.',
  },
  'users.services': {
    method: 'GET',
    path: `${ADMIN}/users/{user}/services`,
    doc: 'Admin › Users › List user services (GET api/admin/users/{userId}/services)',
    notFoundHint: 'Check the PanelAlpha user id (PANELALPHA_USER_ID or the `user` argument).',
  },

  'servers.types': {
    method: 'GET',
    path: `${ADMIN}/servers/types`,
    doc: 'Admin › Hosting Servers › List server types (GET api/admin/servers/types)',
  },
  'servers.logs': {
    method: 'GET',
    path: `${ADMIN}/servers/logs`,
    doc: 'Admin › Hosting Servers › List server logs (GET api/admin/servers/logs)',
  },
  'servers.index': {
    method: 'GET',
    path: `${ADMIN}/servers`,
    doc: 'Admin › Hosting Servers › List servers (GET api/admin/servers)',
  },
  'servers.show': {
    method: 'GET',
    path: `${ADMIN}/servers/{server}`,
    doc: 'Admin › Hosting Servers › Show server details (GET api/admin/servers/{id})',
    notFoundHint: servers,
  },
  'servers.store': {
    method: 'POST',
    path: `${ADMIN}/servers`,
    doc: 'Admin › Hosting Servers › Add server (POST api/admin/servers)',
  },

  'instances.index': {
    method: 'GET',
    path: `${ADMIN}/instances`,
    doc: 'Admin › Instances › List instances (GET api/admin/instances)',
  },
  'instances.show': {
    method: 'GET',
    path: `${ADMIN}/instances/{instance}`,
    doc: 'Admin › Instances › Show instance details (GET api/admin/instances/{id})',
    notFoundHint: sites,
  },
  'instances.failed.show': {
    method: 'GET',
    path: `${ADMIN}/instances/failed/{instance}`,
    doc: 'Admin › Instances › Show failed instance details (GET api/admin/instances/failed/{id})',
    notFoundHint: sites,
  },

  'tasks.index': {
    method: 'GET',
    path: `${ADMIN}/tasks`,
    doc: 'Admin › Tasks › List tasks (GET api/admin/tasks)',
  },
  'tasks.status': {
    method: 'GET',
    path: `${ADMIN}/tasks/{task}/status`,
    doc: 'Admin › Tasks › Check task status (GET api/admin/tasks/{id}/status)',
    notFoundHint: tasks,
  },

  'user.instances.install': {
    method: 'POST',
    path: '/instances/install',
    doc: 'User › Instances › Create instance (POST api/instances/install)',
    notFoundHint: 'Check `service` and `user`: the service must belong to that PanelAlpha user.',
  },
  'user.instances.staging': {
    method: 'POST',
    path: '/instances/{instance}/staging',
    doc: 'User › Instances › Create staging instance (POST api/instances/{id}/staging)',
    notFoundHint: owned,
  },
  'user.instances.pushToLive': {
    method: 'PUT',
    path: '/instances/{instance}/push-to-live',
    doc: 'User › Instances › Push staging instance to live (PUT api/instances/{id}/push-to-live)',
    notFoundHint: owned,
  },
  'user.instances.logs': {
    method: 'GET',
    path: '/instances/{instance}/logs',
    doc: 'User › Instances › List instance logs (GET api/instances/{id}/logs)',
    notFoundHint: owned,
  },

  'user.ssl.offer': {
    method: 'GET',
    path: '/ssl-offer',
    doc: 'User › Hosting › List SSL offer (GET api/ssl-offer)',
  },
  'user.ssl.domains': {
    method: 'GET',
    path: '/server-accounts/{account}/ssl/domains',
    doc: 'User › Hosting › List SSL domains (GET api/server-accounts/{id}/ssl/domains)',
    notFoundHint: owned,
  },
  'user.ssl.certificates': {
    method: 'GET',
    path: '/server-accounts/{account}/ssl/certificates',
    doc: 'User › Hosting › List SSL certificates (GET api/server-accounts/{id}/ssl/certificates)',
    notFoundHint: owned,
  },
  'user.ssl.order': {
    method: 'POST',
    path: '/server-accounts/{account}/ssl/certificates/order',
    doc: 'User › Hosting › Order SSL certificate (POST api/server-accounts/{id}/ssl/certificates/order)',
    notFoundHint: owned,
  },
} as const satisfies Record<string, RouteSpec>;

export type PanelAlphaRoute = keyof typeof panelalphaRoutes;
