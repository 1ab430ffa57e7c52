import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForgeSimulator } from '../../../src/providers/forge/simulator/behaviour.js';
import { FORGE_CANARIES } from '../../../src/providers/forge/simulator/seed.js';
import { connect, type Harness } from '../../support/harness.js';

let sim: ForgeSimulator;
let h: Harness;
let baseUrl: string;

async function start(settings: Record<string, string> = {}) {
  h = await connect({
    accounts: [
      { provider: 'forge', name: 'main', settings: { api_token: sim.token, base_url: baseUrl, ...settings } },
    ],
  });
}

beforeEach(async () => {
  sim = new ForgeSimulator();
  baseUrl = await sim.listen();
});
afterEach(async () => {
  await h?.close();
  await sim.close();
});

const writes = () => sim.http.requests.filter((r) => r.method !== 'GET');

describe('Forge provider', () => {
  it('discovers the organization when the token sees exactly one', async () => {
    await start();
    await h.ok('list_servers');
    const paths = sim.http.requests.map((r) => r.path);
    expect(paths[0]).toBe('/api/orgs');
    expect(paths[1]).toMatch(/^\/api\/orgs\/acme\/servers\?page%5Bsize%5D=/);
  });

  it('uses the configured organization without asking', async () => {
    await start({ organization: 'acme' });
    await h.ok('list_servers');
    expect(sim.http.requests.some((r) => r.path === '/api/orgs')).toBe(false);
  });

  it('says how to fix a wrong organization', async () => {
    await start({ organization: 'other' });
    const text = await h.fail('list_servers');
    expect(text).toMatch(/forbidden/);
    expect(text).toMatch(/FORGE_API_TOKEN/);
  });

  it('builds CreateServerRequest with the cloud block and the org credential', async () => {
    await start();
    await h.ok('create_server', {
      name: 'web-3',
      cloud: 'ocean2',
      region: 'ams3',
      size: 's-1vcpu-1gb',
      php_version: 'php84',
    });
    expect(writes()).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/orgs/acme/servers',
        body: {
          name: 'web-3',
          provider: 'ocean2',
          type: 'app',
          ubuntu_version: '24.04',
          credential_id: 11,
          php_version: 'php84',
          ocean2: { region_id: 'ams3', size_id: 's-1vcpu-1gb' },
        },
      }),
    ]);
  });

  it('passes Forge 422 field errors back to the model', async () => {
    await start();
    const text = await h.fail('create_server', {
      name: 'web-3',
      cloud: 'hetzner',
      region: 'fsn1',
      size: 'cx22',
    });
    expect(text).toMatch(/Error \(validation\)/);
    expect(text).toMatch(/hetzner\.network_id/);
  });

  it('rejects arguments the provider does not know before sending anything', async () => {
    await start();
    const text = await h.fail('create_server', { name: 'x'.repeat(31), cloud: 'ocean2' });
    expect(text).toMatch(/name/);
    expect(writes()).toEqual([]);
  });

  it('never maps the deploy-hook URL (it embeds a token) or env values', async () => {
    await start();
    const site = await h.ok<{ site: Record<string, unknown> }>('get_site', { site: 'acme.test' });
    expect(JSON.stringify(site)).not.toContain(FORGE_CANARIES.deployHookToken);
    expect(site.site).toMatchObject({
      id: '201',
      server_id: '101',
      domains: ['acme.test'],
      https: true,
      repository: 'acme/shop',
    });
  });

  it('resolves servers by id, name and IP, and reports unknown ones with a hint', async () => {
    await start();
    for (const ref of ['101', 'web-1', '203.0.113.10']) {
      const got = await h.ok<{ server: { id: string } }>('get_server', { server: ref });
      expect(got.server.id).toBe('101');
    }
    const text = await h.fail('get_server', { server: 'web-9' });
    expect(text).toMatch(/No server "web-9"/);
    expect(text).toMatch(/list_servers/);
  });

  it('returns candidates instead of guessing between matching sites', async () => {
    await start();
    await h.ok('create_site', { server: 'web-2', domain: 'acme.test' });
    const text = await h.fail('get_site', { site: 'acme.test' });
    expect(text).toMatch(/ambiguous/);
    expect(text).toMatch(/"id":"201"/);
    const narrowed = await h.ok<{ site: { server_id: string } }>('get_site', {
      site: 'acme.test',
      server: 'web-1',
    });
    expect(narrowed.site.server_id).toBe('101');
  });

  it('asks for the largest page, in one request when it holds the list', async () => {
    await start({ organization: 'acme' });
    for (let i = 0; i < 35; i++)
      await h.ok('create_server', { name: `bulk-${i}`, cloud: 'custom', ip_address: `192.0.2.${i + 1}` });
    sim.http.requests.length = 0;
    const all = await h.ok<{ servers: unknown[] }>('list_servers', { limit: 500 });
    expect(all.servers).toHaveLength(37);
    expect(sim.http.requests.map((r) => r.path)).toEqual(['/api/orgs/acme/servers?page%5Bsize%5D=200']);
  });

  it('steps the page size down when Forge refuses it, and follows the cursor', async () => {
    sim.maxPageSize = 30;
    await start();
    const one = await h.ok<{ servers: unknown[]; truncated: boolean }>('list_servers', { limit: 1 });
    expect(one.servers).toHaveLength(1);
    expect(one.truncated).toBe(true);
    for (let i = 0; i < 35; i++)
      await h.ok('create_server', { name: `bulk-${i}`, cloud: 'custom', ip_address: `192.0.2.${i + 1}` });
    const all = await h.ok<{ servers: unknown[]; truncated: boolean }>('list_servers', { limit: 500 });
    expect(all.servers).toHaveLength(37);
    expect(all.truncated).toBe(false);
    expect(sim.http.requests.filter((r) => r.path.includes('page%5Bcursor%5D=e')).length).toBeGreaterThan(0);
  });

  it('adds a missing domain before requesting its certificate', async () => {
    await start();
    await h.ok('issue_certificate', { site: 'acme.test', domain: 'www.acme.test', key_type: 'rsa' });
    expect(writes().map((r) => [r.path, r.body])).toEqual([
      [
        '/api/orgs/acme/servers/101/sites/201/domains',
        { name: 'www.acme.test', allow_wildcard_subdomains: false, www_redirect_type: 'none' },
      ],
      [
        expect.stringMatching(/^\/api\/orgs\/acme\/servers\/101\/sites\/201\/domains\/\d+\/certificates$/),
        {
          type: 'letsencrypt',
          letsencrypt: { verification_method: 'http-01', key_type: 'rsa' },
          enable: true,
        },
      ],
    ]);
  });

  it('reads every log source and follows new lines by cursor', async () => {
    await start();
    const first = await h.ok<{ cursor: string; log: string }>('tail_logs', {
      source: 'application',
      site: 'acme.test',
    });
    expect(first.log).toMatch(/production\.ERROR/);
    const deployed = await h.ok<{ operation: { id: string } }>('deploy_site', { site: 'acme.test' });
    sim.clock.advance(60_000);
    await h.ok('get_operation', { operation_id: deployed.operation.id });
    const next = await h.ok<{ lines: number; log: string }>('tail_logs', {
      source: 'application',
      site: 'acme.test',
      cursor: first.cursor,
    });
    expect(next.lines).toBe(1);
    expect(next.log).toMatch(/Release [0-9a-f]{7} is live/);
    for (const source of ['nginx-access', 'nginx-error', 'deployment']) {
      await h.ok('tail_logs', { source, site: 'acme.test' });
    }
    const events = await h.ok<{ log: string }>('tail_logs', { source: 'events', server: 'web-1' });
    const eventId = /\[event (\d+)\] Deploying/.exec(events.log)?.[1];
    expect(eventId).toBeTruthy();
    const output = await h.ok<{ log: string }>('tail_logs', {
      source: 'events',
      server: 'web-1',
      id: eventId,
    });
    expect(output.log).toMatch(/git pull/);
    const text = await h.fail('tail_logs', { source: 'server', server: 'web-1' });
    expect(text).toMatch(/needs `id`/);
  });

  it('reports a running deployment as not done and polls server provisioning politely', async () => {
    await start();
    const deployed = await h.ok<{ operation: { state: string; done: boolean } }>('deploy_site', {
      site: 'api.acme.test',
    });
    expect(deployed.operation).toMatchObject({ state: 'pending', done: false });
    const created = await h.ok<{ operation: { id: string; next_check_seconds: number } }>('create_server', {
      name: 'slow',
      cloud: 'ocean2',
      region: 'ams3',
      size: 's-1vcpu-1gb',
    });
    expect(created.operation.next_check_seconds).toBe(120);
    const started = Date.now();
    const polled = await h.ok<{ operation: { done: boolean } }>('get_operation', {
      operation_id: created.operation.id,
      wait_seconds: 5,
    });
    expect(polled.operation.done).toBe(false);
    // One look, no second poll within two minutes.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects operation ids of unknown kinds', async () => {
    await start();
    const text = await h.fail('get_operation', { operation_id: 'forge:main:teleport:1' });
    expect(text).toMatch(/no operations of kind "teleport"/);
  });
});
