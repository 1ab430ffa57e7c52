import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { coolifyDefinition } from '../../src/providers/coolify/index.js';
import { forgeDefinition } from '../../src/providers/forge/index.js';
import { platformshDefinition } from '../../src/providers/platformsh/index.js';
import type { ProviderDefinition } from '../../src/providers/types.js';
import { connect, type Harness, textOf } from '../support/harness.js';
import { type HostileSandbox, hostileSandbox } from '../support/hostile.js';

/**
 * What the model sees when its own arguments are hostile or broken, and when a call fails after a
 * write went through: a clear error that names the argument (or the read that checks), never a
 * stack, a 200 KB echo or advice to repeat a write.
 */

describe('hostile arguments (Forge)', () => {
  let sandbox: HostileSandbox;
  let h: Harness;
  const sent = () => sandbox.reached().length;

  beforeAll(async () => {
    sandbox = await hostileSandbox(forgeDefinition, 100);
    h = await connect({
      accounts: [{ provider: 'forge', name: 'main', settings: sandbox.settings }],
      pollScale: 0.01,
    });
  });
  afterEach(() => sandbox.proxy.clear());
  afterAll(async () => {
    await h.close();
    await sandbox.close();
  });

  it('names the argument that is not valid text, and sends nothing', async () => {
    const before = sent();
    const text = await h.fail('get_site', { site: 'acme\ud800.test' });
    expect(text).toMatch(/`site` is not valid text/);
    expect(text).not.toMatch(/URI malformed|Unexpected failure/);
    expect(sent()).toBe(before);
  });

  it('names the argument with a broken %-escape', async () => {
    const text = await h.fail('get_operation', { operation_id: 'forge:main:deployment:101:201:%zz' });
    expect(text).toMatch(
      /^Error \(invalid_argument\): operation_id "forge:main:deployment:101:201:%zz" is not/,
    );
    await expect(h.client.readResource({ uri: 'hosting://forge/main/sites/%zz' })).rejects.toThrow(
      /broken %-escape/,
    );
  });

  it('refuses a 200 KB name without echoing it back or sending anything', async () => {
    const before = sent();
    const huge = 'x'.repeat(200_000);
    const text = await h.fail('get_site', { site: huge });
    expect(text).toMatch(/at most 255 characters/);
    expect(text.length).toBeLessThan(1_000);
    const logs = await h.fail('tail_logs', { source: 'application', site: '201', id: huge });
    expect(logs.length).toBeLessThan(1_000);
    expect(sent()).toBe(before);
  });

  it('keeps a tail_logs cursor within its own limit, however long the refs', async () => {
    const read = {
      source: 'application',
      site: `201${' '.repeat(250)}`,
      server: `web-1${' '.repeat(248)}`,
      id: 'k'.repeat(255),
    };
    const first = await h.ok<{ cursor: string }>('tail_logs', read);
    expect(first.cursor.length).toBeLessThanOrEqual(500);
    const again = await h.ok<{ lines: number }>('tail_logs', { ...read, cursor: first.cursor });
    expect(again.lines).toBe(0);
  });

  it('keeps the result of an accepted write when following it fails', async () => {
    sandbox.proxy.play({
      match: /^GET .*\/deployments\/\d+/,
      times: 10,
      answer: { status: 500, body: '{"message":"Server Error"}' },
    });
    const result = await h.call('deploy_site', { site: 'acme.test', wait_seconds: 3 });
    expect(result.isError, textOf(result)).toBeFalsy();
    const body = result.structuredContent as {
      operation: { id: string };
      follow_error: string;
      follow_with: string;
    };
    expect(body.operation.id).toMatch(/^forge:main:deployment:/);
    expect(body.follow_error).toMatch(/Following the operation failed/);
    expect(body.follow_with).toMatch(/get_operation/);
  });

  it('says which writes went through before a later one was refused', async () => {
    sandbox.proxy.play({
      match: /^POST .*\/certificates/,
      answer: {
        status: 422,
        headers: { 'content-type': 'application/json' },
        body: '{"message":"The key type is invalid.","errors":{"key_type":["invalid"]}}',
      },
    });
    const text = await h.fail('issue_certificate', { site: 'acme.test', domain: 'fresh.acme.test' });
    expect(text).toMatch(/^Error \(validation\)/);
    expect(text).toMatch(/Already applied before the failure: Laravel Forge POST [\w.]*domains\.store\./);
  });
});

/** Runs `test` against a provider's simulator behind a hostile proxy, then closes both. */
async function behind(
  definition: ProviderDefinition,
  test: (sandbox: HostileSandbox, h: Harness) => Promise<void>,
): Promise<void> {
  const sandbox = await hostileSandbox(definition, 100);
  // Writes the risk policy calls destructive are confirmed, as a person would.
  const h = await connect(
    {
      accounts: [{ provider: definition.id, name: 'main', settings: sandbox.settings }],
      allowDestructive: true,
    },
    { answer: () => ({ action: 'accept', content: { confirm: true } }) },
  );
  try {
    await test(sandbox, h);
  } finally {
    await h.close();
    await sandbox.close();
  }
}

describe('a failure after an accepted write (Platform.sh)', () => {
  it('is an unknown outcome that names the read, not a failure to repeat', async () => {
    await behind(platformshDefinition, async (sandbox, h) => {
      // The redeploy is accepted, but its answer names no activity, and the read for it fails.
      sandbox.proxy.play({
        match: /^POST .*\/redeploy/,
        rewrite: (body) => ({ ...(body as object), _embedded: {} }),
      });
      sandbox.proxy.play({ match: /^GET .*\/activities/, times: 10, answer: { status: 500, body: '{}' } });
      const text = await h.fail('deploy_site', { site: 'main', server: 'Acme Shop' });
      expect(text).toMatch(
        /^Error \(outcome_unknown\): Platform\.sh POST redeploy-environment was accepted, then the call failed/,
      );
      expect(text).toMatch(/call list_deployments \{"site":"main","server":"Acme Shop"\}/);
      expect(text).not.toMatch(/retry|try again/i);
    });
  });
});

describe('a write the provider answered but did not carry out (Coolify)', () => {
  it('is a failure, not a success without an operation', async () => {
    await behind(coolifyDefinition, async (sandbox, h) => {
      sandbox.proxy.play({
        match: /^POST .*\/deploy\?/,
        rewrite: () => ({ deployments: [{ message: 'A deployment is already in progress.' }] }),
      });
      const text = await h.fail('deploy_site', { site: 'acme-shop' });
      expect(text).toMatch(
        /^Error \(conflict\): Coolify did not queue a deployment of acme-shop: A deployment is already in progress\./,
      );
      expect(text).toMatch(/list_deployments shows whether one is already queued/);
    });
  });
});

describe('echoes of provider-specific arguments', () => {
  it('are capped in error results', async () => {
    await behind(coolifyDefinition, async (_sandbox, h) => {
      const text = await h.fail('create_server', {
        name: 'echo',
        ip_address: '198.51.100.9',
        private_key: `missing key ${'k'.repeat(100_000)}`,
      });
      expect(text).toMatch(/^Error \(not_found\): Coolify has no private key "missing key k+… \[cut]/);
      expect(text.length).toBeLessThan(2_500);
    });
  });
});
