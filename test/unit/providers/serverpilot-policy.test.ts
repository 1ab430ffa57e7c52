import { describe, expect, it } from 'vitest';
import type { CatalogOperation } from '../../../src/providers/kit/catalog.js';
import { riskOf } from '../../../src/providers/kit/policy.js';
import { serverpilotCatalog } from '../../../src/providers/serverpilot/catalog.gen.js';

const ops = serverpilotCatalog.operations;
const all = Object.values(ops) as CatalogOperation[];

describe('serverpilot policy', () => {
  it('reads every GET, and destroys with every DELETE, each saying what it takes with it', () => {
    for (const op of all.filter((o) => o.method === 'GET')) expect(op.risk, op.id).toBe('read');
    const destructive = all.filter((o) => riskOf(o) === 'destructive').map((o) => o.id);
    expect(destructive.sort()).toEqual([
      'delete-app',
      'delete-app-ssl',
      'delete-database',
      'delete-server',
      'delete-sysuser',
    ]);
    for (const id of destructive) expect(ops[id as keyof typeof ops].reason, id).toBeTruthy();
    expect(ops['delete-sysuser'].reason).toMatch(/every app and database/);
    expect(ops['delete-app-ssl'].reason).toMatch(/HTTPS and ForceSSL stop/);
  });

  it('makes turning ForceSSL off destructive by its body, and never lowers a risk by the body', () => {
    const force = ops['set-forcessl'];
    expect(riskOf(force, { force: false })).toBe('destructive');
    expect(riskOf(force, { force: true })).toBe('write');
    expect(riskOf(force)).toBe('write');
    expect(riskOf(ops['enable-autossl'], { auto: true })).toBe('write');
    expect(riskOf(ops['delete-app-ssl'], { force: true })).toBe('destructive');
  });

  it('keeps domain-list replacement and password updates writes, with the reason', () => {
    expect(ops['update-app']).toMatchObject({
      risk: 'write',
      reason: expect.stringMatching(/whole domain list/),
    });
    for (const id of ['update-sysuser', 'update-database'] as const) {
      expect(ops[id]).toMatchObject({ risk: 'write', reason: expect.stringMatching(/password/) });
    }
    expect(all.some((o) => o.risk === 'deny')).toBe(false);
  });

  it('names the secret response fields: private keys of apps and the server API key', () => {
    expect(serverpilotCatalog.secretFields).toEqual(['CreatedServer.apikey', 'Ssl.key']);
    expect(ops['create-server'].secrets).toEqual(['data.apikey']);
    expect(ops['list-apps'].secrets).toEqual(['data[].ssl.key']);
    expect(ops['get-app'].secrets).toEqual(['data.ssl.key']);
    for (const id of ['add-custom-ssl', 'enable-autossl', 'set-forcessl'] as const) {
      expect(ops[id].secrets, id).toEqual(['data.key']);
    }
  });

  it('follows every write that answers with an actionid through get-action', () => {
    const writes = all.filter((o) => o.method !== 'GET' && o.id !== 'delete-server');
    expect(writes).toHaveLength(15);
    for (const op of writes) expect(op.async, op.id).toEqual({ follow: 'get-action' });
    // The reference's delete of a server answers without an actionid.
    expect(ops['delete-server'].async).toBeUndefined();
  });
});
