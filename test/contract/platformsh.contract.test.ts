import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgeDefinition } from '../../src/providers/forge/index.js';
import { platformshDefinition } from '../../src/providers/platformsh/index.js';
import { PLATFORMSH_CANARIES } from '../../src/providers/platformsh/simulator/seed.js';
import { TEST_CERTIFICATE, TEST_PRIVATE_KEY } from '../fixtures/tls.js';
import { connect, type Harness } from '../support/harness.js';
import { contractFlows, type RunningSimulator, startSimulator } from './contract-flows.js';

const schemas: Record<string, { properties: Record<string, unknown> }> = JSON.parse(
  readFileSync('specs/platformsh.openapi.json', 'utf8'),
).components.schemas;

/**
 * Platform.sh answers HAL: it adds `_links` to its resources and, on writes, the activities it
 * started (or the created entity) in `_embedded`, while the document closes these schemas with
 * `additionalProperties: false`. Allowed only when every other key is one the component declares.
 */
function halExtras(component: string) {
  const declared = schemas[component]!.properties;
  return {
    provider: 'platformsh',
    where: 'response' as const,
    field: /^(\/\d+)?$/,
    value: (value: unknown) =>
      Boolean(value) &&
      typeof value === 'object' &&
      Object.keys(value as object).every((key) => key in declared || key === '_links' || key === '_embedded'),
    why: `HAL links and embedded activities on ${component}, which the document closes to other keys.`,
  };
}

/** What a restore changes that the API shows: the environment is redeployed when it completes. */
async function lastDeployment(h: Harness): Promise<unknown> {
  const site = await h.ok<{ site: { details?: { last_deployment_at?: string } } }>('get_site', {
    provider: 'platformsh',
    site: 'sh0pabcd12345:main',
  });
  return site.site.details?.last_deployment_at;
}

contractFlows({
  definition: platformshDefinition,
  ops: {
    env: { site: { site: 'sh0pabcd12345:staging' } },
    backup: { place: { site: 'sh0pabcd12345:main' }, observe: lastDeployment },
  },
  specQuirks: [
    halExtras('AcceptedResponse'),
    halExtras('Project'),
    halExtras('Environment'),
    halExtras('Activity'),
    {
      provider: 'platformsh',
      where: 'response',
      field: /^(\/\d+)?\/(failure_reason|deployment_state\/last_deployment_failure_reason)$/,
      value: (v) => v === null,
      why: 'Nothing failed: the document marks the failure reason nullable, but its enum (error, shell) leaves out null.',
    },
  ],
  // A redeploy and a new (billed) project are destructive under the policy.
  confirmsDestructive: true,
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
    {
      tool: 'get_env',
      args: { site: 'sh0pabcd12345:main', scope: 'build' },
      message: /no variable scope "build"[\s\S]*Scopes: environment, project/,
    },
    {
      tool: 'control_site',
      args: { site: 'sh0pabcd12345:old-feature', action: 'start' },
      message: /old-feature is inactive[\s\S]*deploy_site with activate: true/,
    },
  ],
});

describe('contract: platformsh next to forge, for what Platform.sh has no API for', () => {
  let sims: RunningSimulator[];
  let h: Harness;

  beforeEach(async () => {
    sims = await Promise.all([startSimulator(forgeDefinition), startSimulator(platformshDefinition)]);
    h = await connect({
      accounts: [
        { provider: 'forge', name: 'main', settings: sims[0]!.settings },
        { provider: 'platformsh', name: 'main', settings: sims[1]!.settings },
      ],
    });
  });
  afterEach(async () => {
    await h.close();
    await Promise.all(sims.map((sim) => sim.close()));
  });

  it('answers database and server verbs with what to use instead, sending nothing', async () => {
    for (const [tool, args] of [
      ['list_databases', { site: 'sh0pabcd12345:main' }],
      ['create_database', { site: 'sh0pabcd12345:main', name: 'reports' }],
    ] as const) {
      const text = await h.fail(tool, { provider: 'platformsh', ...args });
      expect(text).toMatch(
        new RegExp(
          `Platform.sh does not support ${tool}[\\s\\S]*no database API: databases are services declared in the project's \\.platform/services\\.yaml[\\s\\S]*create_backup backs up an environment's databases`,
        ),
      );
      expect(text).toMatch(/Providers that do: forge/);
    }
    const reboot = await h.fail('control_server', {
      provider: 'platformsh',
      server: 'sh0pabcd12345',
      action: 'reboot',
    });
    expect(reboot).toMatch(/runs no servers of yours: control_site restarts an environment/);
    expect(sims[1]!.requests()).toEqual([]);
    const accounts = await h.ok<{
      accounts: Array<{ provider: string; not_supported?: Record<string, string> }>;
    }>('list_accounts');
    const psh = accounts.accounts.find((a) => a.provider === 'platformsh')!;
    expect(Object.keys(psh.not_supported ?? {}).sort()).toEqual(['databases', 'serverControl']);
  });
});
