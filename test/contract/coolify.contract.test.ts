import { coolifyDefinition } from '../../src/providers/coolify/index.js';
import { COOLIFY_CANARIES, COOLIFY_SEED } from '../../src/providers/coolify/simulator-data.js';
import { contractFlows } from './contract-flows.js';

const shop = COOLIFY_SEED.applications[0]!;
const failedDeployment = shop.deployments.find((d) => d.fails)!;

contractFlows({
  definition: coolifyDefinition,
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
  ],
});
