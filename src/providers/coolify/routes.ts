import type { RouteSpec } from '../../core/routes.js';

/**
 * Coolify v4 API routes the client uses, relative to `<instance>/api/v1`.
 * `doc` names the operationId in the official OpenAPI document (coolify-openapi.yaml, v4.3.10).
 * Since 4.3 every state-changing action is a POST; the old GET forms answer 405.
 */
const servers = 'Use list_servers to see valid server ids (uuids).';
const sites = 'Use list_sites to see valid site ids (uuids).';
const deployments = 'Use list_deployments to see valid deployment ids.';

export const coolifyRoutes = {
  'servers.list': { method: 'GET', path: '/servers', doc: 'list-servers' },
  'servers.get': { method: 'GET', path: '/servers/{uuid}', doc: 'get-server-by-uuid', notFoundHint: servers },
  'servers.create': { method: 'POST', path: '/servers', doc: 'create-server (201 {uuid})' },
  'servers.validate': {
    method: 'POST',
    path: '/servers/{uuid}/validate',
    doc: 'validate-server-by-uuid (201, runs in the background)',
    notFoundHint: servers,
  },
  'servers.resources': {
    method: 'GET',
    path: '/servers/{uuid}/resources',
    doc: 'get-resources-by-server-uuid',
    notFoundHint: servers,
  },

  'keys.list': { method: 'GET', path: '/security/keys', doc: 'list-private-keys' },
  'projects.list': { method: 'GET', path: '/projects', doc: 'list-projects' },

  'applications.list': { method: 'GET', path: '/applications', doc: 'list-applications' },
  'applications.get': {
    method: 'GET',
    path: '/applications/{uuid}',
    doc: 'get-application-by-uuid',
    notFoundHint: sites,
  },
  'applications.create.public': {
    method: 'POST',
    path: '/applications/public',
    doc: 'create-public-application (201 {uuid, domains})',
  },
  'applications.create.dockerfile': {
    method: 'POST',
    path: '/applications/dockerfile',
    doc: 'create-dockerfile-application (201 {uuid, domains}; Dockerfile base64-encoded)',
  },
  'applications.create.dockerimage': {
    method: 'POST',
    path: '/applications/dockerimage',
    doc: 'create-dockerimage-application (201 {uuid, domains})',
  },
  // Sending the same full `domains` value twice leaves the same state, so it may be retried.
  'applications.update': {
    method: 'PATCH',
    path: '/applications/{uuid}',
    doc: 'update-application-by-uuid',
    notFoundHint: sites,
    idempotent: true,
  },
  'applications.restart': {
    method: 'POST',
    path: '/applications/{uuid}/restart',
    doc: 'restart-application-by-uuid ({message, deployment_uuid})',
    notFoundHint: sites,
  },
  'applications.logs': {
    method: 'GET',
    path: '/applications/{uuid}/logs',
    doc: 'get-application-logs-by-uuid (?lines, default 100)',
    notFoundHint: sites,
  },

  deploy: { method: 'POST', path: '/deploy', doc: 'deploy-by-tag-or-uuid (?uuid, ?force)' },
  'deployments.get': {
    method: 'GET',
    path: '/deployments/{uuid}',
    doc: 'get-deployment-by-uuid',
    notFoundHint: deployments,
  },
  'deployments.byApplication': {
    method: 'GET',
    path: '/deployments/applications/{uuid}',
    doc: 'list-deployments-by-app-uuid (?skip, ?take)',
    notFoundHint: sites,
  },

  'services.list': { method: 'GET', path: '/services', doc: 'list-services' },
  'services.get': {
    method: 'GET',
    path: '/services/{uuid}',
    doc: 'get-service-by-uuid',
    notFoundHint: sites,
  },
  'services.restart': {
    method: 'POST',
    path: '/services/{uuid}/restart',
    doc: 'restart-service-by-uuid (?latest)',
    notFoundHint: sites,
  },
  'services.logs': {
    method: 'GET',
    path: '/services/{uuid}/logs',
    doc: 'get-service-logs-by-uuid (?sub_service_name, ?lines)',
    notFoundHint: sites,
  },

  'databases.list': { method: 'GET', path: '/databases', doc: 'list-databases' },
  'databases.logs': {
    method: 'GET',
    path: '/databases/{uuid}/logs',
    doc: 'get-database-logs-by-uuid (?lines)',
    notFoundHint: 'Use tail_logs source "database" without `id` to list database names.',
  },
} as const satisfies Record<string, RouteSpec>;

export type CoolifyRoute = keyof typeof coolifyRoutes;
