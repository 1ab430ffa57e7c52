import type { RouteSpec } from '../../core/routes.js';

/**
 * Forge API v2 routes the client uses (https://forge.laravel.com/api, org-scoped, JSON:API).
 * `doc` names the operationId in the official OpenAPI document (forge-openapi-v2.json).
 */
const ORG = '/orgs/{organization}';
const SERVER = `${ORG}/servers/{server}`;
const SITE = `${SERVER}/sites/{site}`;
const DOMAIN = `${SITE}/domains/{domainRecord}`;

const servers = 'Use list_servers to see valid server ids.';
const sites = 'Use list_sites to see valid site ids.';
const deployments = 'Use list_deployments to see valid deployment ids.';
const certificates = 'Use list_certificates to see the site’s domains and certificates.';

export const forgeRoutes = {
  'orgs.index': { method: 'GET', path: '/orgs', doc: 'Organizations › organizations.index' },

  'credentials.index': {
    method: 'GET',
    path: `${ORG}/server-credentials`,
    doc: 'Server Credentials › organizations.server-credentials.index',
  },

  'servers.index': { method: 'GET', path: `${ORG}/servers`, doc: 'Servers › organizations.servers.index' },
  'servers.show': {
    method: 'GET',
    path: SERVER,
    doc: 'Servers › organizations.servers.show',
    notFoundHint: servers,
  },
  'servers.store': {
    method: 'POST',
    path: `${ORG}/servers`,
    doc: 'Servers › organizations.servers.store (async 202)',
  },
  'servers.events.index': {
    method: 'GET',
    path: `${SERVER}/events`,
    doc: 'Servers › organizations.servers.events.index',
    notFoundHint: servers,
  },
  'servers.events.output': {
    method: 'GET',
    path: `${SERVER}/events/{event}/output`,
    doc: 'Servers › organizations.servers.events.output.show',
    notFoundHint: 'Use tail_logs with source "events" to list recent event ids.',
  },
  'servers.logs.show': {
    method: 'GET',
    path: `${SERVER}/logs/{key}`,
    doc: 'Logs › organizations.servers.logs.show',
    notFoundHint: 'Check the log key (e.g. nginx-error, nginx-access, auth, php8.3-fpm) and the server id.',
  },

  'sites.index': { method: 'GET', path: `${ORG}/sites`, doc: 'Sites › organizations.sites.index' },
  'sites.show': {
    method: 'GET',
    path: `${ORG}/sites/{site}`,
    doc: 'Sites › organizations.sites.show',
    notFoundHint: sites,
  },
  'servers.sites.index': {
    method: 'GET',
    path: `${SERVER}/sites`,
    doc: 'Sites › organizations.servers.sites.index',
    notFoundHint: servers,
  },
  'servers.sites.store': {
    method: 'POST',
    path: `${SERVER}/sites`,
    doc: 'Sites › organizations.servers.sites.store (async 202)',
    notFoundHint: servers,
  },

  'deployments.index': {
    method: 'GET',
    path: `${SITE}/deployments`,
    doc: 'Deployments › organizations.servers.sites.deployments.index',
    notFoundHint: sites,
  },
  'deployments.store': {
    method: 'POST',
    path: `${SITE}/deployments`,
    doc: 'Deployments › organizations.servers.sites.deployments.store (async 202)',
    notFoundHint: sites,
  },
  'deployments.show': {
    method: 'GET',
    path: `${SITE}/deployments/{deployment}`,
    doc: 'Deployments › organizations.servers.sites.deployments.show',
    notFoundHint: deployments,
  },
  'deployments.log': {
    method: 'GET',
    path: `${SITE}/deployments/{deployment}/log`,
    doc: 'Deployments › organizations.servers.sites.deployments.log.show',
    notFoundHint: deployments,
  },

  'domains.index': {
    method: 'GET',
    path: `${SITE}/domains`,
    doc: 'Sites › organizations.servers.sites.domains.index',
    notFoundHint: sites,
  },
  'domains.store': {
    method: 'POST',
    path: `${SITE}/domains`,
    doc: 'Sites › organizations.servers.sites.domains.store (async 202)',
    notFoundHint: sites,
  },
  'domains.show': {
    method: 'GET',
    path: DOMAIN,
    doc: 'Sites › organizations.servers.sites.domains.show',
    notFoundHint: certificates,
  },
  'domains.certificates.index': {
    method: 'GET',
    path: `${DOMAIN}/certificates`,
    doc: 'Sites › organizations.servers.sites.domains.certificates.index',
    notFoundHint: certificates,
  },
  'domains.certificates.store': {
    method: 'POST',
    path: `${DOMAIN}/certificates`,
    doc: 'Sites › organizations.servers.sites.domains.certificates.store (async 202)',
    notFoundHint: certificates,
  },
  'domains.certificates.show': {
    method: 'GET',
    path: `${DOMAIN}/certificates/{certificate}`,
    doc: 'Sites › organizations.servers.sites.domains.certificates.show',
    notFoundHint: certificates,
  },

  'sites.logs.application': {
    method: 'GET',
    path: `${SITE}/logs/application`,
    doc: 'Sites › organizations.servers.sites.logs.application.show',
    notFoundHint: sites,
  },
  'sites.logs.nginx-access': {
    method: 'GET',
    path: `${SITE}/logs/nginx-access`,
    doc: 'Sites › organizations.servers.sites.logs.nginx-access.show',
    notFoundHint: sites,
  },
  'sites.logs.nginx-error': {
    method: 'GET',
    path: `${SITE}/logs/nginx-error`,
    doc: 'Sites › organizations.servers.sites.logs.nginx-error.show',
    notFoundHint: sites,
  },
} as const satisfies Record<string, RouteSpec>;

export type ForgeRoute = keyof typeof forgeRoutes;
