import { platformshDefinition } from '../../src/providers/platformsh/index.js';
import { PLATFORMSH_CANARIES } from '../../src/providers/platformsh/simulator-data.js';
import { TEST_CERTIFICATE, TEST_PRIVATE_KEY } from '../fixtures/tls.js';
import { contractFlows } from './contract-flows.js';

contractFlows({
  definition: platformshDefinition,
  canaries: Object.values(PLATFORMSH_CANARIES),
  settleMs: 60 * 60_000,
  createServer: {
    name: 'Contract Shop',
    organization: 'acme',
    plan: 'development',
    region: 'eu-3.platform.sh',
  },
  createSite: (server) => ({ server: server.id, name: 'contract-feature' }),
  siteRef: (site) => ({ site: site.id }),
  deploy: {},
  certificate: { certificate: TEST_CERTIFICATE, private_key: TEST_PRIVATE_KEY },
  logReads: (ref) => [{ source: 'deployment', ...ref }],
  seedReads: [
    ['list_servers', {}],
    ['get_server', { server: 'Acme Shop' }],
    ['list_sites', {}],
    ['get_site', { site: 'main', server: 'sh0pabcd12345' }],
    ['list_deployments', { site: 'main', server: 'Acme Shop' }],
    ['tail_logs', { source: 'deployment', site: 'sh0pabcd12345:main' }],
    ['tail_logs', { source: 'activity', server: 'Acme Shop' }],
    ['list_certificates', { site: 'sh0pabcd12345:main' }],
    ['list_certificates', { site: 'sh0pabcd12345:staging' }],
  ],
  listTool: 'list_servers',
  unsupported: [
    {
      tool: 'tail_logs',
      args: { source: 'nginx-error', site: 'sh0pabcd12345:main' },
      message: /no log source "nginx-error"[\s\S]*Runtime logs: SSH only/,
    },
    {
      tool: 'create_site',
      args: { name: 'no-project' },
      message: /pass `server`/,
    },
  ],
});
