import { forgeDefinition } from '../../src/providers/forge/index.js';
import { FORGE_CANARIES } from '../../src/providers/forge/simulator-data.js';
import { contractFlows } from './contract-flows.js';

contractFlows({
  definition: forgeDefinition,
  canaries: Object.values(FORGE_CANARIES),
  settleMs: 60 * 60_000,
  createServer: { name: 'contract-1', cloud: 'ocean2', region: 'ams3', size: 's-1vcpu-1gb' },
  createSite: (server) => ({
    server: server.id,
    domain: 'contract.example.test',
    type: 'laravel',
    repository: 'acme/contract',
  }),
  siteRef: (site) => ({ site: site.name }),
  deploy: {},
  certificate: {},
  logReads: (ref) => [
    { source: 'deployment', ...ref },
    { source: 'application', ...ref },
  ],
  seedReads: [
    ['list_sites', {}],
    ['get_site', { site: 'acme.test' }],
    ['tail_logs', { source: 'application', site: 'acme.test' }],
    ['tail_logs', { source: 'deployment', site: 'acme.test', id: '20102' }],
    ['get_operation', { operation_id: 'forge:main:deployment:101:201:20102' }],
    ['list_deployments', { site: 'acme.test' }],
    ['tail_logs', { source: 'server', server: 'web-1', id: 'nginx-error' }],
    ['tail_logs', { source: 'events', server: 'web-1' }],
  ],
  listTool: 'list_servers',
  unsupported: [
    {
      tool: 'tail_logs',
      args: { source: 'syslog', server: 'web-1' },
      message: /no log source "syslog"[\s\S]*Sources:/,
    },
  ],
});
