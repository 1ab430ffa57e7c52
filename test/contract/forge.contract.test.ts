import { forgeDefinition } from '../../src/providers/forge/index.js';
import { FORGE_CANARIES } from '../../src/providers/forge/simulator/seed.js';
import { contractFlows } from './contract-flows.js';

contractFlows({
  definition: forgeDefinition,
  ops: {
    env: { site: { site: 'acme.test' } },
    database: { place: { server: 'web-1' }, create: { name: 'reports', user: 'reporter' } },
    backup: {
      place: { server: 'web-1' },
      observe: async (h) =>
        (
          await h.ok<{ databases: Array<{ name: string; details?: { updated_at?: string } }> }>(
            'list_databases',
            {
              provider: 'forge',
              server: 'web-1',
            },
          )
        ).databases.find((d) => d.name === 'acme')?.details?.updated_at,
    },
  },
  specQuirks: [
    {
      provider: 'forge',
      where: 'response',
      field: /^\/links\/(first|last|prev|next)$/,
      value: (v) => v === null,
      why: 'Cursor pages have null links at the ends (and Forge leaves first/last null); the document types them string.',
    },
    {
      provider: 'forge',
      where: 'response',
      field: /^\/data(\/\d+)?\/attributes\/deployment_status$/,
      value: (v) => v === null,
      why: 'A site that was never deployed has no deployment status; the document types it string.',
    },
    {
      provider: 'forge',
      where: 'response',
      field: /^\/data(\/\d+)?\/attributes\/ended_at$/,
      value: (v) => v === null,
      why: 'A deployment still queued or running has not ended; the document types ended_at string.',
    },
  ],
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
