import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostingError } from '../../../src/core/errors.js';
import { DryRunStop } from '../../../src/core/http.js';
import { createLogger } from '../../../src/core/logger.js';
import { decodeHandle } from '../../../src/core/operations.js';
import { Redactor } from '../../../src/core/redact.js';
import { secretFilesIn } from '../../../src/core/secret-files.js';
import { certificateState } from '../../../src/providers/panelalpha/map-certificate.js';
import { taskOperation } from '../../../src/providers/panelalpha/map-deployment.js';
import { mapServer } from '../../../src/providers/panelalpha/map-server.js';
import { mapSite } from '../../../src/providers/panelalpha/map-site.js';
import { createPanelAlphaProvider, panelBaseUrl } from '../../../src/providers/panelalpha/provider.js';
import * as v from '../../../src/providers/panelalpha/schemas.js';
import { PanelAlphaSimulator } from '../../../src/providers/panelalpha/simulator/behaviour.js';
import { PANELALPHA_CANARIES } from '../../../src/providers/panelalpha/simulator/seed.js';
import { instanceState, serverState, taskState } from '../../../src/providers/panelalpha/states.js';
import type {
  CallContext,
  HostingProvider,
  Operation,
  ServersCapability,
  SitesCapability,
} from '../../../src/providers/types.js';
import { type SimResponse, SimServer } from '../../../src/simulator/sim-server.js';
import { connect } from '../../support/harness.js';

const ctx: CallContext = {};
/** A call whose destructive request a person confirmed, as the tools layer runs it with --allow-destructive. */
const confirmed: CallContext = {
  policy: { allowDestructive: true, confirm: async () => 'elicitation', audit: () => undefined },
};
const HOUR = 60 * 60_000;

/** The provider with every capability this test drives. */
type PanelAlpha = HostingProvider & {
  servers: Required<ServersCapability>;
  sites: Required<SitesCapability>;
} & Required<Pick<HostingProvider, 'deployments' | 'certificates' | 'logs' | 'operations'>>;

interface Setup {
  provider: PanelAlpha;
  redactor: Redactor;
}

function makeProvider(settings: Record<string, string>): Setup {
  const redactor = new Redactor();
  const provider = createPanelAlphaProvider(
    { provider: 'panelalpha', name: 'main', settings },
    {
      logger: createLogger({ level: 'silent', redactor }),
      redactor,
      userAgent: 'hosting-mcp-test',
      rateLimitPerMinute: 0,
      secretFiles: secretFilesIn(join(tmpdir(), 'hosting-mcp-test-secrets')),
    },
  );
  return { provider: provider as PanelAlpha, redactor };
}

async function failure(pending: Promise<unknown>): Promise<HostingError> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof HostingError) return error;
    throw error;
  }
  throw new Error('expected a HostingError');
}

