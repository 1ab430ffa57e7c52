import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { buildContext } from '../../../src/context.js';
import { type HttpLimits, startHttpServer } from '../../../src/http/http-server.js';
import { ForgeSimulator } from '../../../src/providers/forge/simulator/behaviour.js';
import { MODERN, mcpHeaders, modernRequest, rawRequest } from '../../support/spawn-http.js';

/**
 * The HTTP limits of startHttpServer for a client of the 2026-07-28 era, whose requests the
 * SDK's HTTP entry serves (2025-era ones take the stateless transport of http-server.test.ts).
 */

const TOKEN = 'modern-token-0123456789abcdef';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(limits: Partial<HttpLimits> = {}) {
  const sim = new ForgeSimulator({ speed: 60 });
  const baseUrl = await sim.listen();
  cleanups.push(() => sim.close());
  const context = await buildContext({
    accounts: [{ provider: 'forge', name: 'main', settings: { api_token: sim.token, base_url: baseUrl } }],
    logLevel: 'silent',
    pollScale: 1 / 60,
    rateLimitPerMinute: 0,
  });
  cleanups.push(() => context.registry.close());
  const http = await startHttpServer(
    context,
    { host: '127.0.0.1', port: 0, token: TOKEN, allowedHosts: [], allowedOrigins: [] },
    context.logger,
    { limits },
  );
  cleanups.push(() => http.close());
  const client = new Client(
    { name: 'modern', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: MODERN } } },
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(http.url), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
    }),
  );
  cleanups.push(() => client.close());
  expect(client.getProtocolEra()).toBe('modern');
  return { sim, http, client };
}

const WAIT = {
  provider: 'forge',
  name: 'modern-web',
  cloud: 'ocean2',
  region: 'ams3',
  size: 's-1vcpu-1gb',
  wait_seconds: 20,
};

describe('startHttpServer, 2026-07-28 era', () => {
  it('ends a call that outlives the request timeout with a JSON-RPC error, and stops its work', async () => {
    const { client, sim } = await setup({ requestTimeoutMs: 300 });
    await expect(client.callTool({ name: 'create_server', arguments: WAIT })).rejects.toThrow(/timed out/);
    const seen = sim.http.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(sim.http.requests.length).toBe(seen);
  });

  it('answers calls still running after the grace period with a shutdown error', async () => {
    const { client, http } = await setup({ shutdownGraceMs: 200 });
    const progress: number[] = [];
    const inFlight = client.callTool(
      { name: 'create_server', arguments: WAIT },
      { onprogress: (p) => progress.push(p.progress) },
    );
    const deadline = Date.now() + 10_000;
    while (progress.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await http.close();
    await expect(inFlight).rejects.toThrow(/shutting down/);
  });

  it('holds a 2026-07-28 request to its standard headers', async () => {
    const { http } = await setup();
    const body = modernRequest('tools/list');
    const headers = mcpHeaders(TOKEN, { 'MCP-Protocol-Version': MODERN });
    const missing = await rawRequest(http.url, { headers, body });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body).error.code).toBe(-32020);
    const ok = await rawRequest(http.url, { headers: { ...headers, 'Mcp-Method': 'tools/list' }, body });
    expect(ok.status).toBe(200);
  });
});
