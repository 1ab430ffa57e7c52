import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI,
  mcpHeaders,
  PING,
  rawRequest,
  type SpawnedServer,
  spawnHttpServer,
} from '../support/spawn-http.js';

/**
 * The built binary in HTTP sandbox mode on an ephemeral loopback port, driven by the SDK's
 * Streamable HTTP client the way a remote MCP client would, plus raw requests for the refusals.
 */

const TOKEN = 'e2e-token-0123456789abcdef';

async function connectClient(url: string, token = TOKEN): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

function structured<T>(result: unknown): T {
  const r = result as CallToolResult;
  if (r.isError) throw new Error(`tool failed: ${JSON.stringify(r.content)}`);
  return r.structuredContent as T;
}

describe('hosting-mcp --http --sandbox', () => {
  let server: SpawnedServer;

  beforeAll(async () => {
    server = await spawnHttpServer(['--sandbox'], { HOSTING_MCP_HTTP_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints the URL it actually listens on', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(server.url).not.toMatch(/:0\/mcp$/);
  });

  it('lists and calls tools with the token', async () => {
    const client = await connectClient(server.url);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_accounts', 'get_server']));
      const listed = structured<{ servers: Array<{ name: string }> }>(
        await client.callTool({ name: 'list_servers', arguments: { provider: 'forge' } }),
      );
      expect(listed.servers.map((s) => s.name)).toContain('web-1');
      const one = structured<{ server: { name: string } }>(
        await client.callTool({ name: 'get_server', arguments: { provider: 'forge', server: 'web-1' } }),
      );
      expect(one.server.name).toBe('web-1');
    } finally {
      await client.close();
    }
  });

  it('never logs the token', () => {
    expect(server.stderr()).not.toContain(TOKEN);
  });

  it('answers 401 with WWW-Authenticate without a token and with a wrong one', async () => {
    const missing = await rawRequest(server.url, { headers: mcpHeaders(), body: PING });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await rawRequest(server.url, { headers: mcpHeaders('not-the-token-at-all'), body: PING });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Bearer .*invalid_token/);
    await expect(connectClient(server.url, 'wrong-token-wrong-token')).rejects.toThrow();
  });

  it('answers 403 to a foreign Origin and to a foreign Host, even with the token', async () => {
    const origin = await rawRequest(server.url, {
      headers: mcpHeaders(TOKEN, { Origin: 'http://evil.example' }),
      body: PING,
    });
    expect(origin.status).toBe(403);
    expect(origin.headers['access-control-allow-origin']).toBeUndefined();
    const host = await rawRequest(server.url, {
      headers: mcpHeaders(TOKEN, { Host: 'evil.example:80' }),
      body: PING,
    });
    expect(host.status).toBe(403);
    const port = new URL(server.url).port;
    const sameOrigin = await rawRequest(server.url, {
      headers: mcpHeaders(TOKEN, { Origin: `http://localhost:${port}`, Host: `localhost:${port}` }),
      body: PING,
    });
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.headers['access-control-allow-origin']).toBe(`http://localhost:${port}`);
  });

  it('answers 405 to GET and DELETE, 404 elsewhere, and /healthz without auth', async () => {
    const get = await rawRequest(server.url, { method: 'GET', headers: mcpHeaders(TOKEN) });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const del = await rawRequest(server.url, { method: 'DELETE', headers: mcpHeaders(TOKEN) });
    expect(del.status).toBe(405);
    const elsewhere = await rawRequest(server.url.replace(/\/mcp$/, '/admin'), {
      headers: mcpHeaders(TOKEN),
    });
    expect(elsewhere.status).toBe(404);
    const health = await rawRequest(server.url.replace(/\/mcp$/, '/healthz'), { method: 'GET' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
  });

  it('answers 413 to a body over 1 MiB and 400 to one that is not JSON', async () => {
    const huge = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'list_accounts', arguments: { pad: 'x'.repeat(2 * 1024 * 1024) } },
    });
    const tooLarge = await rawRequest(server.url, { headers: mcpHeaders(TOKEN), body: huge });
    expect(tooLarge.status).toBe(413);
    const broken = await rawRequest(server.url, { headers: mcpHeaders(TOKEN), body: '{"jsonrpc":' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).error.code).toBe(-32700);
  });

  it('streams progress notifications during a wait_seconds call', async () => {
    const client = await connectClient(server.url);
    try {
      const progress: Array<{ progress: number; message?: string }> = [];
      const result = structured<{ operation: { id: string } }>(
        await client.callTool(
          {
            name: 'create_server',
            arguments: {
              provider: 'forge',
              name: 'e2e-progress',
              cloud: 'ocean2',
              region: 'ams3',
              size: 's-1vcpu-1gb',
              wait_seconds: 3,
            },
          },
          undefined,
          { onprogress: (p) => progress.push(p), timeout: 30_000 },
        ),
      );
      expect(result.operation.id).toMatch(/^forge:/);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress[0]!.message).toBeTruthy();
    } finally {
      await client.close();
    }
  });

  it('keeps concurrent clients apart: each sees only its own results', async () => {
    const [a, b] = await Promise.all([connectClient(server.url), connectClient(server.url)]);
    try {
      // Both clients number their requests from the same ids, so any shared transport would
      // deliver one client's answer to the other.
      const run = (client: Client, name: string) =>
        Promise.all(
          Array.from({ length: 25 }, () =>
            client
              .callTool({ name: 'get_server', arguments: { provider: 'forge', server: name } })
              .then((r) => structured<{ server: { name: string } }>(r).server.name),
          ),
        );
      const [seenByA, seenByB] = await Promise.all([run(a, 'web-1'), run(b, 'web-2')]);
      expect(new Set(seenByA)).toEqual(new Set(['web-1']));
      expect(new Set(seenByB)).toEqual(new Set(['web-2']));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('HTTP lists the same tools as stdio', () => {
  async function stdioTools(args: string[]): Promise<string[]> {
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [CLI, ...args, '--log-level', 'silent'] }),
    );
    try {
      return (await client.listTools()).tools.map((t) => t.name);
    } finally {
      await client.close();
    }
  }

  it('with --sandbox --read-only', async () => {
    const http = await spawnHttpServer(['--sandbox', '--read-only'], { HOSTING_MCP_HTTP_TOKEN: TOKEN });
    try {
      const client = await connectClient(http.url);
      const overHttp = (await client.listTools()).tools.map((t) => t.name);
      await client.close();
      const overStdio = await stdioTools(['--sandbox', '--read-only']);
      expect(overHttp).toEqual(overStdio);
      expect(overHttp).not.toContain('create_server');
      expect(overHttp).toContain('get_server');
    } finally {
      await http.stop();
    }
  });
});