describe('PanelAlpha provider against its simulator', () => {
  let sim: PanelAlphaSimulator;
  let baseUrl: string;
  let provider: PanelAlpha;
  let redactor: Redactor;

  beforeEach(async () => {
    sim = new PanelAlphaSimulator();
    baseUrl = await sim.listen();
    ({ provider, redactor } = makeProvider({ api_token: sim.token, base_url: baseUrl, user_id: '12' }));
  });
  afterEach(async () => {
    await provider.close();
    await sim.close();
  });

  const seen = () => sim.http.requests.map((r) => `${r.method} ${r.path}`);
  const last = (method: string) => [...sim.http.requests].reverse().find((r) => r.method === method)!;

  describe('request building', () => {
    it('installs an instance as the default user, with the documented body', async () => {
      await provider.sites.create.run(
        ctx,
        {},
        { name: 'Fresh', domain: 'Fresh.Acme.test', service: 'Business WP' },
      );
      const post = last('POST');
      expect(post.path).toBe('/api/instances/install');
      expect(post.body).toEqual({
        service_id: 31,
        install_type: 'clean',
        name: 'Fresh',
        protocol: 'https://',
        domain: 'fresh.acme.test',
      });
      expect(post.headers['x-panelalpha-user']).toBe('12');
      expect(post.headers.authorization).toBe(`Bearer ${sim.token}`);
      expect(seen()).toContain('GET /api/admin/users/12/services?per_page=100');
    });

    it('acts as the user a call names, resolving an email to its id', async () => {
      await provider.sites.create.run(
        ctx,
        {},
        { name: 'Lee Two', domain: 'two.studio.test', user: 'lee@studio.test' },
      );
      expect(seen()).toContain('GET /api/admin/users/email?email=lee%40studio.test');
      expect(seen()).toContain('GET /api/admin/users/14/services?per_page=100');
      const post = last('POST');
      expect(post.headers['x-panelalpha-user']).toBe('14');
      expect(post.body).toMatchObject({ service_id: 33 });
    });

    it('pushes the staging copy as the site owner, and sends a `user` override as given', async () => {
      const result = await provider.deployments.deploy.run(confirmed, { site: 'shop.acme.test' }, {});
      const put = last('PUT');
      expect(put.path).toBe('/api/instances/102/push-to-live');
      expect(put.body).toBeUndefined();
      expect(put.headers['x-panelalpha-user']).toBe('12');
      expect(seen()).toContain('GET /api/admin/tasks?search_term=shop.acme.test&per_page=100');
      expect(result.operation?.kind).toBe('deployment');
      expect(decodeHandle(result.operation!.id).ids).toEqual([result.operation!.id.split(':')[3], '101']);

      const error = await failure(
        provider.deployments.deploy.run(confirmed, { site: 'shop.acme.test' }, { user: '14' }),
      );
      expect(last('PUT').headers['x-panelalpha-user']).toBe('14');
      expect(error.code).toBe('not_found');
      expect(error.hint).toMatch(/`user`/);
    });

    it('creates a staging copy on request, with the documented body', async () => {
      const result = await provider.deployments.deploy.run(
        ctx,
        { site: 'blog.acme.test' },
        { create_staging: true },
      );
      const post = last('POST');
      expect(post.path).toBe('/api/instances/103/staging');
      expect(post.body).toEqual({ protocol: 'https://', domain: 'staging.blog.acme.test' });
      expect(result.operation).toMatchObject({ kind: 'staging', state: 'running', done: false });
      sim.clock.advance(HOUR);
      const done = await provider.operations.get(ctx, decodeHandle(result.operation!.id));
      expect(done.state).toBe('succeeded');
    });

    it('orders a certificate for the site’s domain from the only free offer', async () => {
      const result = await provider.certificates.issue.run(ctx, { site: 'shop.acme.test' }, {});
      const post = last('POST');
      expect(post.path).toBe('/api/server-accounts/41/ssl/certificates/order');
      expect(post.body).toEqual({ domain: 'shop.acme.test', provider_id: 1 });
      expect(post.headers['x-panelalpha-user']).toBe('12');
      expect(seen()).toContain(
        'GET /api/server-accounts/41/ssl/certificates?domain=shop.acme.test&per_page=100',
      );
      expect(result.operation).toMatchObject({ state: 'running', done: false });
    });

    it('follows a new certificate order, not the active certificate the domain already had', async () => {
      // Until the order shows up in the list, the old active certificate (71) must not count.
      const waiting = decodeHandle('panelalpha:main:certificate:41:blog.acme.test:12:103:71');
      expect(await provider.operations.get(ctx, waiting)).toMatchObject({
        state: 'running',
        status: 'ordered',
      });
      const result = await provider.certificates.issue.run(ctx, { site: 'blog.acme.test' }, {});
      const handle = decodeHandle(result.operation!.id);
      expect(handle.ids.at(-1)).toBe('71');
      expect((await provider.operations.get(ctx, handle)).state).toBe('running');
      sim.clock.advance(HOUR);
      expect((await provider.operations.get(ctx, handle)).state).toBe('succeeded');
    });

    it('sends filters as query parameters, never as a GET body', async () => {
      const sites = await provider.sites.list(ctx, { limit: 50, server: 'plesk-us-1' });
      expect(sites.items.map((s) => s.domains[0])).toEqual(['labs.acme.test']);
      expect(seen()).toContain('GET /api/admin/instances?server_id=2&per_page=50');
      await provider.logs.read(ctx, { source: 'tasks', site: 'shop.acme.test' });
      expect(seen()).toContain('GET /api/admin/tasks?search_term=shop.acme.test&per_page=100');
      for (const request of sim.http.requests.filter((r) => r.method === 'GET'))
        expect(request.body).toBeUndefined();
    });

    it('asks for no more than the limit and says when the list was cut', async () => {
      const sites = await provider.sites.list(ctx, { limit: 2 });
      expect(sites.items).toHaveLength(2);
      expect(sites.truncated).toBe(true);
      expect(seen()).toContain('GET /api/admin/instances?per_page=2');
    });
  });

  describe('users and errors', () => {
    it('refuses a user-endpoint call when no user is configured, before sending anything', async () => {
      const bare = makeProvider({ api_token: sim.token, base_url: baseUrl }).provider;
      try {
        const error = await failure(bare.sites.create.run(ctx, {}, { name: 'X', service: '31' }));
        expect(error.code).toBe('config');
        expect(error.hint).toMatch(/PANELALPHA_USER_ID/);
        expect(seen().filter((r) => !r.startsWith('GET'))).toEqual([]);
      } finally {
        await bare.close();
      }
    });

    it('names the user when the panel answers 401 for an unknown user', async () => {
      const error = await failure(
        provider.sites.create.run(ctx, {}, { name: 'X', service: '31', user: '999' }),
      );
      expect(error.code).toBe('not_found');
      const push = await failure(
        provider.deployments.deploy.run(confirmed, { site: '101' }, { user: '999' }),
      );
      expect(push.code).toBe('unauthorized');
      expect(push.message).toMatch(/user 999/);
      expect(push.hint).toMatch(/PANELALPHA_USER_ID/);
    });

    it('rejects bad arguments before sending anything', async () => {
      const error = await failure(
        provider.sites.create.run(ctx, {}, { name: 'X', install_type: 'clone', admin_email: 'not-an-email' }),
      );
      expect(error.code).toBe('invalid_argument');
      expect(error.details?.fields).toEqual([
        'admin_email: must be an email address',
        'clone_from: required for clone',
      ]);
      expect(sim.http.requests).toEqual([]);
    });

    it('reports validation errors field by field', async () => {
      const error = await failure(
        provider.sites.create.run(ctx, {}, { name: 'Dup', domain: 'blog.acme.test', service: 'Business WP' }),
      );
      expect(error.code).toBe('validation');
      expect(error.status).toBe(422);
      expect(error.details).toEqual({ fields: { domain: ['The domain has already been taken.'] } });
    });

    it('does not repeat a write that failed with a 500', async () => {
      sim.http.inject({ status: 500, match: 'PUT' });
      const error = await failure(provider.deployments.deploy.run(confirmed, { site: 'shop.acme.test' }, {}));
      // A 500 can come half-way through a write: its outcome is unknown, and no retry is advised.
      expect(error.code).toBe('outcome_unknown');
      expect(error.hint).toMatch(/check its state/i);
      expect(error.hint).not.toMatch(/retry|try again/i);
      expect(seen().filter((r) => r.startsWith('PUT'))).toHaveLength(1);
    });

    it('plans a write on dry run without sending it, and hides panel credentials', async () => {
      const pending = provider.servers.create.run({ dryRun: true }, undefined, {
        name: 'cp-new',
        server_type: 'cpanel',
        connection_config: {
          hostname: 'cp2.hosting.test',
          port: 2087,
          username: 'root',
          api_token: 'whm-secret-4Fq9',
        },
      });
      await expect(pending).rejects.toBeInstanceOf(DryRunStop);
      expect(seen().filter((r) => !r.startsWith('GET'))).toEqual([]);
      expect(redactor.text('token whm-secret-4Fq9')).toBe('token [redacted]');
      expect(redactor.text('cp2.hosting.test')).toBe('cp2.hosting.test');
    });

    it('checks the server type against the panel before adding a server', async () => {
      const error = await failure(
        provider.servers.create.run(ctx, undefined, {
          name: 'x',
          server_type: 'cpanl',
          connection_config: {},
        }),
      );
      expect(error.code).toBe('invalid_argument');
      expect(error.hint).toMatch(/cpanel, plesk, directadmin/);
    });
  });

  describe('operations', () => {
    it('follows an install to its end', async () => {
      const created = await provider.sites.create.run(ctx, {}, { name: 'Later', service: '31' });
      expect(created.operation).toMatchObject({ kind: 'site', state: 'running', status: 'installing' });
      sim.clock.advance(HOUR);
      const op = await provider.operations.get(ctx, decodeHandle(created.operation!.id));
      expect(op).toMatchObject({ state: 'succeeded', done: true, status: 'active' });
    });

    it('reports a failed install from the failed-instances list, with its log', async () => {
      sim.failNextInstalls = 1;
      const created = await provider.sites.create.run(ctx, {}, { name: 'Broken', service: '31' });
      sim.clock.advance(HOUR);
      const op = await provider.operations.get(ctx, decodeHandle(created.operation!.id));
      expect(op.state).toBe('failed');
      expect(op.log_tail?.at(-1)).toMatch(/disk quota/);
      expect(seen().some((r) => r.startsWith('GET /api/admin/instances/failed/'))).toBe(true);
    });

    it('reports a failed push with its log once', async () => {
      sim.failNextDeployments = 1;
      const pushed = await provider.deployments.deploy.run(confirmed, { site: 'shop.acme.test' }, {});
      sim.clock.advance(HOUR);
      const op: Operation = await provider.operations.get(ctx, decodeHandle(pushed.operation!.id));
      expect(op.state).toBe('failed');
      const tail = op.log_tail ?? [];
      expect(tail.at(-1)).toMatch(/Push to live failed/);
      expect(tail.filter((line) => /Push to live failed/.test(line))).toHaveLength(1);
      const list = await provider.deployments.list(ctx, { site: 'shop.acme.test' }, { limit: 2 });
      expect(list.items[0]).toMatchObject({ id: pushed.operation!.id.split(':')[3], state: 'failed' });
      expect(list.truncated).toBe(true);
    });

    it('refuses a push to live without --allow-destructive, sending nothing', async () => {
      const error = await failure(provider.deployments.deploy.run(ctx, { site: 'shop.acme.test' }, {}));
      expect(error.code).toBe('forbidden');
      expect(error.message).toMatch(/overwrites the live site/);
      expect(seen().filter((r) => r.startsWith('PUT'))).toEqual([]);
    });

    it('pushes to live once a person confirms the exact request with its token', async () => {
      const h = await connect({
        accounts: [
          { provider: 'panelalpha', name: 'main', settings: { api_token: sim.token, base_url: baseUrl } },
        ],
        allowDestructive: true,
      });
      try {
        const asked = await h.call('deploy_site', { site: 'shop.acme.test' });
        expect(asked.isError).toBe(true);
        const { plan, confirm } = (asked.structuredContent as { error: { details: Record<string, unknown> } })
          .error.details as { plan: { request: string; destroys: string }; confirm: string };
        expect(plan.request).toBe('PUT /instances/102/push-to-live');
        expect(plan.destroys).toMatch(/overwrites the live site shop\.acme\.test/);
        expect(seen().filter((r) => r.startsWith('PUT'))).toEqual([]);
        const done = await h.ok<{ operation: { kind: string } }>('deploy_site', {
          site: 'shop.acme.test',
          confirm,
        });
        expect(done.operation.kind).toBe('deployment');
        expect(seen().filter((r) => r.startsWith('PUT'))).toEqual(['PUT /api/instances/102/push-to-live']);
      } finally {
        await h.close();
      }
    });

    it('refuses to push a site with no staging copy, and says how to make one', async () => {
      const error = await failure(provider.deployments.deploy.run(ctx, { site: 'blog.acme.test' }, {}));
      expect(error.code).toBe('invalid_argument');
      expect(error.hint).toMatch(/create_staging/);
      expect(seen().filter((r) => r.startsWith('PUT'))).toEqual([]);
    });
  });

  describe('simulator', () => {
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl}${path}`, { headers: { accept: 'application/json', ...headers } });
    const auth = () => ({ authorization: `Bearer ${sim.token}` });

    it('answers 401 without a token, and on user endpoints without a known user', async () => {
      expect((await get('/api/admin/servers')).status).toBe(401);
      const noUser = await get('/api/ssl-offer', auth());
      expect(noUser.status).toBe(401);
      expect(await noUser.json()).toEqual({ message: 'Unauthenticated.' });
      expect((await get('/api/ssl-offer', { ...auth(), 'x-panelalpha-user': '77' })).status).toBe(401);
      expect((await get('/api/ssl-offer', { ...auth(), 'x-panelalpha-user': '12' })).status).toBe(200);
    });

    it('answers unknown routes 404 and wrong methods 405, in PanelAlpha’s shape', async () => {
      const missing = await get('/api/admin/nope', auth());
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ message: 'The route api/admin/nope could not be found.' });
      const wrong = await fetch(`${baseUrl}/api/admin/tasks`, { method: 'DELETE', headers: auth() });
      expect(wrong.status).toBe(405);
      expect(((await wrong.json()) as { message: string }).message).toMatch(/DELETE method is not supported/);
    });

    it('refuses what the document does not allow, in Laravel’s validation shape', async () => {
      const tooMany = await get('/api/admin/instances?per_page=101', auth());
      expect(tooMany.status).toBe(422);
      expect(((await tooMany.json()) as { errors: Record<string, string[]> }).errors).toEqual({
        per_page: ['The per_page must be ≤ 100.'],
      });
      const badBody = await fetch(`${baseUrl}/api/instances/install`, {
        method: 'POST',
        headers: { ...auth(), 'x-panelalpha-user': '12', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x', install_type: 'nightly' }),
      });
      expect(badBody.status).toBe(422);
      expect(((await badBody.json()) as { errors: Record<string, string[]> }).errors).toEqual({
        service_id: ['The service_id field is required.'],
        install_type: ['The selected install_type is invalid.'],
      });
    });

    it('reads list filters from the query string', async () => {
      const body = (await (await get('/api/admin/instances?user_id=14', auth())).json()) as {
        data: Array<{ domain: string }>;
      };
      expect(body.data.map((i) => i.domain)).toEqual(['portfolio.studio.test']);
    });
  });

  it('never copies secrets the panel sends into normalized shapes', async () => {
    const server = await provider.servers.get(ctx, 'cp-eu-1');
    const site = await provider.sites.get(ctx, { site: 'shop.acme.test' });
    const certs = await provider.certificates.list(ctx, { site: 'blog.acme.test' });
    const text = JSON.stringify([server, site, certs]);
    for (const canary of Object.values(PANELALPHA_CANARIES)) expect(text).not.toContain(canary);
    expect(text).not.toMatch(/connection_config|admin_password|PRIVATE KEY/);
  });
});

describe('PanelAlpha parsing', () => {
  let fake: SimServer;
  let provider: PanelAlpha;
  let answer: (req: { query: URLSearchParams }) => SimResponse;
  /** A panel whose install answers no instance: the client has to find it. */
  const installRoutes = [
    {
      method: 'GET',
      path: '/admin/users/{user}/services',
      handler: () => ({
        status: 200,
        body: { data: [{ id: 8, status: 'active', plan: { id: 1, name: 'WP' } }] },
      }),
    },
    {
      method: 'POST',
      path: '/instances/install',
      handler: () => ({ status: 200, body: { message: 'Queued.' } }),
    },
    {
      method: 'GET',
      path: '/admin/instances',
      handler: () => ({
        status: 200,
        body: {
          data: [
            { id: 40, domain: 'quiet.test', name: 'Quiet', status: 'active' },
            { id: 41, domain: 'other.test', name: 'Quiet', status: 'installing' },
            { id: 42, domain: 'quiet.test', name: 'Quiet', status: 'installing' },
          ],
        },
      }),
    },
  ];

  beforeEach(async () => {
    fake = new SimServer({
      name: 'fake-panelalpha',
      basePath: '/api',
      routes: [{ method: 'GET', path: '/admin/servers', handler: (req) => answer(req) }, ...installRoutes],
      authenticate: () => true,
      errors: {
        unauthorized: () => ({ status: 401, body: { message: 'Unauthenticated.' } }),
        notFound: () => ({ status: 404, body: { message: 'Not found.' } }),
        methodNotAllowed: () => ({ status: 405, body: { message: 'Method not allowed.' } }),
        badJson: () => ({ status: 400, body: { message: 'Bad JSON.' } }),
        serverError: () => ({ status: 500, body: { message: 'Server Error' } }),
      },
    });
    // A base URL given with /api on must not double it.
    provider = makeProvider({
      api_token: 't0ken-for-tests',
      base_url: `${await fake.listen()}/api/`,
      user_id: '5',
    }).provider;
  });
  afterEach(async () => {
    await provider.close();
    await fake.close();
  });

  it('names the missing field of a malformed body', async () => {
    answer = () => ({ status: 200, body: { data: [{ name: 'cp-1' }] } });
    const error = await failure(provider.servers.list(ctx, { limit: 10 }));
    expect(error.code).toBe('malformed_response');
    expect(error.message).toMatch(/data\.0\.id/);
  });

  it('names a missing envelope', async () => {
    answer = () => ({ status: 200, body: { servers: [] } });
    const error = await failure(provider.servers.list(ctx, { limit: 10 }));
    expect(error.code).toBe('malformed_response');
    expect(error.message).toMatch(/\bdata\b/);
  });

  it('drops unknown fields and tolerates missing optional ones', async () => {
    answer = () => ({
      status: 200,
      body: { data: [{ id: 7, name: 'bare', connection_config: { password: 'x1y2z3w4' }, surprise: true }] },
    });
    const list = await provider.servers.list(ctx, { limit: 10 });
    expect(list.items).toEqual([
      {
        id: '7',
        name: 'bare',
        status: 'unknown',
        ready: true,
        ip_address: null,
        region: null,
        size: null,
        created_at: null,
        details: {},
      },
    ]);
  });

  it('finds the instance an install created when the answer does not name it', async () => {
    const result = await provider.sites.create.run(ctx, {}, { name: 'Quiet', domain: 'quiet.test' });
    expect(result.resource).toMatchObject({ id: '42', domains: ['quiet.test'] });
    expect(result.operation).toMatchObject({ kind: 'site', state: 'running' });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`).at(-1)).toBe(
      'GET /api/admin/instances?filter=quiet.test&service_id=8&user_id=5&per_page=100',
    );
  });

  it('follows Laravel pagination until the limit', async () => {
    answer = (req) => {
      const page = Number(req.query.get('page') ?? '1');
      const items =
        page === 1
          ? [
              { id: 1, name: 'a' },
              { id: 2, name: 'b' },
            ]
          : [{ id: 3, name: 'c' }];
      return { status: 200, body: { data: items, meta: { current_page: page, last_page: 2 } } };
    };
    const list = await provider.servers.list(ctx, { limit: 10 });
    expect(list.items.map((s) => s.name)).toEqual(['a', 'b', 'c']);
    expect(list.truncated).toBe(false);
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/api/admin/servers?per_page=10',
      '/api/admin/servers?per_page=10&page=2',
    ]);
  });
});

