import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForgeSimulator } from '../../../src/providers/forge/simulator/behaviour.js';

let sim: ForgeSimulator;
let base: string;

beforeAll(async () => {
  sim = new ForgeSimulator();
  base = await sim.listen();
});
afterAll(() => sim.close());

async function call(method: string, path: string, body?: unknown, token: string | null = sim.token) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(`${base}${path}`, {
    method: method as 'GET',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    type: String(res.headers['content-type']),
    body: text ? JSON.parse(text) : undefined,
  };
}

describe('Forge simulator', () => {
  it('answers 401 without or with a wrong bearer token', async () => {
    expect((await call('GET', '/orgs/acme/servers', undefined, null)).status).toBe(401);
    expect(await call('GET', '/orgs/acme/servers', undefined, 'nope')).toMatchObject({
      status: 401,
      body: { message: 'Unauthenticated.' },
    });
  });

  it('answers 404 for unknown routes and models, 405 for wrong methods', async () => {
    expect((await call('GET', '/orgs/acme/teleporters')).status).toBe(404);
    expect(await call('GET', '/orgs/acme/servers/999')).toMatchObject({
      status: 404,
      body: { message: expect.stringMatching(/No query results/) },
    });
    expect((await call('DELETE', '/orgs/acme/servers')).status).toBe(405);
  });

  it('serves JSON:API documents with cursor pagination', async () => {
    const first = await call('GET', '/orgs/acme/servers?page[size]=1');
    expect(first.type).toBe('application/vnd.api+json');
    expect(first.body.data).toHaveLength(1);
    expect(first.body.data[0]).toMatchObject({
      id: '101',
      type: 'servers',
      attributes: { name: 'web-1', is_ready: true },
    });
    expect(first.body.meta.next_cursor).toBeTruthy();
    const second = await call(
      'GET',
      `/orgs/acme/servers?page[size]=1&page[cursor]=${first.body.meta.next_cursor}`,
    );
    expect(second.body.data[0].id).toBe('102');
    expect(second.body.meta.next_cursor).toBeNull();
    expect((await call('GET', '/orgs/acme/servers?page[cursor]=garbage')).status).toBe(422);
  });

  it('validates bodies with Laravel-style 422 errors', async () => {
    const res = await call('POST', '/orgs/acme/servers', { provider: 'ocean2' });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/The name field is required\. \(and \d+ more errors\)/);
    expect(res.body.errors).toHaveProperty('name');
    // What the document cannot say (a cloud's block is required for that cloud) the behaviour adds.
    const cloud = await call('POST', '/orgs/acme/servers', {
      name: 'x',
      provider: 'ocean2',
      type: 'app',
      ubuntu_version: '24.04',
    });
    expect(cloud.status).toBe(422);
    expect(cloud.body.errors).toHaveProperty('ocean2.region_id');
    expect((await call('POST', '/orgs/acme/servers', undefined)).status).toBe(422);
  });

  it('provisions a server on the simulated clock: 202, then ready after ten minutes', async () => {
    const created = await call('POST', '/orgs/acme/servers', {
      name: 'clock',
      provider: 'custom',
      type: 'app',
      ubuntu_version: '24.04',
      custom: { ip_address: '192.0.2.9' },
    });
    expect(created.status).toBe(202);
    expect(created.body.data.attributes.is_ready).toBe(false);
    sim.clock.advance(9 * 60_000);
    expect(
      (await call('GET', `/orgs/acme/servers/${created.body.data.id}`)).body.data.attributes.is_ready,
    ).toBe(false);
    sim.clock.advance(60_000);
    expect(
      (await call('GET', `/orgs/acme/servers/${created.body.data.id}`)).body.data.attributes.is_ready,
    ).toBe(true);
  });

  it('walks a deployment through its states while its log grows', async () => {
    const path = '/orgs/acme/servers/102/sites/203/deployments';
    const created = await call('POST', path);
    expect(created.status).toBe(202);
    const id = created.body.data.id;
    const seen: string[] = [];
    const logSizes: number[] = [];
    for (let i = 0; i < 6; i++) {
      seen.push((await call('GET', `${path}/${id}`)).body.data.attributes.status);
      logSizes.push((await call('GET', `${path}/${id}/log`)).body.data.attributes.output.length);
      sim.clock.advance(8_000);
    }
    expect(seen[0]).toBe('queued');
    expect(seen).toContain('deploying');
    expect(seen.at(-1)).toBe('finished');
    expect(logSizes.at(-1)).toBeGreaterThan(logSizes[1]!);
    expect((await call('POST', path)).status).toBe(202);
    expect((await call('POST', path)).status).toBe(422);
  });

  it('refuses another organization', async () => {
    expect((await call('GET', '/orgs/other/servers')).status).toBe(403);
  });

  it('accepts fault injection over its control endpoint', async () => {
    const res = await request(`${base.replace(/\/api$/, '')}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ status: 503 }),
    });
    expect(res.statusCode).toBe(204);
    expect((await call('GET', '/orgs/acme/servers')).status).toBe(503);
    expect((await call('GET', '/orgs/acme/servers')).status).toBe(200);
  });
});
