import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostingError } from '../../../src/core/errors.js';
import { createLogger } from '../../../src/core/logger.js';
import { Redactor } from '../../../src/core/redact.js';
import { secretFilesIn } from '../../../src/core/secret-files.js';
import type { ProviderApi } from '../../../src/providers/kit/catalog-client.js';
import { riskOf } from '../../../src/providers/kit/policy.js';
import { panelalphaCatalog } from '../../../src/providers/panelalpha/catalog.gen.js';
import { createPanelAlphaProvider } from '../../../src/providers/panelalpha/provider.js';
import { PanelAlphaSimulator } from '../../../src/providers/panelalpha/simulator/behaviour.js';
import type { HostingProvider } from '../../../src/providers/types.js';

const ops = panelalphaCatalog.operations;

describe('PanelAlpha risk policy', () => {
  it('takes the risk from the method where the policy says nothing', () => {
    expect(riskOf(ops['admin-list-servers'])).toBe('read');
    expect(riskOf(ops['create-instance'])).toBe('write');
    expect(riskOf(ops['admin-delete-server'])).toBe('destructive');
  });

  it('marks writes that overwrite or take offline what is live as destructive', () => {
    for (const id of [
      'push-staging-instance-to-live',
      'restore-instance-backup',
      'admin-reinstall-hosting-account',
      'admin-suspend-user-service',
      'install-ssl-certificate',
      'update-wordpress',
      'rename-mysql-database',
    ] as const) {
      expect(riskOf(ops[id]), id).toBe('destructive');
      expect(ops[id].reason, id).toBeTruthy();
    }
  });

  it('raises maintenance mode by its body: on is destructive, off is a write', () => {
    const op = ops['toggle-maintenance-mode'];
    expect(riskOf(op, { status: true })).toBe('destructive');
    expect(riskOf(op, { status: false })).toBe('write');
    expect(riskOf(op)).toBe('write');
    // Debug mode has the same body and no such rule.
    expect(riskOf(ops['toggle-debug-mode'], { status: true })).toBe('write');
  });

  it('treats the two GETs that change state as writes', () => {
    expect(riskOf(ops['admin-retry-task'])).toBe('write');
    expect(riskOf(ops['admin-send-test-notification-email'])).toBe('write');
  });

  it('denies what can lock the API out, mint credentials or log in as a customer, and says what to use', () => {
    const denied = Object.values(ops)
      .filter((op) => op.risk === 'deny')
      .map((op) => op.id)
      .sort();
    expect(denied).toEqual([
      'admin-add-admin-account',
      'admin-change-admin-account-status',
      'admin-create-admin-as-user-sso-token',
      'admin-create-user-sso-token',
      'admin-delete-admin-account',
      'admin-delete-admin-group',
      'admin-disable-api-token',
      'admin-enable-api-token',
      'admin-update-admin-account',
      'admin-update-admin-group',
      'admin-update-system-configuration',
      'update-email-address',
    ]);
    for (const id of denied)
      expect(ops[id as keyof typeof ops].reason, id).toMatch(/admin area|panel|admin-/);
  });

  it('knows the response fields that hold secrets', () => {
    expect(ops['admin-show-server-details'].secrets).toEqual(['data.connection_config']);
    expect(ops['show-installation-details'].secrets).toEqual(['data.admin_password']);
    expect(ops['download-instance-backup'].secrets).toEqual(['data.url']);
    expect(ops['list-wordpress-config-entries'].secrets).toEqual(['data[].value']);
    expect(panelalphaCatalog.secretFields).toEqual(
      expect.arrayContaining(['connection_config', 'password', 'token', 'Certificate.key']),
    );
  });

  it('follows asynchronous operations with the read the document names', () => {
    expect(ops['create-instance'].async).toEqual({ follow: 'show-instance-details' });
    expect(ops['admin-add-server'].async).toEqual({ follow: 'admin-show-server-details' });
    expect(ops['push-staging-instance-to-live'].async).toEqual({ follow: 'admin-list-tasks' });
    expect(ops['order-ssl-certificate'].async).toEqual({ follow: 'list-ssl-certificates' });
  });
});

describe('PanelAlpha client and the policy', () => {
  let sim: PanelAlphaSimulator;
  let provider: HostingProvider;
  let api: ProviderApi;

  beforeAll(async () => {
    sim = new PanelAlphaSimulator();
    const redactor = new Redactor();
    provider = createPanelAlphaProvider(
      {
        provider: 'panelalpha',
        name: 'main',
        settings: { api_token: sim.token, base_url: await sim.listen(), user_id: '12' },
      },
      {
        logger: createLogger({ level: 'silent', redactor }),
        redactor,
        userAgent: 'hosting-mcp-test',
        rateLimitPerMinute: 0,
        secretFiles: secretFilesIn(join(tmpdir(), 'hosting-mcp-test-secrets')),
      },
    );
    api = provider.api!;
  });
  afterAll(async () => {
    await provider.close?.();
    await sim.close();
  });

  it('refuses a denied operation with its reason, sending nothing', async () => {
    const before = sim.http.requests.length;
    const error = await api
      .send('admin-disable-api-token', { params: { id: '1' } }, {})
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HostingError);
    expect((error as HostingError).code).toBe('forbidden');
    expect((error as HostingError).message).toMatch(/token this server uses/);
    expect(sim.http.requests.length).toBe(before);
  });

  it('refuses a body the document does not allow, naming the field, sending nothing', async () => {
    const before = sim.http.requests.length;
    const error = await api
      .send('toggle-maintenance-mode', { params: { id: '101' }, body: { status: 'on' } }, {})
      .catch((caught: unknown) => caught);
    expect((error as HostingError).code).toBe('invalid_argument');
    expect((error as HostingError).message).toMatch(/body\.status: must be a boolean/);
    expect(sim.http.requests.length).toBe(before);
  });

  it('acts as the configured user on user endpoints when the call names none', async () => {
    const response = await api.send('list-ssl-offer', {}, {});
    expect(response.status).toBe(200);
    expect(sim.http.requests.at(-1)?.headers['x-panelalpha-user']).toBe('12');
  });
});
