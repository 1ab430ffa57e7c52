import type { RouteSpec } from '../../core/routes.js';

/**
 * ServerPilot API v1 routes the client uses (https://api.serverpilot.io/v1). `doc` names the
 * heading of the reference (serverpilot-api.md) the route implements.
 *
 * Deliberately absent: every DELETE (servers, system users, apps, app SSL, databases). Above all
 * `DELETE /sysusers/:id`, which also deletes every app and database of that user, and
 * `DELETE /apps/:id/ssl`, which drops HTTPS at once. No tool can reach them because the client
 * has no route for them; removing things stays a deliberate act in the ServerPilot dashboard.
 * Password updates (`POST /sysusers/:id`, `POST /dbs/:id`) are left out too: they would pass a
 * secret through the model.
 */

const servers = 'Use list_servers to see valid server ids.';
const apps = 'Use list_sites to see valid app ids.';

export const serverpilotRoutes = {
  'servers.index': { method: 'GET', path: '/servers', doc: 'Servers › List All Servers' },
  'servers.store': {
    method: 'POST',
    path: '/servers',
    doc: 'Servers › Connect a New Server (returns the server apikey once)',
  },
  'servers.show': {
    method: 'GET',
    path: '/servers/{server}',
    doc: 'Servers › Retrieve an Existing Server',
    notFoundHint: servers,
  },

  'sysusers.index': { method: 'GET', path: '/sysusers', doc: 'System Users › List All System Users' },
  'sysusers.store': { method: 'POST', path: '/sysusers', doc: 'System Users › Create a System User' },
  'sysusers.show': {
    method: 'GET',
    path: '/sysusers/{sysuser}',
    doc: 'System Users › Retrieve an Existing System User',
    notFoundHint: 'Use get_site to see which system user owns an app.',
  },

  'apps.index': { method: 'GET', path: '/apps', doc: 'Apps › List All Apps (ssl.key included!)' },
  'apps.store': { method: 'POST', path: '/apps', doc: 'Apps › Create an App' },
  'apps.show': {
    method: 'GET',
    path: '/apps/{app}',
    doc: 'Apps › Get Details of an App (ssl.key included; only place with autossl)',
    notFoundHint: apps,
  },
  'apps.update': {
    method: 'POST',
    path: '/apps/{app}',
    doc: 'Apps › Update an App (domains replace the whole list)',
    notFoundHint: apps,
  },
  'apps.ssl.store': {
    method: 'POST',
    path: '/apps/{app}/ssl',
    doc: 'Apps › Enable AutoSSL / Enable or Disable ForceSSL (response echoes ssl.key)',
    notFoundHint: apps,
  },

  'actions.show': {
    method: 'GET',
    path: '/actions/{action}',
    doc: 'Actions › Check the Status of an Action',
    notFoundHint: 'Pass the operation id returned by a ServerPilot write unchanged.',
  },
} as const satisfies Record<string, RouteSpec>;

export type ServerPilotRoute = keyof typeof serverpilotRoutes;
