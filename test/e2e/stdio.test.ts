import { spawnSync } from 'node:child_process';
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
