import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect as connectSocket } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { buildContext } from '../../../src/context.js';
import {
  DEFAULT_LIMITS,
  type HttpLimits,
  type HttpServerHandle,
  startHttpServer,
} from '../../../src/http/http-server.js';
import { ForgeSimulator } from '../../../src/providers/forge/simulator/behaviour.js';
import type { ServerContext } from '../../../src/server.js';
import { mcpHeaders, PING, rawRequest } from '../../support/spawn-http.js';

/**
 * startHttpServer in-process against a Forge simulator the test owns, to see what reaches the
 * provider and to drive shutdown and timeouts with small limits.
 */

const TOKEN = 'unit-token-0123456789abcdef';

interface Setup {
  sim: ForgeSimulator;
  context: ServerContext;
  http: HttpServerHandle;
  logs: string[];
  announced: string[];
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  options: { token?: string; limits?: Partial<HttpLimits>; allowedOrigins?: string[] } = {},
): Promise<Setup> {
  const sim = new ForgeSimulator({ speed: 60 });
  const baseUrl = await sim.listen();
  cleanups.push(() => sim.close());
  const logs: string[] = [];
  const announced: string[] = [];
  const context = await buildContext({
    accounts: [{ provider: 'forge', name: 'main', settings: { api_token: sim.token, base_url: baseUrl } }],
    logLevel: 'debug',
    pollScale: 1 / 60,
    rateLimitPerMinute: 0,
    logWrite: (line) => logs.push(line),
  });
  cleanups.push(() => context.registry.close());
  const http = await startHttpServer(
    context,
    {
      host: '127.0.0.1',
      port: 0,
      token: 'token' in options ? options.token : TOKEN,
      allowedHosts: [],
      allowedOrigins: options.allowedOrigins ?? [],
    },
    context.logger,
    { limits: options.limits, announce: (line) => announced.push(line) },
  );
  cleanups.push(() => http.close());
  return { sim, context, http, logs, announced };
}

async function client(url: string, token = TOKEN): Promise<Client> {
  const c = new Client({ name: 'unit', version: '1.0.0' });
  await c.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  cleanups.push(() => c.close());
  return c;
}

const CREATE = {
  provider: 'forge',
  name: 'unit-web',
  cloud: 'ocean2',
  region: 'ams3',
  size: 's-1vcpu-1gb',
};

