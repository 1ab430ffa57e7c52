import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DryRunStop,
  HttpClient,
  type HttpClientOptions,
  parseRetryAfter,
  type WriteRecord,
} from '../../../src/core/http.js';
import { createLogger } from '../../../src/core/logger.js';
import { RateLimiter } from '../../../src/core/rate-limit.js';
import { Redactor } from '../../../src/core/redact.js';
import { bearerToken, SimServer } from '../../../src/simulator/sim-server.js';
import { HostileProxy } from '../../support/hostile.js';

let server: SimServer;
let baseUrl: string;
const logs: string[] = [];

beforeAll(async () => {
  server = new SimServer({
    name: 'test',
    authenticate: (req) => bearerToken(req) === 'good-token-123',
    errors: {
      unauthorized: () => ({ status: 401, body: { message: 'Unauthenticated.' } }),
      notFound: () => ({ status: 404, body: { message: 'Not found.' } }),
      methodNotAllowed: () => ({ status: 405, body: { message: 'Method not allowed.' } }),
      badJson: () => ({ status: 400, body: { message: 'Bad JSON.' } }),
      serverError: () => ({ status: 500, body: { message: 'Server Error' } }),
    },
    routes: [
      {
        method: 'GET',
        path: '/things',
        handler: (req) => ({ status: 200, body: { ua: req.headers['user-agent'], items: [1, 2] } }),
      },
      { method: 'POST', path: '/things', handler: (req) => ({ status: 201, body: { created: req.body } }) },
      {
        method: 'POST',
        path: '/leaky',
        handler: () => ({
          status: 500,
          body: {
            message: 'Deploy script failed',
            output: 'APP_NAME=shop\nDB_PASSWORD=leaked-db-pass-41\nAPP_ENV=production',
            config: { password: 'leaked-field-pass-42', apiKey: 'leaked-camel-key-43' },
            note: 'payload {"password": "leaked-quoted-pass-44"}',
          },
        }),
      },
      {
        method: 'POST',
        path: '/invalid',
        handler: () => ({
          status: 422,
          body: { message: 'The name field is required.', errors: { name: ['The name field is required.'] } },
        }),
      },
    ],
  });
  baseUrl = await server.listen();
});
afterAll(() => server.close());
beforeEach(() => {
  server.clearFaults();
  server.requests.length = 0;
});

function client(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    baseUrl,
    providerTitle: 'TestHost',
    authenticator: { headers: async () => ({ authorization: 'Bearer good-token-123' }) },
    authHint: 'Set TEST_TOKEN.',
    userAgent: 'hosting-mcp/test',
    limiter: new RateLimiter({ limit: 0, windowMs: 60_000, maxWaitMs: 0 }),
    logger: createLogger({
      level: 'debug',
      redactor: new Redactor(['good-token-123']),
      write: (line) => logs.push(line),
    }),
    retry: { baseDelayMs: 10, maxDelayMs: 20 },
    parseError: (body) => {
      const b = body as { message?: string; errors?: Record<string, string[]> };
      return { message: b.message, fields: b.errors };
    },
    ...overrides,
  });
}

const count = (method: string) => server.requests.filter((r) => r.method === method).length;

