import { PlatformshSimulator } from '../../src/providers/platformsh/simulator.js';
import { PLATFORMSH_CANARIES } from '../../src/providers/platformsh/simulator-data.js';
import { TEST_CERTIFICATE, TEST_PRIVATE_KEY } from '../fixtures/tls.js';
import { contractFlows } from './contract-flows.js';

contractFlows({
  provider: 'platformsh',
  async start() {
    const sim = new PlatformshSimulator();
    const { apiUrl, authUrl } = await sim.listen();
    return {
      settings: { api_token: sim.apiToken, api_url: apiUrl, auth_url: authUrl },
      advance: (ms) => sim.clock.advance(ms),
      inject: (fault) => sim.http.inject(fault),
      failNextDeployment: () => {
        sim.failNextDeployments++;
      },
      // The API host only: token exchanges on the OAuth host are reads, not writes to count.
      requests: () => sim.http.requests.map((r) => `${r.method} ${r.path}`),
      close: () => sim.close(),
    };
  },
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