describe('startHttpServer', () => {
  it('never forwards the client token to the provider, nor logs it', async () => {
    const { sim, http, logs } = await setup();
    const c = await client(http.url);
    const result = (await c.callTool({ name: 'list_servers', arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(sim.http.requests.length).toBeGreaterThan(0);
    for (const seen of sim.http.requests) {
      expect(JSON.stringify(seen.headers)).not.toContain(TOKEN);
      expect(seen.headers.authorization).toBe(`Bearer ${sim.token}`);
    }
    expect(logs.join('')).not.toContain(TOKEN);
  });

  it('announces a generated token once, outside the logger, and accepts only it', async () => {
    const { http, announced, logs } = await setup({ token: undefined });
    expect(announced).toHaveLength(1);
    const token = /Bearer ([A-Za-z0-9_-]{40,})/.exec(announced[0]!)?.[1];
    expect(token).toBeDefined();
    expect(announced[0]).toContain(http.url);
    expect(logs.join('')).not.toContain(token!);
    expect((await rawRequest(http.url, { headers: mcpHeaders(token), body: PING })).status).toBe(200);
    expect((await rawRequest(http.url, { headers: mcpHeaders(TOKEN), body: PING })).status).toBe(401);
  });

  it('refuses short tokens and exposure off loopback without token and --allowed-hosts', async () => {
    const context = await buildContext({ accounts: [], logWrite: () => undefined });
    const base = { port: 0, allowedHosts: [], allowedOrigins: [] };
    await expect(
      startHttpServer(context, { ...base, host: '127.0.0.1', token: 'short' }, context.logger),
    ).rejects.toThrow(/at least 16 characters/);
    await expect(startHttpServer(context, { ...base, host: '0.0.0.0' }, context.logger)).rejects.toThrow(
      /not a loopback address.*HOSTING_MCP_HTTP_TOKEN.*--allowed-hosts/,
    );
    await expect(
      startHttpServer(context, { ...base, host: '0.0.0.0', token: TOKEN }, context.logger),
    ).rejects.toThrow(/without --allowed-hosts/);
  });

  it('answers a CORS preflight only for an allowed origin, echoing it (never *)', async () => {
    const { http } = await setup({ allowedOrigins: ['https://app.example.com'] });
    const allowed = await rawRequest(http.url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/);
    const foreign = await rawRequest(http.url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(foreign.status).toBe(403);
  });

  it('refuses an oversized chunked body (no Content-Length) with 413', async () => {
    const { http } = await setup({ limits: { maxBodyBytes: 1024 } });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(http.url, { method: 'POST', headers: mcpHeaders(TOKEN) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write('x'.repeat(512));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('ends a call that outlives the request timeout with a JSON-RPC error, and stops its work', async () => {
    const { http, sim } = await setup({ limits: { requestTimeoutMs: 300 } });
    const c = await client(http.url);
    const started = Date.now();
    await expect(
      c.callTool({ name: 'create_server', arguments: { ...CREATE, wait_seconds: 20 } }),
    ).rejects.toThrow(/timed out/);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The wait loop polls Forge every 2 s here (2 min at 60x speed); an aborted call polls no more.
    const seen = sim.http.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(sim.http.requests.length).toBe(seen);
  });

  it('stops the work of a call whose client hung up', async () => {
    const { http, sim } = await setup();
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'create_server', arguments: { ...CREATE, wait_seconds: 20 } },
    });
    await new Promise<void>((resolve, reject) => {
      const req = request(http.url, { method: 'POST', headers: mcpHeaders(TOKEN) }, (res) => {
        // Headers are in: the call is running. Hang up mid-stream.
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 300);
        res.resume();
      });
      req.on('error', () => undefined);
      req.on('close', () => resolve());
      req.end(body);
      setTimeout(() => reject(new Error('no response headers')), 5_000);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seen = sim.http.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(sim.http.requests.length).toBe(seen);
  });

  it('drains on close: in-flight calls finish, late requests get 503, close resolves after', async () => {
    const { http } = await setup();
    const c = await client(http.url);
    const progress: number[] = [];
    const inFlight = c.callTool(
      { name: 'create_server', arguments: { ...CREATE, wait_seconds: 2 } },
      undefined,
      {
        onprogress: (p) => progress.push(p.progress),
      },
    );
    // A request whose headers are in but whose body is only completed once shutdown has begun.
    let finishLate: () => void = () => undefined;
    const late = new Promise<number>((resolve, reject) => {
      const req = request(http.url, { method: 'POST', headers: mcpHeaders(TOKEN) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(PING.slice(0, 5));
      finishLate = () => req.end(PING.slice(5));
    });
    await waitUntil(() => progress.length > 0);
    let closed = false;
    const closing = http.close().then(() => {
      closed = true;
    });
    finishLate();
    expect(await late).toBe(503);
    const result = (await inFlight) as CallToolResult;
    expect(result.isError).toBeFalsy();
    await closing;
    expect(closed).toBe(true);
  });

  it('answers calls still running after the grace period with a shutdown error', async () => {
    const { http } = await setup({ limits: { shutdownGraceMs: 200 } });
    const c = await client(http.url);
    const progress: number[] = [];
    const inFlight = c.callTool(
      { name: 'create_server', arguments: { ...CREATE, wait_seconds: 20 } },
      undefined,
      {
        onprogress: (p) => progress.push(p.progress),
      },
    );
    await waitUntil(() => progress.length > 0);
    const started = Date.now();
    await http.close();
    await expect(inFlight).rejects.toThrow(/shutting down/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

async function waitUntil(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('hostile HTTP clients', () => {
  const initialize = JSON.stringify({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
  });
  const call = (id: number, args: unknown) => ({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'create_server', arguments: args },
  });

  it('refuses a batch in which two calls share an id, and runs neither', async () => {
    const { http, sim } = await setup();
    const before = sim.http.requests.length;
    const batch = JSON.stringify([
      JSON.parse(initialize),
      call(1, CREATE),
      call(1, { ...CREATE, name: 'twin' }),
    ]);
    const res = await rawRequest(http.url, { headers: mcpHeaders(TOKEN), body: batch });
    expect(res.status).toBe(400);
    const replies = JSON.parse(res.body) as Array<{ id: number; error: { code: number; message: string } }>;
    expect(replies.map((r) => r.id)).toEqual([0, 1]);
    expect(replies[1]!.error).toMatchObject({
      code: -32600,
      message: expect.stringMatching(/share the id 1/),
    });
    expect(sim.http.requests.length).toBe(before);
  });

  it('answers non-object arguments as invalid params, not an internal error', async () => {
    const { http } = await setup();
    const res = await rawRequest(http.url, {
      headers: mcpHeaders(TOKEN),
      body: JSON.stringify(call(7, ['x'])),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32602,
        message: expect.stringMatching(/`arguments` must be an object[\s\S]*not an array/),
      },
    });
  });

  /** Sends `head` and then nothing more; resolves with what came back and when the socket closed. */
  function stall(url: string, head: string): Promise<{ ms: number; reply: string }> {
    const { port } = new URL(url);
    const started = Date.now();
    return new Promise((resolve) => {
      let reply = '';
      const socket = connectSocket(Number(port), '127.0.0.1', () => socket.write(head));
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        reply += chunk;
      });
      socket.on('close', () => resolve({ ms: Date.now() - started, reply }));
      socket.on('error', () => undefined);
    });
  }

  it('documents the limits it enforces', async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const { headersTimeoutMs, bodyTimeoutMs, maxBodyBytes } = DEFAULT_LIMITS;
    expect(readme.replace(/\s+/g, ' ')).toContain(
      `Bodies over ${maxBodyBytes / 1024 / 1024} MiB get 413; a request runs at most ${DEFAULT_LIMITS.requestTimeoutMs / 1000} s (then its call is answered with a JSON-RPC timeout error); headers must arrive within ${headersTimeoutMs / 1000} s and the whole request within ${bodyTimeoutMs / 1000} s`,
    );
  });

  it('cuts slow headers and slow bodies when its limits say, not up to 30 s later', async () => {
    const { http } = await setup({ limits: { headersTimeoutMs: 400, bodyTimeoutMs: 800 } });
    const headers = await stall(http.url, 'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(headers.reply).toMatch(/^HTTP\/1\.1 408/);
    expect(headers.ms).toBeGreaterThanOrEqual(350);
    expect(headers.ms).toBeLessThan(1_500);
    const body = await stall(
      http.url,
      `POST /mcp HTTP/1.1\r\nHost: ${new URL(http.url).host}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: 100\r\n\r\n{"jsonrpc"`,
    );
    expect(body.reply).toMatch(/^HTTP\/1\.1 408/);
    expect(body.ms).toBeGreaterThanOrEqual(750);
    expect(body.ms).toBeLessThan(2_000);
  });
});
