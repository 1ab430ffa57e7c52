import { readFileSync } from 'node:fs';
import { platformshDefinition } from '../../src/providers/platformsh/index.js';
import { PLATFORMSH_CANARIES } from '../../src/providers/platformsh/simulator/seed.js';
import { TEST_CERTIFICATE, TEST_PRIVATE_KEY } from '../fixtures/tls.js';
import { contractFlows } from './contract-flows.js';

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

contractFlows({
  definition: platformshDefinition,
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
  ],
});
