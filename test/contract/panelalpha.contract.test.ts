import { panelalphaDefinition } from '../../src/providers/panelalpha/index.js';
import { PANELALPHA_CANARIES } from '../../src/providers/panelalpha/simulator/seed.js';
import type { Harness } from '../support/harness.js';
import { contractFlows } from './contract-flows.js';

/** What a restore changes that a later read returns: the WordPress version the site runs. */
async function wordpressVersion(h: Harness): Promise<unknown> {
  const site = await h.ok<{ site: { details?: { wordpress_version?: string } } }>('get_site', {
    provider: 'panelalpha',
    site: 'shop.acme.test',
  });
  return site.site.details?.wordpress_version;
}

contractFlows({
  specQuirks: [],
  definition: panelalphaDefinition,
  ops: {
    database: { place: { site: 'shop.acme.test' }, create: { name: 'reports', user: 'reporter' } },
    backup: {
      place: { site: 'shop.acme.test' },
      create: { note: 'contract' },
      observe: wordpressVersion,
      // The oldest backup holds the WordPress version the site ran before its last update.
      pick: (backups) => backups.filter((b) => b.state === 'succeeded').at(-1)!.id,
    },
  },
  canaries: Object.values(PANELALPHA_CANARIES),
  settleMs: 60 * 60_000,
  createServer: {
    name: 'contract-cp',
    server_type: 'cpanel',
    connection_config: {
      hostname: 'cp9.hosting.test',
      port: 2087,
      username: 'root',
      api_token: 'contract-whm-token-5Tg7Lw',
    },
    server_groups: [1],
  },
  // Sites go on a service, not on a bare server: the new server has none yet, so the install
  // uses the user's seeded service.
  createSite: () => ({ service: 'Business WP', name: 'Contract Site', domain: 'contract.acme.test' }),
  // A fresh install has no staging copy to push; deploy, logs and certificate run on the seeded
  // shop, whose staging copy exists.
  siteRef: () => ({ site: 'shop.acme.test' }),
  deploy: {},
  // A push to live overwrites the live site: destructive under the policy.
  confirmsDestructive: true,
  certificate: {},
  logReads: (ref) => [
    { source: 'instance', ...ref },
    { source: 'tasks', ...ref },
    { source: 'server', server: 'cp-eu-1' },
  ],
  seedReads: [
    ['list_servers', {}],
    ['get_server', { server: 'cp-eu-1' }],
    ['list_sites', {}],
    ['get_site', { site: 'shop.acme.test' }],
    ['tail_logs', { source: 'instance', site: 'shop.acme.test' }],
    ['tail_logs', { source: 'tasks', id: '502' }],
    ['get_operation', { operation_id: 'panelalpha:main:deployment:502:101' }],
    ['list_deployments', { site: 'shop.acme.test' }],
    ['list_certificates', { site: 'blog.acme.test' }],
    ['tail_logs', { source: 'server' }],
  ],
  listTool: 'list_servers',
  unsupported: [
    {
      tool: 'tail_logs',
      args: { source: 'syslog' },
      message: /no log source "syslog"[\s\S]*Sources:/,
    },
    {
      tool: 'control_site',
      args: { site: 'shop.acme.test', action: 'restart' },
      message: /no restart for WordPress sites[\s\S]*hosting server's own panel/,
    },
    {
      tool: 'list_backups',
      args: { server: 'cp-eu-1' },
      message: /keeps backups per WordPress site: pass `site`/,
    },
  ],
});
