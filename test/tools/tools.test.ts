import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ForgeSimulator } from '../../src/providers/forge/simulator/behaviour.js';
import type { AccountConfig } from '../../src/providers/types.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { connect, type Era, type Harness, textOf } from '../support/harness.js';

let sim: ForgeSimulator;
let forge: AccountConfig;
let h: Harness | undefined;

beforeAll(async () => {
  sim = new ForgeSimulator({ speed: 100 });
  forge = {
    provider: 'forge',
    name: 'main',
    settings: { api_token: sim.token, base_url: await sim.listen() },
  };
});
afterAll(() => sim.close());
afterEach(async () => {
  await h?.close();
  h = undefined;
  sim.http.clearFaults();
});

const CORE_TOOLS = [
  'list_accounts',
  'list_servers',
  'get_server',
  'create_server',
  'list_sites',
  'get_site',
  'create_site',
  'deploy_site',
  'list_deployments',
  'get_operation',
  'issue_certificate',
  'list_certificates',
  'tail_logs',
];
/** Forge has every everyday operation but starting and stopping a site. */
const OPS_TOOLS = [
  'get_env',
  'set_env',
  'control_server',
  'list_databases',
  'create_database',
  'list_backups',
  'create_backup',
  'restore_backup',
];
const API_TOOLS = ['search_api', 'read_api', 'write_api'];
const DEFAULT_TOOLS = [...CORE_TOOLS, ...OPS_TOOLS, ...API_TOOLS];
const WRITE_TOOLS = [
  'create_server',
  'create_site',
  'deploy_site',
  'issue_certificate',
  'set_env',
  'control_server',
  'create_database',
  'create_backup',
  'restore_backup',
  'write_api',
];
/** Writes that can replace, stop or remove what is live. */
const DESTRUCTIVE_TOOLS = ['deploy_site', 'control_server', 'restore_backup', 'write_api'];

