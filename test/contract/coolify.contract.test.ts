import { type CoolifyOperationId, coolifyCatalog } from '../../src/providers/coolify/catalog.gen.js';
import { coolifyDefinition } from '../../src/providers/coolify/index.js';
import { COOLIFY_CANARIES, COOLIFY_SEED } from '../../src/providers/coolify/simulator/seed.js';
import type { SpecQuirk } from '../support/spec-conformance.js';
import { contractFlows } from './contract-flows.js';

const shop = COOLIFY_SEED.applications[0]!;
const failedDeployment = shop.deployments.find((d) => d.fails)!;
const postgres = COOLIFY_SEED.databases[0]!;
const lastBackup = postgres.backups![0]!.executions.at(-1)!;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value);
/** What a create requires besides the environment, which the quirks below allow alone. */
const createRequired = (operation: CoolifyOperationId) =>
  (coolifyCatalog.operations[operation].body?.schema.required ?? []).filter(
    (name) => name !== 'environment_uuid',
  );

/** The document marks both environment fields required; their descriptions (and Coolify) ask for one. */
const oneEnvironment = (operation: CoolifyOperationId): SpecQuirk => ({
  provider: 'coolify',
  operation,
  where: 'request',
  field: '',
  value: (v) =>
    isRecord(v) &&
    typeof v.environment_name === 'string' &&
    v.environment_uuid === undefined &&
    createRequired(operation).every((name) => v[name] !== undefined),
  why: 'The document marks environment_name and environment_uuid both required, while their descriptions (and Coolify) ask for one of them; every other required field must be there.',
});

/** Operations whose answer the document gives as a placeholder string. */
const placeholder = (operation: CoolifyOperationId, value: (v: unknown) => boolean): SpecQuirk => ({
  provider: 'coolify',
  operation,
  where: 'response',
  field: '',
  value,
  why: 'The document’s schema is a placeholder string ("Content is very complex. Will be implemented later."); Coolify answers JSON.',
});

contractFlows({
  definition: coolifyDefinition,
  ops: {
    env: { site: { site: 'acme-shop' } },
    database: {
      place: { server: 'localhost' },
      create: { name: 'reports', type: 'postgresql', user: 'reporter' },
    },
    backup: { place: { site: 'acme-postgres' }, restore: false },
  },
  specQuirks: [
    {
      provider: 'coolify',
      where: 'response',
      field:
        /\/(description|validation_logs|swarm_cluster|wildcard_domain|logdrain_axiom_api_key|install_command|build_command|start_command|publish_directory|current_process_id|git_type)$/,
      value: (v) => v === null,
      why: 'Nullable columns in Coolify’s migrations (servers, server_settings, applications, services, deployment queue) that the document types as plain string.',
    },
    {
      provider: 'coolify',
      where: 'response',
      field: /^(\/\d+)?\/build_pack$/,
      value: (v) => v === 'dockerimage',
      why: 'Applications created from an image have build pack dockerimage (BuildPackTypes), which the document’s enum lacks.',
    },
    {
      provider: 'coolify',
      operation: 'list-deployments-by-app-uuid',
      where: 'response',
      field: '',
      value: (v) => isRecord(v) && typeof v.count === 'number' && Array.isArray(v.deployments),
      why: 'Coolify answers {count, deployments} (Application::deployments()); the document types the body as an array of applications.',
    },
    placeholder('list-databases', Array.isArray),
    placeholder('get-database-by-uuid', isRecord),
    // The backup configurations of the database, each with its executions.
    placeholder('get-database-backups-by-uuid', Array.isArray),
    oneEnvironment('create-public-application'),
    oneEnvironment('create-database-postgresql'),
  ],
  canaries: Object.values(COOLIFY_CANARIES),
  settleMs: 10 * 60_000,
  createServer: { name: 'contract-1', ip_address: '198.51.100.40', private_key: 'acme-deploy' },
  createSite: (server) => ({
    server: server.id,
    kind: 'public',
    domain: 'contract.example.test',
    repository: 'acme/contract',
    ports_exposes: '3000',
  }),
  siteRef: (site) => ({ site: (site.domains as string[])[0] }),
  deploy: {},
  certificate: {},
  logReads: (ref) => [
    { source: 'deployment', ...ref },
    { source: 'application', ...ref },
  ],
  seedReads: [
    ['list_servers', {}],
    ['get_server', { server: 'localhost' }],
    ['list_sites', {}],
    ['get_site', { site: 'shop.acme.test' }],
    ['get_site', { site: 'umami' }],
    ['tail_logs', { source: 'application', site: 'acme-shop' }],
    ['tail_logs', { source: 'deployment', site: 'acme-shop', id: failedDeployment.uuid }],
    ['get_operation', { operation_id: `coolify:main:deployment:${shop.uuid}:${failedDeployment.uuid}` }],
    ['list_deployments', { site: 'acme-shop' }],
    ['tail_logs', { source: 'database', id: 'acme-postgres' }],
    ['tail_logs', { source: 'application', site: 'umami', id: 'postgresql' }],
    [
      'create_server',
      { name: 'dry', ip_address: '198.51.100.41', private_key: "localhost's key", dry_run: true },
    ],
    ['list_certificates', { site: 'acme-shop' }],
    ['get_env', { site: 'acme-shop' }],
    ['get_env', { site: 'umami' }],
    ['get_env', { site: 'acme-postgres' }],
    ['list_databases', { server: 'localhost' }],
    ['list_backups', { server: 'localhost' }],
  ],
  listTool: 'list_servers',
  unsupported: [
    {
      tool: 'tail_logs',
      args: { source: 'syslog', server: 'localhost' },
      message: /no log source "syslog"[\s\S]*Sources:/,
    },
    {
      tool: 'issue_certificate',
      args: { site: 'umami' },
      message: /umami is a service[\s\S]*https:\/\/ URL/,
    },
    {
      tool: 'list_deployments',
      args: { site: 'umami' },
      message: /no deployment history for services[\s\S]*get_site/,
    },
    {
      tool: 'restore_backup',
      args: { site: 'acme-postgres', backup: lastBackup.uuid },
      message: new RegExp(
        `no restore for database backups\\. Nothing was sent[\\s\\S]*Import Backup page[\\s\\S]*backup ${lastBackup.uuid} of database acme-postgres \\(shop\\) is /data/coolify/backups/\\S+\\.dmp on its server`,
      ),
    },
    {
      tool: 'control_server',
      args: { server: 'localhost', action: 'reboot' },
      message:
        /cannot reboot a server[\s\S]*sudo reboot[\s\S]*control_server with action restart_service and service "proxy"/,
    },
  ],
});