describe('PanelAlpha mapping', () => {
  it('keeps only allow-listed instance fields', () => {
    const parsed = v.instance.parse({
      id: 9,
      name: 'Shop',
      domain: 'shop.test',
      url: 'http://shop.test',
      status: 'active',
      user_id: 3,
      hosting_account_id: 4,
      server_id: 1,
      admin_password: 'hunter2-secret',
      database: { password: 'db-secret-1' },
    });
    const site = mapSite(parsed);
    expect(site).toMatchObject({
      id: '9',
      name: 'Shop',
      server_id: '1',
      https: false,
      domains: ['shop.test'],
    });
    expect(JSON.stringify(site)).not.toMatch(/hunter2|db-secret/);
  });

  it('derives states from PanelAlpha’s status words', () => {
    expect(instanceState('installing')).toBe('running');
    expect(instanceState('active')).toBe('succeeded');
    expect(instanceState('install_failed')).toBe('failed');
    expect(taskState('pending')).toBe('pending');
    expect(taskState('in progress')).toBe('running');
    expect(taskState('completed')).toBe('succeeded');
    expect(taskState('failed')).toBe('failed');
    expect(taskState('something-new')).toBe('running');
    // An unknown word is never success, whatever the record.
    expect(instanceState('something-new')).toBe('running');
    expect(serverState('something-new')).toBe('running');
    expect(certificateState('something-new')).toBe('pending');
    expect(certificateState('processing')).toBe('pending');
    expect(certificateState('active')).toBe('active');
    expect(certificateState('expired')).toBe('inactive');
    expect(serverState('setting_up')).toBe('running');
    expect(serverState(undefined)).toBe('succeeded');
    expect(mapServer(v.server.parse({ id: 1, name: 's', status: 'setting_up' })).ready).toBe(false);
  });

  it('carries the task log on failure only, without repeating the error line', () => {
    const failed = v.task.parse({ id: 5, status: 'failed', log: ['a', 'boom'], error: 'boom' });
    expect(taskOperation('main', '1', failed).log_tail).toEqual(['a', 'boom']);
    const other = v.task.parse({ id: 6, status: 'failed', log: 'a', error: 'other' });
    expect(taskOperation('main', '1', other).log_tail).toEqual(['a', 'other']);
    const ok = v.task.parse({ id: 7, status: 'completed', log: 'a' });
    expect(taskOperation('main', '1', ok).log_tail).toBeUndefined();
  });

  it('builds the API base from the panel address', () => {
    expect(panelBaseUrl('https://panel.example.com:8443')).toBe('https://panel.example.com:8443/api');
    expect(panelBaseUrl('https://panel.example.com/api/')).toBe('https://panel.example.com/api');
    expect(panelBaseUrl('https://example.com/panel/')).toBe('https://example.com/panel/api');
  });
});