describe('HttpClient', () => {
  it('sends the user agent and bearer auth, and parses JSON', async () => {
    const res = await client().send<{ ua: string; items: number[] }>({ method: 'GET', path: '/things' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ua: 'hosting-mcp/test', items: [1, 2] });
  });

  it('retries a GET on 503 and 502, then succeeds', async () => {
    server.inject({ status: 503, count: 1 });
    server.inject({ status: 502, count: 1 });
    const res = await client().send({ method: 'GET', path: '/things' });
    expect(res.status).toBe(200);
    expect(count('GET')).toBe(3);
  });

  it('never retries a POST on a 5xx', async () => {
    server.inject({ status: 503, count: 5 });
    await expect(client().send({ method: 'POST', path: '/things', body: { a: 1 } })).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(count('POST')).toBe(1);
  });

  it('honours Retry-After on a 429 for GETs', async () => {
    server.inject({ status: 429, retryAfter: 1 });
    const started = Date.now();
    await client().send({ method: 'GET', path: '/things' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(count('GET')).toBe(2);
  });

  it('reports a long Retry-After instead of waiting for it', async () => {
    server.inject({ status: 429, retryAfter: 120 });
    await expect(client().send({ method: 'GET', path: '/things' })).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 120,
    });
    expect(count('GET')).toBe(1);
  });

  it('gives up after the retry budget and surfaces the last status', async () => {
    server.inject({ status: 502, count: 10 });
    await expect(client().send({ method: 'GET', path: '/things' })).rejects.toMatchObject({
      code: 'provider_error',
      status: 502,
    });
    expect(count('GET')).toBe(3);
  });

  it('turns a 401 into an error naming the credential to fix', async () => {
    const bad = client({ authenticator: { headers: async () => ({ authorization: 'Bearer wrong' }) } });
    await expect(bad.send({ method: 'GET', path: '/things' })).rejects.toMatchObject({
      code: 'unauthorized',
      hint: 'Set TEST_TOKEN.',
    });
  });

  it('refreshes credentials once on a 401, then resends (writes too)', async () => {
    let token = 'expired';
    let refreshes = 0;
    const c = client({
      authenticator: {
        headers: async () => ({ authorization: `Bearer ${token}` }),
        refresh: async () => {
          refreshes++;
          token = 'good-token-123';
        },
      },
    });
    const res = await c.send({ method: 'POST', path: '/things', body: { n: 1 } });
    expect(res.status).toBe(201);
    expect(refreshes).toBe(1);
  });

  it('maps 404 to the route hint and 422 to field errors', async () => {
    await expect(
      client().send({ method: 'GET', path: '/missing', notFoundHint: 'Use list_things.' }),
    ).rejects.toMatchObject({
      code: 'not_found',
      hint: 'Use list_things.',
    });
    await expect(client().send({ method: 'POST', path: '/invalid', body: {} })).rejects.toMatchObject({
      code: 'validation',
      details: { fields: { name: ['The name field is required.'] } },
    });
  });

  it('rejects a 200 whose body is not JSON', async () => {
    server.inject({ malformed: true });
    await expect(client().send({ method: 'GET', path: '/things' })).rejects.toMatchObject({
      code: 'malformed_response',
    });
  });

  it('times out a slow response and says so', async () => {
    server.inject({ delayMs: 600 });
    const c = client({ timeouts: { totalMs: 150 }, retry: { attempts: 1 } });
    await expect(c.send({ method: 'GET', path: '/things' })).rejects.toMatchObject({ code: 'timeout' });
  });

  it('stops when the MCP request is cancelled', async () => {
    server.inject({ delayMs: 500 });
    const controller = new AbortController();
    const pending = client().send({ method: 'GET', path: '/things' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('leaves no timer or abort listener behind once a request is done', async () => {
    // A deadline or a listener outliving its request would keep the request's objects alive.
    const c = client({ timeouts: { totalMs: 987_654 } });
    const controller = new AbortController();
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    await c.send({ method: 'GET', path: '/things' }, { signal: controller.signal });
    const before = timers();
    for (let i = 0; i < 5; i++)
      await c.send({ method: 'GET', path: '/things' }, { signal: controller.signal });
    // Timers are counted process-wide, where the loopback server and the pool keep their own:
    // a leak would leave one per request (five), noise at most one or two.
    expect(timers()).toBeLessThan(before + 5);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await c.close();
  });

  it('plans instead of sending writes in a dry run, but still reads', async () => {
    const c = client();
    await expect(c.send({ method: 'GET', path: '/things' }, { dryRun: true })).resolves.toMatchObject({
      status: 200,
    });
    const error = await c
      .send({ method: 'POST', path: '/things', body: { name: 'x' } }, { dryRun: true })
      .catch((e) => e);
    expect(error).toBeInstanceOf(DryRunStop);
    expect(error.planned).toMatchObject({ method: 'POST', url: `${baseUrl}/things`, body: { name: 'x' } });
    expect(error.planned.headers.authorization).toBe('[redacted]');
    expect(count('POST')).toBe(0);
  });

  it('refuses absolute URLs on other hosts', async () => {
    await expect(client().send({ method: 'GET', path: 'http://198.51.100.1/things' })).rejects.toMatchObject({
      code: 'malformed_response',
    });
    expect(server.requests.length).toBe(0);
  });

  it('redacts a provider error body while it is structured, before it becomes a log line', async () => {
    logs.length = 0;
    await client()
      .send({ method: 'POST', path: '/leaky', body: {} })
      .catch(() => undefined);
    const line = logs.find((l) => l.includes('"provider error"'))!;
    expect(line).toContain('Deploy script failed');
    expect(line).toContain('APP_NAME=shop');
    for (const secret of [
      'leaked-db-pass-41',
      'leaked-field-pass-42',
      'leaked-camel-key-43',
      'leaked-quoted-pass-44',
    ])
      expect(line).not.toContain(secret);
    expect(() => JSON.parse(line)).not.toThrow();
  });

  it('refuses paths that normalisation would reshape, and sends nothing', async () => {
    const c = client();
    for (const path of [
      '/things/../admin',
      '/things/%2e%2E/admin',
      '/things/.',
      '/things\\..\\admin',
      '/a\\b',
    ]) {
      await expect(c.send({ method: 'GET', path })).rejects.toMatchObject({ code: 'invalid_argument' });
    }
    await expect(c.send({ method: 'POST', path: `${baseUrl}/things/../deploy` })).rejects.toMatchObject({
      code: 'malformed_response',
      message: expect.stringMatching(/would send it to another path/),
    });
    expect(server.requests.length).toBe(0);
  });

  it('caps a Retry-After at 300 s and says what the provider asked for', async () => {
    for (const asked of ['99999', '9'.repeat(400)]) {
      const limiter = new RateLimiter({ limit: 1_000, windowMs: 60_000, maxWaitMs: 20_000 });
      server.inject({ status: 429, retryAfter: asked as unknown as number });
      const error = await client({ limiter })
        .send({ method: 'GET', path: '/things' })
        .catch((e) => e);
      expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 300 });
      expect(error.message).toMatch(/asked for (99999 s|more than a year); hosting-mcp pauses at most 300 s/);
      expect(error.message).not.toMatch(/Infinity/);
      // The account waits the capped time, not 28 hours.
      await expect(limiter.acquire()).rejects.toMatchObject({ retryAfterSeconds: 300 });
    }
  });

  it('calls 413, 414 and 431 what they are: not transient', async () => {
    for (const status of [413, 414, 431]) {
      server.inject({ status });
      const error = await client()
        .send({ method: 'GET', path: '/things' })
        .catch((e) => e);
      expect(error).toMatchObject({ code: 'invalid_argument', status });
      expect(error.hint).not.toMatch(/retry/i);
    }
    server.inject({ status: 418 });
    const teapot = await client()
      .send({ method: 'GET', path: '/things' })
      .catch((e) => e);
    expect(teapot.hint).toMatch(/fails the same way/);
  });

  it('says a write whose answer never came may have happened, and never advises a retry', async () => {
    server.inject({ delayMs: 600, match: 'POST' });
    const c = client({ timeouts: { totalMs: 150 }, retry: { attempts: 1 } });
    const writes: WriteRecord[] = [];
    const error = await c
      .send({ method: 'POST', path: '/things', route: 'things.store', body: {} }, { writes })
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'outcome_unknown' });
    expect(error.message).toMatch(/did not answer POST things\.store in time, after it was sent/);
    expect(error.hint).not.toMatch(/retry|try again/i);
    expect(writes).toEqual([{ what: 'TestHost POST things.store', outcome: 'unknown' }]);
  });

  it('cuts a body that drips slower than the attempt allows: a read times out, a write is unknown', async () => {
    const proxy = new HostileProxy(baseUrl);
    const through = await proxy.listen();
    try {
      const body = JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => i) });
      proxy.play({
        match: 'GET',
        answer: { status: 200, headers: { 'content-type': 'application/json' }, body },
        dripMs: 40,
      });
      proxy.play({ match: 'POST', forward: true, answer: { status: 201, body }, dripMs: 40 });
      const c = client({ baseUrl: through, timeouts: { totalMs: 300 }, retry: { attempts: 1 } });
      await expect(c.send({ method: 'GET', path: '/things' })).rejects.toMatchObject({ code: 'timeout' });
      const write = await c.send({ method: 'POST', path: '/things', body: {} }).catch((e) => e);
      expect(write).toMatchObject({ code: 'outcome_unknown' });
      // The write reached the API: only its answer was lost.
      expect(count('POST')).toBe(1);
      await c.close();
    } finally {
      await proxy.close();
    }
  });

  it('cuts an answer whose headers do not come in time', async () => {
    const proxy = new HostileProxy(baseUrl);
    const through = await proxy.listen();
    try {
      proxy.play({ match: 'GET', headersDelayMs: 1_500, answer: { status: 200, body: '{}' } });
      const c = client({ baseUrl: through, timeouts: { headersMs: 200 }, retry: { attempts: 1 } });
      const started = Date.now();
      await expect(c.send({ method: 'GET', path: '/things' })).rejects.toMatchObject({ code: 'timeout' });
      expect(Date.now() - started).toBeLessThan(1_400);
      await c.close();
    } finally {
      await proxy.close();
    }
  });

  it('records what each write of a call did', async () => {
    const writes: WriteRecord[] = [];
    await client().send({ method: 'POST', path: '/things', route: 'things.store', body: {} }, { writes });
    await client()
      .send({ method: 'POST', path: '/invalid', route: 'things.check', body: {} }, { writes })
      .catch(() => undefined);
    await client().send({ method: 'GET', path: '/things' }, { writes });
    expect(writes).toEqual([
      { what: 'TestHost POST things.store', outcome: 'accepted' },
      { what: 'TestHost POST things.check', outcome: 'rejected' },
    ]);
  });

  it('never logs the credential', () => {
    expect(logs.join('\n')).not.toContain('good-token-123');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(
      parseRetryAfter('Thu, 01 Jan 2099 00:00:10 GMT', Date.parse('Thu, 01 Jan 2099 00:00:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('9'.repeat(400))).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