// Both protocol eras serve the same surface: every test runs over each.
describe.each<Era>(['legacy', 'modern'])('%s era', (era) => {
  describe('tools/list', () => {
    it('lists the core tools, each with all four annotations true to what it does', async () => {
      h = await connect({ era, accounts: [forge] });
      const { tools } = await h.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(DEFAULT_TOOLS);
      for (const tool of tools) {
        const a = tool.annotations!;
        for (const key of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
          expect(typeof a[key], `${tool.name}.${key}`).toBe('boolean');
        }
        const writes = WRITE_TOOLS.includes(tool.name);
        expect(a.readOnlyHint, tool.name).toBe(!writes);
        // A deployment replaces what is live, write_api can remove things; every other write adds something.
        expect(a.destructiveHint, tool.name).toBe(DESTRUCTIVE_TOOLS.includes(tool.name));
        expect(a.openWorldHint, tool.name).toBe(!['list_accounts', 'search_api'].includes(tool.name));
        expect(Object.keys(tool.inputSchema.properties ?? {}).includes('dry_run'), tool.name).toBe(writes);
        expect(tool.description!.length, tool.name).toBeLessThan(320);
      }
    });

    it('stays within the token budget: all five providers, default toolsets, output schemas included, ≤ 6,000 tokens (bytes / 4)', async () => {
      const sandbox = await startSandbox();
      try {
        h = await connect({ era, accounts: sandbox.accounts });
        const { tools } = await h.client.listTools();
        expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(DEFAULT_TOOLS));
        expect(tools.every((t) => t.outputSchema)).toBe(true);
        expect(Buffer.byteLength(JSON.stringify(tools)) / 4).toBeLessThanOrEqual(6_000);
      } finally {
        await h?.close();
        h = undefined;
        await sandbox.close();
      }
    });

    it('matches the recorded surface (names, schemas, annotations)', async () => {
      h = await connect({ era, accounts: [forge] });
      const { tools } = await h.client.listTools();
      // One recorded file for both eras: they must list exactly the same tools.
      await expect(`${JSON.stringify(tools, null, 2)}\n`).toMatchFileSnapshot(
        './__snapshots__/tools-list.json',
      );
    });

    it('removes every write tool in read-only mode', async () => {
      h = await connect({ era, accounts: [forge], readOnly: true });
      const { tools } = await h.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(DEFAULT_TOOLS.filter((n) => !WRITE_TOOLS.includes(n)));
    });

    it('exposes only the tools of enabled toolsets', async () => {
      h = await connect({ era, accounts: [forge], toolsets: ['core'] });
      expect((await h.client.listTools()).tools).toHaveLength(CORE_TOOLS.length);
      expect(loadConfig(['--toolsets', 'core,bogus'], { FORGE_API_TOKEN: 't-123456' }).errors).toEqual([
        'Unknown toolset bogus; available: core, ops, api.',
      ]);
    });

    it('makes provider optional with one provider and adds account only with several accounts', async () => {
      h = await connect({ era, accounts: [forge] });
      let tool = (await h.client.listTools()).tools.find((t) => t.name === 'list_servers')!;
      expect(tool.inputSchema.required ?? []).not.toContain('provider');
      expect(tool.inputSchema.properties).not.toHaveProperty('account');
      await h.close();

      h = await connect({ era, accounts: [forge, { ...forge, name: 'second' }] });
      tool = (await h.client.listTools()).tools.find((t) => t.name === 'list_servers')!;
      expect(tool.inputSchema.properties).toHaveProperty('account');
      const text = await h.fail('list_servers');
      expect(text).toMatch(/forge has 2 accounts: pass `account`/);
      expect(text).toMatch(/main, second/);
      const ok = await h.ok<{ account: string }>('list_servers', { account: 'second' });
      expect(ok.account).toBe('second');
      expect(await h.fail('list_servers', { account: 'third' })).toMatch(/No forge account named "third"/);
    });
  });

  describe('tool results', () => {
    it('returns structured content plus a compact text block', async () => {
      h = await connect({ era, accounts: [forge] });
      const result = await h.call('get_server', { server: 'web-1' });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        provider: 'forge',
        account: 'main',
        server: { id: '101', name: 'web-1', ready: true },
      });
      expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
    });

    it('turns invalid arguments into an error result, and changes nothing', async () => {
      h = await connect({ era, accounts: [forge] });
      const before = sim.http.requests.length;
      const result = await h.call('list_servers', { limit: 0 });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/limit/);
      const unknown = await h.call('list_servers', { provider: 'coolify' });
      expect(textOf(unknown)).toMatch(/Coolify is not configured. Configured for list_servers: forge/);
      expect(sim.http.requests.length).toBe(before);
    });

    it('says which env var to fix on 401', async () => {
      h = await connect({
        era,
        accounts: [{ ...forge, settings: { ...forge.settings, api_token: 'wrong-token-000' } }],
      });
      const text = await h.fail('list_servers');
      expect(text).toMatch(/^Error \(unauthorized\)/);
      expect(text).toMatch(/Next: Set FORGE_API_TOKEN/);
      expect(text).not.toContain('wrong-token-000');
    });

    it('says which tool lists valid ids on 404', async () => {
      h = await connect({ era, accounts: [forge] });
      const text = await h.fail('list_deployments', { site: '999999' });
      expect(text).toMatch(/not_found|No site/);
      expect(text).toMatch(/list_sites/);
    });

    it('names the fields on 422', async () => {
      h = await connect({ era, accounts: [forge] });
      const text = await h.fail('create_site', { server: 'web-1', domain: 'not a domain' });
      expect(text).toMatch(/Error \(validation\)/);
      expect(text).toMatch(/Fix these fields: name/);
    });

    it('says when to retry on 429', async () => {
      h = await connect({ era, accounts: [forge] });
      sim.http.inject({ status: 429, retryAfter: 90 });
      const text = await h.fail('list_servers');
      expect(text).toMatch(/Error \(rate_limited\)/);
      expect(text).toMatch(/Wait 90 s/);
    });

    it('spends a per-minute budget set with rateLimitPerMinute, then waits for the next request slot', async () => {
      // 60 a minute: a burst of 60 goes at once, the 61st gets its slot one second after the bucket
      // was filled (when the context was built), however fast or slow the first 60 were.
      const started = performance.now();
      h = await connect({
        era,
        accounts: [{ ...forge, settings: { ...forge.settings, organization: 'acme' } }],
        rateLimitPerMinute: 60,
      });
      for (let i = 0; i < 61; i++) await h.ok('get_server', { server: '101' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    });

    it('answers rate_limited without calling the provider when the next slot is too far away', async () => {
      // 1 a minute: the second call would wait 60 s, beyond the limiter's 20 s patience.
      h = await connect({
        era,
        accounts: [{ ...forge, settings: { ...forge.settings, organization: 'acme' } }],
        rateLimitPerMinute: 1,
      });
      await h.ok('get_server', { server: '101' });
      const before = sim.http.requests.length;
      const text = await h.fail('get_server', { server: '101' });
      expect(text).toMatch(/^Error \(rate_limited\)/);
      expect(text).toMatch(/Wait about 60 s/);
      expect(sim.http.requests.length).toBe(before);
    });

    it('reports a malformed provider body clearly', async () => {
      h = await connect({ era, accounts: [forge] });
      sim.http.inject({ malformed: true, count: 3 });
      const text = await h.fail('list_servers');
      expect(text).toMatch(/malformed_response/);
    });

    it('sends progress notifications while waiting, when the client asks for them', async () => {
      h = await connect({ era, accounts: [forge], pollScale: 0.01 });
      const deployed = await h.ok<{ operation: { id: string } }>('deploy_site', { site: 'api.acme.test' });
      const progress: string[] = [];
      const result = await h.call(
        'get_operation',
        { operation_id: deployed.operation.id, wait_seconds: 20 },
        {
          onprogress: (p) => progress.push(p.message ?? ''),
        },
      );
      expect(result.structuredContent).toMatchObject({ operation: { state: 'succeeded', done: true } });
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress.at(-1)).toMatch(/finished/);
    });
  });

  describe('resources', () => {
    it('serves hosting://accounts and server/site templates with list callbacks', async () => {
      h = await connect({ era, accounts: [forge] });
      const { resources } = await h.client.listResources();
      const uris = resources.map((r) => r.uri);
      expect(uris).toContain('hosting://accounts');
      expect(uris).toContain('hosting://forge/main/servers/101');
      expect(uris).toContain('hosting://forge/main/sites/201');
      const { resourceTemplates } = await h.client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
        'hosting://{provider}/{account}/servers/{server}',
        'hosting://{provider}/{account}/sites/{site}',
      ]);
      const accounts = await h.client.readResource({ uri: 'hosting://accounts' });
      const body = JSON.parse(String((accounts.contents[0] as { text: string }).text));
      expect(body.accounts[0]).toMatchObject({
        provider: 'forge',
        account: 'main',
        capabilities: expect.arrayContaining(['servers', 'logs']),
      });
      expect(JSON.stringify(body)).not.toContain(sim.token);
      const site = await h.client.readResource({ uri: 'hosting://forge/main/sites/201' });
      expect(JSON.parse(String((site.contents[0] as { text: string }).text)).site.name).toBe('acme.test');
      await expect(h.client.readResource({ uri: 'hosting://forge/main/servers/424242' })).rejects.toThrow(
        /list_servers/,
      );
    });
  });
});
