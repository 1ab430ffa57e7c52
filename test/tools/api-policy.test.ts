import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallToolResult, withInputRequired } from '@modelcontextprotocol/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ContextOptions } from '../../src/context.js';
import { forgeCatalog } from '../../src/providers/forge/catalog.gen.js';
import { ForgeSimulator } from '../../src/providers/forge/simulator/behaviour.js';
import { FORGE_CANARIES } from '../../src/providers/forge/simulator/seed.js';
import type { AccountConfig } from '../../src/providers/types.js';
import { connect, type ElicitingClient, type Era, type Harness, textOf } from '../support/harness.js';

/**
 * The whole-API tools under the risk policy, against the Forge simulator: reads, writes, dry runs,
 * destructive requests refused without the flag, confirmed by elicitation or by a one-time token,
 * denied operations, and the audit log line of each.
 */

let sim: ForgeSimulator;
let forge: AccountConfig;
let dir: string;
let auditLog: string;
let h: Harness | undefined;

beforeEach(async () => {
  sim = new ForgeSimulator({ speed: 100 });
  forge = {
    provider: 'forge',
    name: 'main',
    settings: { api_token: sim.token, base_url: await sim.listen() },
  };
  dir = await mkdtemp(join(tmpdir(), 'hosting-mcp-audit-'));
  auditLog = join(dir, 'state', 'audit.log');
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

const start = (options: Partial<ContextOptions> & { era?: Era } = {}, eliciting?: ElicitingClient) =>
  connect({ accounts: [forge], auditLog, ...options }, eliciting).then((harness) => {
    h = harness;
    return harness;
  });

const writes = () => sim.http.requests.filter((r) => r.method !== 'GET');
const audit = async () =>
  (await readFile(auditLog, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const DESTROY = { operation: 'organizations.servers.destroy', params: { server: '102' } };

describe('read_api and search_api', () => {
  it('stay in read-only mode, where write_api is gone', async () => {
    const { tools } = await (await start({ readOnly: true })).client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['search_api', 'read_api']));
    expect(names).not.toContain('write_api');
  });

  it('finds an operation and reads it, resolving a server name to its id', async () => {
    const harness = await start();
    const found = await harness.ok<{ operations: string[] }>('search_api', {
      query: 'list sites of a server',
    });
    expect(found.operations.join('\n')).toMatch(/organizations\.servers\.sites\.index/);
    const read = await harness.ok<{ data: Array<{ id: string }>; count: number }>('read_api', {
      operation: 'organizations.servers.sites.index',
      params: { organization: 'acme', server: 'web-1' },
    });
    expect(read.count).toBeGreaterThan(0);
    expect(sim.http.requests.some((r) => r.path.startsWith('/api/orgs/acme/servers/101/sites'))).toBe(true);
  });

  it('removes secret fields and never lets a canary out', async () => {
    const harness = await start();
    const site = await harness.ok<{ data: { data: { attributes: Record<string, unknown> } } }>('read_api', {
      operation: 'organizations.sites.show',
      params: { organization: 'acme', site: '201' },
    });
    expect(site.data.data.attributes.deployment_url).toBe('[removed: secret]');
    const env = await harness.ok<{ data: { data: { attributes: { content: string } } } }>('read_api', {
      operation: 'organizations.servers.sites.environment.show',
      params: { organization: 'acme', server: '101', site: '201' },
    });
    expect(env.data.data.attributes.content).toBe('[removed: secret]');
    for (const canary of Object.values(FORGE_CANARIES)) {
      for (const output of [...harness.outputs, ...harness.logs]) expect(output).not.toContain(canary);
    }
  });

  it('refuses a write operation, pointing at write_api', async () => {
    const text = await (await start()).fail('read_api', {
      operation: 'organizations.servers.firewall-rules.store',
      params: { organization: 'acme', server: '101' },
    });
    expect(text).toMatch(/write operation.*write_api/s);
  });
});

describe('write_api', () => {
  const rule = {
    operation: 'organizations.servers.firewall-rules.store',
    params: { organization: 'acme', server: '101' },
    body: { name: 'ssh', port: '22', type: 'allow' },
  };

  it('validates the body against the document and sends nothing when it is wrong', async () => {
    const text = await (await start()).fail('write_api', { ...rule, body: { name: 7 } });
    expect(text).toMatch(/body\.name: must be a string/);
    expect(writes()).toHaveLength(0);
  });

  it('shows the exact request on a dry run, sends nothing, and audits it', async () => {
    const result = await (await start()).ok<{ dry_run: boolean; request: { method: string; url: string } }>(
      'write_api',
      { ...rule, dry_run: true },
    );
    expect(result.request.method).toBe('POST');
    expect(result.request.url).toMatch(/\/orgs\/acme\/servers\/101\/firewall-rules$/);
    expect(writes()).toHaveLength(0);
    expect((await audit()).map((line) => line.event)).toEqual(['dry_run', 'tool']);
  });

  it('sends a write, audits before returning, and follows the async operation', async () => {
    const result = await (await start()).ok<{ status: number; operation?: { id: string } }>(
      'write_api',
      rule,
    );
    expect(result.status).toBe(202);
    expect(writes()).toHaveLength(1);
    const lines = await audit();
    expect(lines.map((line) => line.event)).toEqual(['sent', 'outcome', 'tool']);
    expect(lines[0]).toMatchObject({ tool: 'write_api', provider: 'forge', account: 'main', risk: 'write' });
    expect(lines[0]!.body_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[1]).toMatchObject({ status: 202 });
    expect((await stat(auditLog)).mode & 0o777).toBe(0o600);
  });

  it('refuses a destructive operation without --allow-destructive, naming the flag', async () => {
    const text = await (await start()).fail('write_api', DESTROY);
    expect(text).toMatch(/--allow-destructive/);
    expect(text).toMatch(/Nothing was sent/);
    expect(writes()).toHaveLength(0);
    expect((await audit()).map((line) => line.event)).toEqual(['refused', 'tool']);
  });

  it('raises the risk by body: a server reboot is destructive, so it is refused without the flag', async () => {
    const text = await (await start()).fail('write_api', {
      operation: 'organizations.servers.actions.store',
      params: { organization: 'acme', server: '101' },
      body: { action: 'reboot' },
    });
    expect(text).toMatch(/destructive/);
    expect(writes()).toHaveLength(0);
  });

  it('never calls a denied operation, saying why', async () => {
    const op = forgeCatalog.operations['organizations.recipes.destroy'];
    const saved = { risk: op.risk, reason: op.reason };
    Object.assign(op, { risk: 'deny', reason: 'recipes are shared by the whole organization' });
    try {
      const text = await (await start({ allowDestructive: true })).fail('write_api', {
        operation: 'organizations.recipes.destroy',
        params: { organization: 'acme', recipe: '1' },
      });
      expect(text).toMatch(/never called by this server: recipes are shared/);
      expect(writes()).toHaveLength(0);
    } finally {
      Object.assign(op, saved);
    }
  });
});

describe('a person confirms each destructive request', () => {
  it('through a one-time token when the client cannot ask', async () => {
    const harness = await start({ allowDestructive: true });
    const first = await harness.call('write_api', DESTROY);
    expect(first.isError).toBe(true);
    const error = (
      first.structuredContent as { error: { code: string; details: { confirm: string; plan: object } } }
    ).error;
    expect(error.code).toBe('confirmation_required');
    expect(error.details.plan).toMatchObject({ request: 'DELETE /orgs/acme/servers/102' });
    expect(writes()).toHaveLength(0);

    // A token confirms only the request it was issued for…
    const other = await harness.fail('write_api', {
      ...DESTROY,
      params: { server: '101' },
      confirm: error.details.confirm,
    });
    expect(other).toMatch(/issued for another request/);
    expect(await harness.fail('write_api', { ...DESTROY, confirm: 'not.a.token' })).toMatch(/refused/);
    expect(writes()).toHaveLength(0);

    // …and only once.
    const sent = await harness.ok<{ confirmed_by: string }>('write_api', {
      ...DESTROY,
      confirm: error.details.confirm,
    });
    expect(sent.confirmed_by).toBe('token');
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /api/orgs/acme/servers/102']);
    expect(await harness.fail('write_api', { ...DESTROY, confirm: error.details.confirm })).toMatch(
      /already used/,
    );
    expect(writes()).toHaveLength(1);

    const events = (await audit()).map((line) => line.event);
    expect(events).toContain('confirmed');
    expect((await audit()).find((line) => line.event === 'confirmed')).toMatchObject({
      confirmed_by: 'token',
    });
  });

  // A 2025-era client is asked by a request to it; a 2026-07-28 client by an input_required
  // result, which the SDK client answers and then calls again with the answer and the state.
  describe.each(['legacy', 'modern'] as const)('through elicitation (%s era)', (era) => {
    it('accept sends it, once', async () => {
      const asked: string[] = [];
      const harness = await start(
        { allowDestructive: true, era },
        {
          answer: (message) => {
            asked.push(message);
            return { action: 'accept', content: { confirm: true } };
          },
        },
      );
      const result = await harness.ok<{ confirmed_by: string; status: number }>('write_api', DESTROY);
      expect(result.confirmed_by).toBe('elicitation');
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatch(/DELETE \/orgs\/acme\/servers\/102/);
      expect(writes()).toHaveLength(1);
      expect((await audit()).find((line) => line.event === 'confirmed')).toMatchObject({
        confirmed_by: 'elicitation',
      });
    });

    it.each([
      ['decline', { action: 'decline' as const }],
      ['cancel', { action: 'cancel' as const }],
      ['accept without a yes', { action: 'accept' as const, content: { confirm: false } }],
    ])('%s sends nothing', async (_name, answer) => {
      const harness = await start({ allowDestructive: true, era }, { answer: () => answer });
      const text = await harness.fail('write_api', DESTROY);
      expect(text).toMatch(/Nothing was sent/);
      expect(writes()).toHaveLength(0);
    });
  });

  it('refuses a 2026-07-28 answer that comes back with the state of another request, or twice', async () => {
    const harness = await start(
      { allowDestructive: true, era: 'modern' },
      { answer: () => ({ action: 'cancel' }) },
    );
    const ask = (args: Record<string, unknown>, retry?: Record<string, unknown>) =>
      harness.client.request(
        { method: 'tools/call', params: { name: 'write_api', arguments: args, ...retry } },
        withInputRequired(z.looseObject({})),
        { allowInputRequired: true },
      ) as Promise<Record<string, unknown>>;
    const yes = { inputResponses: { confirm: { action: 'accept', content: { confirm: true } } } };

    const first = await ask(DESTROY);
    expect(first).toMatchObject({ resultType: 'input_required', requestState: expect.any(String) });
    const other = await ask(
      { ...DESTROY, params: { server: '101' } },
      { ...yes, requestState: first.requestState },
    );
    expect(textOf(other as CallToolResult)).toMatch(/issued for another request/);
    expect(await ask(DESTROY, { ...yes, requestState: 'forged.state.value' })).toMatchObject({
      isError: true,
    });
    expect(writes()).toHaveLength(0);

    const sent = await ask(DESTROY, { ...yes, requestState: first.requestState });
    expect(sent).toMatchObject({ structuredContent: { confirmed_by: 'elicitation' } });
    const again = await ask(DESTROY, { ...yes, requestState: first.requestState });
    expect(textOf(again as CallToolResult)).toMatch(/already used/);
    expect(writes()).toHaveLength(1);
  });
});

describe('the audit log', () => {
  it('refuses writes when it cannot be written, while reads go on', async () => {
    const harness = await start({ auditLog: '/dev/null/audit.log' });
    const text = await harness.fail('write_api', {
      operation: 'organizations.servers.firewall-rules.store',
      params: { organization: 'acme', server: '101' },
      body: { name: 'ssh', port: '22', type: 'allow' },
    });
    expect(text).toMatch(/audit log .* cannot be written/);
    expect(writes()).toHaveLength(0);
    await harness.ok('read_api', {
      operation: 'organizations.servers.index',
      params: { organization: 'acme' },
    });
  });

  it('holds no secret: bodies are redacted, with a hash of the whole body', async () => {
    await (await start()).ok('write_api', {
      operation: 'organizations.servers.sites.environment.update',
      params: { organization: 'acme', server: '101', site: '201' },
      body: {
        environment: `APP_KEY=${FORGE_CANARIES.appKey}\nDB_PASSWORD=${FORGE_CANARIES.databasePassword}`,
      },
    });
    const text = await readFile(auditLog, 'utf8');
    expect(text).not.toContain(FORGE_CANARIES.appKey);
    expect(text).not.toContain(FORGE_CANARIES.databasePassword);
    expect(text).toMatch(/"body_sha256":"[0-9a-f]{64}"/);
  });
});
