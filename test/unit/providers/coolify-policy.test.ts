import { describe, expect, it } from 'vitest';
import { coolifyCatalog } from '../../../src/providers/coolify/catalog.gen.js';
import { coolifyDefinition } from '../../../src/providers/coolify/index.js';
import type { CatalogOperation } from '../../../src/providers/kit/catalog.js';
import { riskOf } from '../../../src/providers/kit/policy.js';
import { connect } from '../../support/harness.js';

/** The Coolify risk policy (specs/coolify.policy.yaml) as the generated catalog carries it. */

const ops = coolifyCatalog.operations as Record<string, CatalogOperation>;
const op = (id: string) => ops[id]!;

describe('Coolify policy', () => {
  it('reads GETs, writes other methods, and destroys with every DELETE of data, saying what goes', () => {
    expect(op('list-servers').risk).toBe('read');
    expect(op('create-server').risk).toBe('write');
    const deletes = Object.values(ops).filter((o) => o.method === 'DELETE');
    expect(deletes.length).toBeGreaterThan(30);
    // Removing an environment variable changes a setting, as overwriting it does: a write.
    const settings = deletes.filter((o) => o.risk !== 'destructive');
    expect(settings.map((o) => o.id).sort()).toEqual([
      'delete-env-by-application-uuid',
      'delete-env-by-database-uuid',
      'delete-env-by-service-uuid',
    ]);
    for (const o of settings)
      expect([o.id, o.risk, o.reason]).toEqual([
        o.id,
        'write',
        expect.stringMatching(/nothing else is deleted/),
      ]);
    for (const id of ['delete-application-by-uuid', 'delete-service-by-uuid', 'delete-database-by-uuid']) {
      expect(op(id).reason).toMatch(/delete_volumes[\s\S]*default to true/);
    }
  });

  it('makes every stop, migration and data-wiping action destructive', () => {
    const stops = Object.values(ops).filter((o) => /(^|-)stop-/.test(o.id));
    expect(stops.map((o) => o.id).sort()).toEqual([
      'post-stop-service-application-by-service-and-app-uuid',
      'stop-application-by-uuid',
      'stop-database-by-uuid',
      'stop-service-by-uuid',
      'stop-service-database-by-service-and-database-uuid',
    ]);
    for (const o of stops) expect([o.id, o.risk, Boolean(o.reason)]).toEqual([o.id, 'destructive', true]);
    for (const id of [
      'migrate-application-by-uuid',
      'migrate-database-by-uuid',
      'migrate-service-by-uuid',
      'migrate-server-between-instances',
      'run-server-docker-cleanup',
      'update-private-key',
    ]) {
      expect([id, op(id).risk]).toEqual([id, 'destructive']);
    }
    // Restarts and starts bring things up: writes.
    expect(op('restart-application-by-uuid').risk).toBe('write');
    expect(op('start-service-by-uuid').risk).toBe('write');
  });

  it('raises a proxy update to destructive only when it removes the proxy', () => {
    const update = op('update-server-proxy');
    expect(riskOf(update, { proxy_type: 'none' })).toBe('destructive');
    expect(riskOf(update, { proxy_type: 'caddy' })).toBe('write');
    expect(riskOf(update, { redirect_enabled: true })).toBe('write');
  });

  it('never calls the switches of the API itself, nor the export of every secret', () => {
    const denied = Object.values(ops).filter((o) => o.risk === 'deny');
    expect(denied.map((o) => o.id).sort()).toEqual([
      'disable-api',
      'disable-mcp',
      'enable-api',
      'enable-mcp',
      'export-server-transfer-bundle',
    ]);
    for (const o of denied) expect(o.reason).toMatch(/dashboard/);
  });

  it('follows asynchronous work with the read that shows it', () => {
    for (const id of ['deploy-by-tag-or-uuid', 'restart-application-by-uuid', 'start-application-by-uuid']) {
      expect(op(id).async).toEqual({ follow: 'get-deployment-by-uuid' });
    }
    expect(op('restart-service-by-uuid').async).toEqual({ follow: 'get-service-by-uuid' });
    expect(op('validate-server-by-uuid').async).toEqual({ follow: 'get-server-by-uuid' });
    expect(op('get-deployment-by-uuid').async).toBeUndefined();
  });

  it('marks the fields that carry secrets', () => {
    expect(op('list-envs-by-application-uuid').secrets).toEqual(['[].real_value', '[].value']);
    expect(op('get-private-key-by-uuid').secrets).toEqual(['private_key']);
    expect(op('get-application-by-uuid').secrets).toEqual(
      expect.arrayContaining(['http_basic_auth_password', 'manual_webhook_secret_github']),
    );
    expect(op('get-server-sentinel').secrets).toEqual(['sentinel_custom_url', 'sentinel_token']);
    expect(coolifyCatalog.secretFields).toEqual(
      expect.arrayContaining(['postgres_password', 'internal_db_url', 'external_db_url']),
    );
  });

  it('refuses a denied operation with its reason, sending nothing', async () => {
    const sandbox = await coolifyDefinition.sandbox!({ speed: 1 });
    const h = await connect({
      accounts: [{ provider: 'coolify', name: 'main', settings: sandbox.settings }],
    });
    try {
      const api = h.context.registry.providers[0]!.api!;
      const before = sandbox.simulator.http.requests.length;
      const error = await api.send('disable-api', {}, {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'forbidden' });
      expect(String((error as Error).message)).toMatch(/switches off Coolify's API/);
      expect(sandbox.simulator.http.requests.length).toBe(before);
    } finally {
      await h.close();
      await sandbox.simulator.close();
    }
  });
});
