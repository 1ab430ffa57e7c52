import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServerPilotSimulator } from '../../../src/providers/serverpilot/simulator/behaviour.js';
import { SERVERPILOT_CANARIES, SERVERPILOT_SEED } from '../../../src/providers/serverpilot/simulator/seed.js';

const WWW1 = SERVERPILOT_SEED.servers[0]!;
const SHOP = SERVERPILOT_SEED.apps[0]!;
const SHOP_USER = SERVERPILOT_SEED.sysusers[3]!;
const DEFAULT_USER = SERVERPILOT_SEED.sysusers[0]!;
const MINUTE = 60_000;

describe('serverpilot simulator', () => {
  let sim: ServerPilotSimulator;
  let base: string;

  beforeEach(async () => {
    sim = new ServerPilotSimulator();
    base = await sim.listen();
  });
  afterEach(() => sim.close());

  async function api(method: string, path: string, body?: unknown, auth = true) {
    const headers: Record<string, string> = {};
    if (auth)
      headers.authorization = `Basic ${Buffer.from(`${sim.clientId}:${sim.apiKey}`).toString('base64')}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: test reads arbitrary JSON bodies.
    return { status: res.status, body: (await res.json()) as any };
  }

  it('listens on loopback under /v1 and uses 16-character ids', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const ids = [
      ...SERVERPILOT_SEED.servers.map((s) => s.id),
      ...SERVERPILOT_SEED.sysusers.map((u) => u.id),
      ...SERVERPILOT_SEED.apps.map((a) => a.id),
      ...Object.values(SERVERPILOT_SEED.actions),
    ];
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('requires Basic auth and answers in its own error shape', async () => {
    const none = await api('GET', '/servers', undefined, false);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: { message: expect.any(String) } });
    const res = await fetch(`${base}/servers`, {
      headers: { authorization: `Basic ${Buffer.from(`${sim.clientId}:wrong`).toString('base64')}` },
    });
    expect(res.status).toBe(401);
    expect((await api('GET', '/nowhere')).status).toBe(404);
    const method = await api('PUT', '/servers');
    expect(method.status).toBe(405);
    expect(method.body.error.message).toMatch(/PUT/);
  });

  it('wraps data in {data} and adds actionid on writes', async () => {
    const list = await api('GET', '/servers');
    expect(list.body.actionid).toBeUndefined();
    expect(list.body.data.map((s: { name: string }) => s.name)).toEqual(['www1', 'www2', 'staging']);
    const update = await api('POST', `/servers/${WWW1.id}`, { firewall: false });
    expect(update.body.actionid).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(update.body.data.firewall).toBe(false);
  });

  it('registers a server: apikey once, default system user, connects after the installer runs', async () => {
    const created = await api('POST', '/servers', { name: 'web9' });
    expect(created.status).toBe(200);
    expect(created.body.data.apikey).toBe(SERVERPILOT_CANARIES.serverApiKey);
    expect(created.body.data).toMatchObject({ lastconn: null, lastaddress: null, plan: 'economy' });
    const id = created.body.data.id;
    const shown = await api('GET', `/servers/${id}`);
    expect(shown.body.data.apikey).toBeUndefined();
    const users = await api('GET', '/sysusers');
    expect(users.body.data).toContainEqual({ id: expect.any(String), name: 'serverpilot', serverid: id });
    const action = () => api('GET', `/actions/${created.body.actionid}`).then((r) => r.body.data.status);
    expect(await action()).toBe('open');
    sim.clock.advance(3 * MINUTE);
    expect((await api('GET', `/servers/${id}`)).body.data.lastconn).toEqual(expect.any(Number));
    expect(await action()).toBe('open');
    sim.clock.advance(10 * MINUTE);
    expect(await action()).toBe('success');
    expect((await api('POST', '/servers', { name: 'web10' })).body.data.apikey).not.toBe(
      SERVERPILOT_CANARIES.serverApiKey,
    );
  });

  it('validates input with 400, duplicates with 409, billing with 402', async () => {
    expect((await api('POST', '/servers', { name: 'Web_1' })).status).toBe(400);
    expect((await api('POST', '/servers', { name: 'web-' })).status).toBe(400);
    expect((await api('POST', '/servers', { name: 'web', plan: 'gold' })).status).toBe(400);
    const duplicate = await api('POST', '/servers', { name: 'www1' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toMatch(/already exists/);
    const app = { name: 'newapp', sysuserid: SHOP_USER.id, runtime: 'php8.3', domains: ['new.example.com'] };
    expect((await api('POST', '/apps', { ...app, runtime: 'php5.6' })).status).toBe(400);
    expect((await api('POST', '/apps', { ...app, name: 'new-app' })).status).toBe(400);
    expect((await api('POST', '/apps', { ...app, domains: ['not a domain'] })).status).toBe(400);
    expect((await api('POST', '/apps', { ...app, name: 'shop' })).status).toBe(409);
    expect((await api('POST', '/sysusers', { serverid: WWW1.id, name: 'shop' })).status).toBe(409);
    expect((await api('POST', '/sysusers', { serverid: WWW1.id, name: '3po' })).status).toBe(400);
    expect(
      (await api('POST', '/sysusers', { serverid: WWW1.id, name: 'dana', password: 'short' })).status,
    ).toBe(400);
    sim.cardOnFile = false;
    expect((await api('POST', '/servers', { name: 'web9' })).status).toBe(402);
  });

  it('protects the serverpilot user (403) and cascades other system user deletes', async () => {
    const protectedUser = await api('DELETE', `/sysusers/${DEFAULT_USER.id}`);
    expect(protectedUser.status).toBe(403);
    const deleted = await api('DELETE', `/sysusers/${SHOP_USER.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ actionid: expect.any(String), data: {} });
    expect((await api('GET', `/apps/${SHOP.id}`)).status).toBe(404);
    expect((await api('GET', '/dbs')).body.data).toEqual([]);
  });

  it('returns ssl.key on app reads, autossl only on details, never database passwords', async () => {
    const list = await api('GET', '/apps');
    const shop = list.body.data.find((a: { id: string }) => a.id === SHOP.id);
    expect(shop.ssl.key).toContain(SERVERPILOT_CANARIES.sslKey);
    expect(shop.autossl).toBeUndefined();
    const details = await api('GET', `/apps/${SHOP.id}`);
    expect(details.body.data.autossl).toEqual({ available: true, domains: SHOP.domains });
    expect(JSON.stringify((await api('GET', '/dbs')).body)).not.toContain(
      SERVERPILOT_CANARIES.databasePassword,
    );
  });

  it('replaces the domain list and follows the SSL rules', async () => {
    const created = await api('POST', '/apps', {
      name: 'fresh',
      sysuserid: SHOP_USER.id,
      runtime: 'php8.4',
      domains: ['a.example.com', 'b.example.com'],
    });
    const id = created.body.data.id;
    const replaced = await api('POST', `/apps/${id}`, { domains: ['b.example.com'] });
    expect(replaced.body.data.domains).toEqual(['b.example.com']);
    // Too early: no AutoSSL certificate yet.
    expect((await api('POST', `/apps/${id}/ssl`, { auto: true })).status).toBe(400);
    expect((await api('POST', `/apps/${id}/ssl`, { force: true })).status).toBe(400);
    sim.clock.advance(10 * MINUTE);
    expect((await api('POST', `/apps/${id}/ssl`, { auto: true, force: true })).status).toBe(400);
    const auto = await api('POST', `/apps/${id}/ssl`, { auto: true });
    expect(auto.body.data).toMatchObject({ auto: true, force: false });
    expect((await api('POST', `/apps/${id}/ssl`, { force: true })).body.data.force).toBe(true);
    expect((await api('POST', `/apps/${SHOP.id}/ssl`, { auto: true })).status).toBe(400);
    expect((await api('DELETE', `/apps/${id}/ssl`)).status).toBe(200);
    expect((await api('GET', `/apps/${id}`)).body.data.ssl).toBeNull();
  });

  it('ends actions in error when told to, and serves injected faults', async () => {
    sim.failNextActions = 1;
    const update = await api('POST', `/servers/${WWW1.id}`, { autoupdates: false });
    sim.clock.advance(MINUTE);
    expect((await api('GET', `/actions/${update.body.actionid}`)).body.data.status).toBe('error');
    expect((await api('GET', `/actions/${SERVERPILOT_SEED.actions.succeeded}`)).body.data.status).toBe(
      'success',
    );
    expect((await api('GET', '/actions/Zz0Zz0Zz0Zz0Zz0Z')).status).toBe(404);
    sim.http.inject({ status: 500, match: 'GET /v1/apps' });
    const broken = await api('GET', '/apps');
    expect(broken.status).toBe(500);
    expect(broken.body).toEqual({ error: { message: expect.any(String) } });
  });

  it('deletes a server without an actionid, as documented', async () => {
    const deleted = await api('DELETE', `/servers/${WWW1.id}`);
    expect(deleted.body).toEqual({ data: {} });
    expect((await api('GET', `/apps/${SHOP.id}`)).status).toBe(404);
  });
});