describe('startup rules', () => {
  it('generates and prints a token once on loopback when none is configured', async () => {
    const http = await spawnHttpServer(['--sandbox'], { HOSTING_MCP_HTTP_TOKEN: '' });
    try {
      const line = /Authorization: Bearer ([A-Za-z0-9_-]+)/.exec(http.stderr());
      expect(line).not.toBeNull();
      const token = line![1]!;
      expect(http.stderr().split(token).length - 1).toBe(1);
      const ok = await rawRequest(http.url, { headers: mcpHeaders(token), body: PING });
      expect(ok.status).toBe(200);
    } finally {
      await http.stop();
    }
  });

  it('refuses a non-loopback host without a token and --allowed-hosts', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(
      process.execPath,
      [CLI, '--http', '--sandbox', '--host', '0.0.0.0', '--port', '0'],
      {
        env: { ...process.env, HOSTING_MCP_HTTP_TOKEN: '' },
        encoding: 'utf8',
        timeout: 15_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/not a loopback address.*HOSTING_MCP_HTTP_TOKEN.*--allowed-hosts/);
  });

  it("tunes V8's old-space growth unless NODE_OPTIONS sizes the old generation", async () => {
    const tuned = /"msg":"old-space growth tuned","percent":\d+/;
    const http = await spawnHttpServer(['--sandbox', '--log-level', 'debug'], {
      HOSTING_MCP_HTTP_TOKEN: TOKEN,
    });
    await http.stop();
    expect(http.stderr()).toMatch(tuned);
    const sized = await spawnHttpServer(['--sandbox', '--log-level', 'debug'], {
      HOSTING_MCP_HTTP_TOKEN: TOKEN,
      NODE_OPTIONS: '--max-old-space-size=512',
    });
    await sized.stop();
    expect(sized.stderr()).not.toMatch(tuned);
  });

  it('shuts down on SIGTERM with exit code 0', async () => {
    const http = await spawnHttpServer(['--sandbox'], { HOSTING_MCP_HTTP_TOKEN: TOKEN });
    expect(await http.stop()).toBe(0);
  });
});
