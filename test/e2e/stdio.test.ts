import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForgeSimulator } from '../../src/providers/forge/simulator/behaviour.js';

/** The built binary, spawned as a desktop client would: over stdio, in sandbox mode. */
const CLI = resolve('dist/cli.js');
// A clean environment and an empty working directory, so no developer .env or token leaks in.
const cwd = mkdtempSync(join(tmpdir(), 'hosting-mcp-e2e-'));
const baseEnv = { PATH: process.env.PATH ?? '', HOME: cwd };

describe('stdio binary in sandbox mode', () => {
  let client: Client;
  let stderr = '';

  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, '--sandbox'],
      env: baseEnv,
      cwd,
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('answers initialize with our name and instructions', () => {
    expect(client.getServerVersion()?.name).toBe('hosting-mcp');
    expect(client.getInstructions()).toMatch(/list_accounts/);
  });

  it('lists the core tools and runs them against the simulator', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('deploy_site');
    const servers = (await client.callTool({ name: 'list_servers', arguments: { provider: 'forge' } }))
      .structuredContent as {
      servers: Array<{ name: string }>;
    };
    expect(servers.servers.map((s) => s.name)).toEqual(['web-1', 'web-2']);
    const failed = await client.callTool({
      name: 'get_operation',
      arguments: { operation_id: 'forge:sandbox:deployment:101:201:20102' },
    });
    const operation = (failed.structuredContent as { operation: { state: string; log_tail: string } })
      .operation;
    expect(operation.state).toBe('failed');
    expect(operation.log_tail).toMatch(/DB_PASSWORD=\[redacted]/);
  });

  it('logs JSON lines to stderr only, without the sandbox token', () => {
    const lines = stderr.trim().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(stderr).toMatch(/"msg":"tool call"/);
    expect(stderr).not.toContain('sandbox-forge-token');
  });
});

describe('stdio binary with a provider configured from env', () => {
  const sim = new ForgeSimulator();
  afterAll(() => sim.close());

  it('applies --rate-limit to the account (here 1 a minute: the second call is refused)', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, '--rate-limit', '1', '--log-level', 'silent'],
      env: {
        ...baseEnv,
        FORGE_API_TOKEN: sim.token,
        FORGE_BASE_URL: await sim.listen(),
        FORGE_ORGANIZATION: sim.organization.slug,
      },
      cwd,
    });
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(transport);
    try {
      const call = () => client.callTool({ name: 'get_server', arguments: { server: '101' } });
      const first = await call();
      expect(first.isError, JSON.stringify(first.content)).toBeFalsy();
      const refused = await call();
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toMatch(/rate_limited/);
    } finally {
      await client.close();
    }
  });
});

describe('stdio binary configuration', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [CLI, ...args], {
      env: { ...baseEnv, ...env },
      cwd,
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('exits 1 with one line per problem and no secret', () => {
    const result = run(['--nope'], {
      FORGE_BASE_URL: 'not a url',
      FORGE_ORGANIZATION: 'acme',
      HOSTING_MCP_LOG_LEVEL: 'loud',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines.every((line) => line.startsWith('hosting-mcp: '))).toBe(true);
    expect(result.stderr).toMatch(/Unknown argument "--nope"/);
    expect(result.stderr).toMatch(/FORGE_API_TOKEN is not/);
  });

  it('prints usage and version', () => {
    expect(run(['--help']).stdout).toMatch(/FORGE_API_TOKEN/);
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('does not print a token given in a config file reference', () => {
    const result = run(['--config', '/nonexistent.json'], { FORGE_API_TOKEN: 'super-secret-token-xyz' });
    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain('super-secret-token-xyz');
  });
});

/** The binary over raw pipes, for what a well-behaved SDK client never does. */
function rawStdio() {
  const child = spawn(process.execPath, [CLI, '--sandbox', '--log-level', 'warn'], { env: baseEnv, cwd });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const messages = () =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    child,
    exited,
    stderr: () => stderr,
    send: (message: unknown) =>
      child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`),
    /** Resolves with the first message (in order of arrival) that matches. */
    async next(match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
      for (;;) {
        const found = messages().find(match);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    /** A ping answered: the server is still serving. */
    async stillServing() {
      this.send({ jsonrpc: '2.0', id: 'still', method: 'ping' });
      expect(await this.next((m) => m.id === 'still')).toMatchObject({ result: {} });
    },
    async initialize() {
      this.send({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'raw', version: '0' },
        },
      });
      await this.next((m) => m.id === 0);
      this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    },
  };
}

/** A call that waits with progress: provisioning a Forge server takes ~10 s on the sandbox clock. */
const WAITING_CALL = {
  jsonrpc: '2.0',
  id: 5,
  method: 'tools/call',
  params: {
    name: 'create_server',
    arguments: {
      provider: 'forge',
      name: 'w1',
      cloud: 'ocean2',
      region: 'ams3',
      size: 's-1vcpu-1gb',
      wait_seconds: 30,
    },
    _meta: { progressToken: 'p5' },
  },
};
const isProgress = (m: Record<string, unknown>) => m.method === 'notifications/progress';

describe('stdio binary with a hostile or vanishing client', () => {
  it('answers a message over 1 MiB with an error for its id, and keeps serving', async () => {
    const raw = rawStdio();
    try {
      await raw.initialize();
      raw.send({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'list_servers', arguments: { x: 'a'.repeat(11 * 1024 * 1024) } },
      });
      expect(await raw.next((m) => m.id === 1)).toMatchObject({
        error: { code: -32600, message: expect.stringMatching(/messages over 1 MiB are refused/) },
      });
      await raw.stillServing();
    } finally {
      raw.child.kill();
    }
  });

  it('answers invalid JSON and non-object arguments, and keeps serving', async () => {
    const raw = rawStdio();
    try {
      await raw.initialize();
      raw.send('{"jsonrpc": "2.0", "id": 3, "method": ');
      expect(
        await raw.next((m) => (m.error as { code?: number } | undefined)?.code === -32700),
      ).toMatchObject({ id: null });
      raw.send({
        jsonrpc: '2.0',
        id: 4,
        method: 'tools/call',
        params: { name: 'list_servers', arguments: 'all' },
      });
      expect(await raw.next((m) => m.id === 4)).toMatchObject({
        error: { code: -32602, message: expect.stringMatching(/`arguments` must be an object/) },
      });
      await raw.stillServing();
    } finally {
      raw.child.kill();
    }
  });

  it('ends cleanly (exit 0, no stack trace) when the client closes its end of stdout mid-wait', async () => {
    const raw = rawStdio();
    await raw.initialize();
    raw.send(WAITING_CALL);
    await raw.next(isProgress);
    raw.child.stdout.destroy();
    expect(await raw.exited).toBe(0);
    expect(raw.stderr()).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('ends cleanly when the client closes stdin mid-wait', async () => {
    const raw = rawStdio();
    await raw.initialize();
    raw.send(WAITING_CALL);
    await raw.next(isProgress);
    const closed = Date.now();
    raw.child.stdin.end();
    expect(await raw.exited).toBe(0);
    expect(Date.now() - closed).toBeLessThan(5_000);
    expect(raw.stderr()).not.toMatch(/\n\s+at /);
  });
});
