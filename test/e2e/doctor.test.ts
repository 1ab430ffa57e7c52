import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoolifySimulator } from '../../src/providers/coolify/simulator/behaviour.js';
import { ForgeSimulator } from '../../src/providers/forge/simulator/behaviour.js';
import { freePort, startRedis } from '../support/redis.js';
import { CLI } from '../support/spawn-http.js';

/** `hosting-mcp doctor` as a user runs it: the built CLI, its table on stdout, its exit code. */
function doctor(args: string[], env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'hosting-mcp-doctor-'));
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'doctor', ...args],
      { cwd, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The row of one check, columns split on the table's double spaces. */
function row(stdout: string, account: string, check: string): string[] | undefined {
  return stdout
    .split('\n')
    .map((line) => line.split(/ {2,}/))
    .find((cells) => cells[0] === account && cells[1] === check);
}

describe('hosting-mcp doctor', () => {
  let forge: ForgeSimulator;
  let forgeUrl: string;
  beforeAll(async () => {
    forge = new ForgeSimulator();
    forgeUrl = await forge.listen();
  });
  afterAll(async () => {
    await forge?.close();
  });

  it('passes every check against the sandbox and exits 0', async () => {
    const { code, stdout } = await doctor(['--sandbox']);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/ FAIL /);
    for (const provider of ['forge', 'serverpilot', 'coolify', 'panelalpha', 'platformsh']) {
      expect(row(stdout, `${provider}/sandbox`, 'authentication')?.[2], provider).toBe('ok');
      expect(row(stdout, `${provider}/sandbox`, 'clock')?.[2], provider).toBe('ok');
    }
    expect(row(stdout, 'forge/sandbox', 'organization')).toEqual([
      'forge/sandbox',
      'organization',
      'ok',
      "acme (the token's only organization)",
    ]);
    expect(row(stdout, 'coolify/sandbox', 'team')?.[3]).toBe('the token\'s team is "Root Team"');
    expect(stdout).toMatch(/(\d+) checks: \1 ok, 0 warn, 0 failed, 0 skipped/);
  });

  it('fails with a line naming FORGE_API_TOKEN when the token is wrong, and prints no token', async () => {
    const { code, stdout, stderr } = await doctor([], {
      FORGE_API_TOKEN: 'wrong-token-1234567',
      FORGE_BASE_URL: forgeUrl,
    });
    expect(code).toBe(1);
    const auth = row(stdout, 'forge/default', 'authentication');
    expect(auth?.[2]).toBe('FAIL');
    expect(auth?.[3]).toMatch(/^401: FORGE_API_TOKEN was not accepted/);
    expect(row(stdout, 'forge/default', 'reachable')?.[2]).toBe('ok');
    for (const secret of ['wrong-token-1234567', forge.token]) {
      expect(stdout + stderr).not.toContain(secret);
    }
  });

  it('names the variable a config file took the token from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hosting-mcp-doctor-config-'));
    const file = join(dir, 'accounts.json');
    writeFileSync(
      file,
      JSON.stringify({
        accounts: [{ provider: 'forge', name: 'agency', api_token_env: 'AGENCY_TOKEN', base_url: forgeUrl }],
      }),
    );
    const { code, stdout } = await doctor(['--config', file], { AGENCY_TOKEN: 'not-the-token-1234' });
    expect(code).toBe(1);
    expect(row(stdout, 'forge/agency', 'authentication')?.[3]).toMatch(/^401: AGENCY_TOKEN was not accepted/);
  });

  it('fails on an organization the token does not see', async () => {
    const { code, stdout } = await doctor([], {
      FORGE_API_TOKEN: forge.token,
      FORGE_BASE_URL: forgeUrl,
      FORGE_ORGANIZATION: 'someone-else',
    });
    expect(code).toBe(1);
    expect(row(stdout, 'forge/default', 'authentication')?.[2]).toBe('ok');
    expect(row(stdout, 'forge/default', 'organization')?.slice(2)).toEqual([
      'FAIL',
      `"someone-else" is not one of the token's organizations (acme); fix FORGE_ORGANIZATION or the account's "organization"`,
    ]);
  });

  it('says when the API cannot be reached, and skips what needs it', async () => {
    const port = await freePort();
    const { code, stdout } = await doctor([], {
      FORGE_API_TOKEN: forge.token,
      FORGE_BASE_URL: `http://127.0.0.1:${port}/api`,
    });
    expect(code).toBe(1);
    expect(row(stdout, 'forge/default', 'reachable')?.slice(2)).toEqual([
      'FAIL',
      `127.0.0.1:${port}: connection refused (nothing listens there)`,
    ]);
    expect(row(stdout, 'forge/default', 'authentication')?.[2]).toBe('skip');
  });

  it('says whether replicas would share their budgets through Redis', async () => {
    const redis = await startRedis();
    try {
      const env = { FORGE_API_TOKEN: forge.token, FORGE_BASE_URL: forgeUrl, HOSTING_MCP_REPLICAS: '3' };
      const up = await doctor([], { ...env, HOSTING_MCP_REDIS_URL: redis.url });
      expect(up.code).toBe(0);
      expect(row(up.stdout, 'replicas', 'shared budgets')?.slice(2)).toEqual([
        'ok',
        `Redis at 127.0.0.1:${redis.port} answers; 3 replicas share each account's request budget`,
      ]);
      const port = await freePort();
      const down = await doctor([], {
        ...env,
        HOSTING_MCP_REDIS_URL: `redis://:pw-in-url@127.0.0.1:${port}`,
      });
      expect(down.code).toBe(1);
      expect(row(down.stdout, 'replicas', 'shared budgets')?.slice(2)).toEqual([
        'FAIL',
        `Redis at 127.0.0.1:${port} cannot be reached: each replica would keep to 1/3 of every budget`,
      ]);
      expect(down.stdout + down.stderr).not.toContain('pw-in-url');
    } finally {
      await redis.stop();
    }
  });

  it('reads a Coolify token’s missing ability from Coolify’s own refusal', async () => {
    const coolify = new CoolifySimulator({ abilities: ['read', 'write'] });
    const url = await coolify.listen();
    try {
      const { code, stdout } = await doctor([], { COOLIFY_API_TOKEN: coolify.token, COOLIFY_BASE_URL: url });
      expect(code).toBe(1);
      expect(row(stdout, 'coolify/default', 'token abilities')?.[2]).toBe('FAIL');
      expect(row(stdout, 'coolify/default', 'token abilities')?.[3]).toMatch(
        /^the token lacks deploy: deploy_site/,
      );
      // Nothing was changed: the probes named an application that does not exist.
      const writes = coolify.http.requests.filter((r) => r.method !== 'GET');
      expect(writes.map((r) => r.path)).toEqual([
        '/api/v1/applications/hosting-mcp-doctor-probe',
        '/api/v1/applications/hosting-mcp-doctor-probe/restart',
      ]);
    } finally {
      await coolify.close();
    }
  });
});
