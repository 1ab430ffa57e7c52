import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostingError } from '../../../src/core/errors.js';
import { DryRunStop, HttpClient } from '../../../src/core/http.js';
import { createLogger } from '../../../src/core/logger.js';
import { RateLimiter } from '../../../src/core/rate-limit.js';
import { Redactor } from '../../../src/core/redact.js';
import { secretFilesIn } from '../../../src/core/secret-files.js';
import { AccessTokenAuthenticator } from '../../../src/providers/platformsh/auth.js';
import { platformshCatalog } from '../../../src/providers/platformsh/catalog.gen.js';
import { apiHosts, resolveLink } from '../../../src/providers/platformsh/links.js';
import { parseLogStream } from '../../../src/providers/platformsh/log-stream.js';
import { mapDomainTls } from '../../../src/providers/platformsh/map-certificate.js';
import { createPlatformshProvider } from '../../../src/providers/platformsh/provider.js';
import { PlatformshSimulator } from '../../../src/providers/platformsh/simulator/behaviour.js';
import { PLATFORMSH_CANARIES } from '../../../src/providers/platformsh/simulator/seed.js';
import { activityState, subscriptionState } from '../../../src/providers/platformsh/states.js';
import { SimServer } from '../../../src/simulator/sim-server.js';
import { TEST_CERTIFICATE, TEST_PRIVATE_KEY, TEST_PRIVATE_KEY_BODY } from '../../fixtures/tls.js';
import { connect, type ElicitingClient, type Harness } from '../../support/harness.js';

const SHOP = 'sh0pabcd12345';
const base = { provider: 'platformsh' };

let sim: PlatformshSimulator;
let h: Harness;
let urls: { apiUrl: string; authUrl: string };

/** The person at the client, who confirms destructive requests (a redeploy, a billed project). */
const agrees: ElicitingClient = { answer: () => ({ action: 'accept', content: { confirm: true } }) };

async function start(
  settings: Record<string, string> = {},
  /** null: the server runs without --allow-destructive; 'token': with it, and a client that cannot ask. */
  person: ElicitingClient | null | 'token' = agrees,
): Promise<void> {
  sim = new PlatformshSimulator();
  urls = await sim.listen();
  const { apiUrl, authUrl } = urls;
  h = await connect(
    {
      accounts: [
        {
          provider: 'platformsh',
          name: 'main',
          settings: { api_token: sim.apiToken, api_url: apiUrl, auth_url: authUrl, ...settings },
        },
      ],
      allowDestructive: person !== null,
    },
    typeof person === 'object' && person ? person : undefined,
  );
}

/** The token exchange answers beside the API (its own host in production). */
const TOKEN_PATH = '/oauth2/token';

function tokenRequests() {
  return sim.http.requests.filter((r) => r.method === 'POST' && r.path === TOKEN_PATH);
}

function apiRequests(prefix = ''): string[] {
  return sim.http.requests
    .filter((r) => r.path !== TOKEN_PATH)
    .map((r) => `${r.method} ${r.path}`)
    .filter((r) => r.startsWith(prefix));
}

describe('platformsh: access tokens', () => {
  beforeEach(() => start());
  afterEach(async () => {
    await h.close();
    await sim.close();
  });

  it('exchanges the API token with Basic platform-api-user: and a form body, once per token life', async () => {
    await h.ok('list_servers', base);
    await h.ok('list_sites', { ...base, server: SHOP });
    const exchanges = tokenRequests();
    expect(exchanges).toHaveLength(1);
    const [exchange] = exchanges;
    expect(exchange!.headers.authorization).toBe(
      `Basic ${Buffer.from('platform-api-user:').toString('base64')}`,
    );
    expect(exchange!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(exchange!.body).toEqual({ grant_type: 'api_token', api_token: sim.apiToken });
    // The API sees only the access token, never the API token.
    for (const r of sim.http.requests.filter((r) => r.path !== TOKEN_PATH)) {
      expect(r.headers.authorization).toBe(`Bearer ${sim.issuedTokens[0]}`);
    }
  });

  it('refreshes an access token that expires mid-session without the user noticing', async () => {
    await h.ok('list_servers', base);
    expect(tokenRequests()).toHaveLength(1);
    // 16 simulated minutes later the 15-minute token is dead on the API side.
    sim.clock.advance(16 * 60_000);
    const sites = await h.ok<{ sites: Array<{ id: string }> }>('list_sites', { ...base, server: SHOP });
    expect(sites.sites.map((s) => s.id)).toContain(`${SHOP}:main`);
    expect(tokenRequests()).toHaveLength(2);
    const rejected = sim.http.requests.filter(
      (r) => r.headers.authorization === `Bearer ${sim.issuedTokens[0]}`,
    );
    expect(rejected.length).toBeGreaterThan(0);
    expect(sim.http.requests.at(-1)!.headers.authorization).toBe(`Bearer ${sim.issuedTokens[1]}`);
  });

  it('answers one 401 with exactly one refresh and one resend', async () => {
    await h.ok('list_servers', base);
    sim.http.inject({ status: 401, match: 'GET /projects/' });
    const before = apiRequests('GET /projects/').length;
    await h.ok('get_site', { ...base, site: `${SHOP}:main` });
    expect(tokenRequests()).toHaveLength(2);
    expect(apiRequests('GET /projects/').length - before).toBe(2);
  });

  it('does not loop when the API keeps refusing the fresh token', async () => {
    await h.ok('list_servers', base);
    sim.http.inject({ status: 401, match: 'GET /projects/', count: 5 });
    const text = await h.fail('get_site', { ...base, site: `${SHOP}:main` });
    expect(text).toMatch(/unauthorized/);
    expect(text).toMatch(/PLATFORMSH_API_TOKEN/);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('never shows the API token or an access token in results or logs', async () => {
    await h.ok('list_servers', base);
    sim.clock.advance(16 * 60_000);
    await h.ok('list_sites', base);
    await h.call('deploy_site', { ...base, site: `${SHOP}:staging`, dry_run: true });
    const seen = [...h.outputs, ...h.logs].join('\n');
    expect(sim.issuedTokens.length).toBe(2);
    for (const secret of [sim.apiToken, ...sim.issuedTokens]) expect(seen).not.toContain(secret);
  });
});

describe('platformsh: a rejected API token', () => {
  beforeEach(() => start({ api_token: 'not-the-right-token' }));
  afterEach(async () => {
    await h.close();
    await sim.close();
  });

  it('fails with unauthorized and says which variable to set', async () => {
    const text = await h.fail('list_servers', base);
    expect(text).toMatch(/Error \(unauthorized\): Platform.sh did not accept the API token/);
    expect(text).toMatch(/PLATFORMSH_API_TOKEN/);
    expect(text).not.toContain('not-the-right-token');
    expect(apiRequests()).toHaveLength(0);
  });
});

describe('platformsh: proactive refresh', () => {
  it('exchanges again shortly before expiry, and concurrent callers share one exchange', async () => {
    const simulator = new PlatformshSimulator();
    const { authUrl } = await simulator.listen();
    const redactor = new Redactor();
    let now = 1_000_000;
    const http = new HttpClient({
      baseUrl: authUrl,
      providerTitle: 'Platform.sh auth',
      authenticator: { headers: async () => ({}) },
      authHint: 'set it',
      userAgent: 'test',
      limiter: new RateLimiter({ limit: 0, windowMs: 60_000, maxWaitMs: 1_000 }),
      logger: createLogger({ level: 'silent', redactor }),
    });
    const auth = new AccessTokenAuthenticator({
      http,
      apiToken: simulator.apiToken,
      redactor,
      authHint: 'set it',
      now: () => now,
    });
    try {
      const first = await Promise.all([auth.headers(), auth.headers(), auth.headers()]);
      expect(auth.exchanges).toBe(1);
      expect(new Set(first.map((h) => h.authorization)).size).toBe(1);
      now += 839_000; // 900 s life, 60 s margin: still fresh
      await auth.headers();
      expect(auth.exchanges).toBe(1);
      now += 2_000; // inside the margin: exchanged before the API could refuse it
      const second = await auth.headers();
      expect(auth.exchanges).toBe(2);
      expect(second.authorization).not.toBe(first[0]!.authorization);
      // Both access tokens are known secrets, wherever they would appear.
      const raw = second.authorization!.replace('Bearer ', '');
      expect(redactor.text(`token=${raw}`)).toBe('token=[redacted]');
    } finally {
      await http.close();
      await simulator.close();
    }
  });
});

describe('platformsh: HAL links', () => {
  it('follows only the API host and its sibling region gateways, on the same scheme', () => {
    const allowed = apiHosts('https://api.platform.sh');
    expect(allowed('api.platform.sh')).toBe(true);
    expect(allowed('eu-3.platform.sh')).toBe(true);
    expect(allowed('eu-3.platform.sh:8443')).toBe(false);
    expect(allowed('main-abc.eu.platform.sh')).toBe(false);
    expect(allowed('platform.sh.evil.example')).toBe(false);
    expect(allowed('evilplatform.sh')).toBe(false);
    expect(allowed('attacker.example')).toBe(false);
    const loopback = apiHosts('http://127.0.0.1:4000');
    expect(loopback('127.0.0.1:4000')).toBe(true);
    expect(loopback('127.0.0.1:4001')).toBe(false);
    expect(
      resolveLink('/api/projects/x', 'https://eu-3.platform.sh/api/projects/x', 'https://api.platform.sh')
        .href,
    ).toBe('https://eu-3.platform.sh/api/projects/x');
    expect(() =>
      resolveLink('http://eu-3.platform.sh/x', 'https://api.platform.sh', 'https://api.platform.sh'),
    ).toThrow(HostingError);
    expect(() =>
      resolveLink('https://attacker.example/log', 'https://api.platform.sh', 'https://api.platform.sh'),
    ).toThrow(/outside the configured API/);
  });

  describe('with a foreign log link', () => {
    let foreign: SimServer;
    beforeEach(async () => {
      await start();
      foreign = new SimServer({
        name: 'foreign',
        routes: [
          { method: 'GET', path: '/{any}', public: true, handler: () => ({ status: 200, text: 'stolen' }) },
        ],
        authenticate: () => true,
        errors: {
          unauthorized: () => ({ status: 401 }),
          notFound: () => ({ status: 404 }),
          methodNotAllowed: () => ({ status: 405 }),
          badJson: () => ({ status: 400 }),
          serverError: () => ({ status: 500 }),
        },
      });
      sim.logLinkBase = await foreign.listen();
    });
    afterEach(async () => {
      await h.close();
      await sim.close();
      await foreign.close();
    });

    it('refuses to send the token there and reads the activity’s log field instead', async () => {
      const log = await h.ok<{ log: string; complete: boolean }>('tail_logs', {
        ...base,
        source: 'deployment',
        site: `${SHOP}:main`,
      });
      expect(log.log).toMatch(/Redeploying environment main/);
      expect(foreign.requests).toHaveLength(0);
      expect(h.logs.join('\n')).toMatch(/refused an activity log link outside the API/);
    });
  });

  describe('with the API’s own log link', () => {
    beforeEach(() => start());
    afterEach(async () => {
      await h.close();
      await sim.close();
    });

    it('streams the log and stops at the seal', async () => {
      const log = await h.ok<{ complete: boolean; lines: number }>('tail_logs', {
        ...base,
        source: 'deployment',
        site: `${SHOP}:main`,
      });
      expect(log.complete).toBe(true);
      expect(log.lines).toBeGreaterThan(5);
      expect(apiRequests('GET /projects/').some((r) => /\/activities\/[a-z0-9]+\/log\?/.test(r))).toBe(true);
    });
  });

  it('parses the NDJSON stream, skipping a cut-off line', () => {
    const body = [
      JSON.stringify({ _id: '1', data: { timestamp: 't', message: 'Building\n' } }),
      JSON.stringify({ _id: '2', data: { timestamp: 't', message: 'Done\n' } }),
      '{"_id": "3", "data": {"mess',
    ].join('\n');
    expect(parseLogStream(body)).toEqual({ text: 'Building\nDone\n', sealed: false });
    expect(parseLogStream(`${body}\n${JSON.stringify({ seal: true })}\n`).sealed).toBe(true);
  });
});

describe('platformsh: verbs', () => {
  beforeEach(() => start());
  afterEach(async () => {
    await h.close();
    await sim.close();
  });

  it('lists environment name clashes across projects as candidates, and narrows by server', async () => {
    const text = await h.fail('get_site', { ...base, site: 'main' });
    expect(text).toMatch(/Error \(ambiguous\)/);
    expect(text).toContain(`${SHOP}:main`);
    expect(text).toContain('bl0gefgh67890:main');
    const site = await h.ok<{ site: { id: string } }>('get_site', {
      ...base,
      site: 'main',
      server: 'Acme Shop',
    });
    expect(site.site.id).toBe(`${SHOP}:main`);
  });

  it('encodes git refs as one path segment (heads%2F…)', async () => {
    // An inactive environment reports no head commit, so the commit is read from its branch ref.
    await h.ok('deploy_site', { ...base, site: `${SHOP}:old-feature`, activate: true });
    expect(apiRequests('GET ')).toContain(`GET /projects/${SHOP}/git/refs/heads%2Fold-feature`);
  });

  it('does not activate an inactive environment unless asked', async () => {
    const text = await h.fail('deploy_site', { ...base, site: `${SHOP}:old-feature` });
    expect(text).toMatch(/inactive[\s\S]*activate: true/);
    expect(apiRequests('POST')).toHaveLength(0);
  });

  it('asks a person before a billed project, and sends nothing without one', async () => {
    await h.close();
    await sim.close();
    await start({}, null);
    const billed = await h.fail('create_server', {
      ...base,
      name: 'Unconfirmed',
      organization: 'acme',
      plan: 'development',
      region: 'eu-3.platform.sh',
    });
    expect(billed).toMatch(/create-org-subscription is destructive \(creates a billed project\)/);
    await h.close();
    await sim.close();
    await start({}, { answer: () => ({ action: 'decline' }) });
    expect(
      await h.fail('create_server', {
        ...base,
        name: 'Declined',
        organization: 'acme',
        plan: 'development',
        region: 'eu-3.platform.sh',
      }),
    ).toMatch(/declined/);
    expect(apiRequests('POST')).toHaveLength(0);
  });

  it('takes a confirmation token for a billed project when the client cannot ask a person', async () => {
    await h.close();
    await sim.close();
    await start({}, 'token');
    const args = {
      ...base,
      name: 'Confirmed',
      organization: 'acme',
      plan: 'development',
      region: 'eu-3.platform.sh',
    };
    const asked = await h.call('create_server', args);
    expect(asked.isError).toBe(true);
    const { error } = asked.structuredContent as { error: { code: string; details: { confirm: string } } };
    expect(error.code).toBe('confirmation_required');
    const confirm = error.details.confirm;
    expect(apiRequests('POST')).toHaveLength(0);
    const created = await h.ok<{ resource: { name: string } }>('create_server', { ...args, confirm });
    expect(created.resource.name).toBe('Confirmed');
    expect(apiRequests('POST')).toHaveLength(1);
  });

  it('requires organization, plan and region to create a project', async () => {
    const text = await h.fail('create_server', { ...base, name: 'No plan' });
    expect(text).toMatch(/organization/);
    expect(text).toMatch(/plan/);
    expect(text).toMatch(/region/);
    expect(apiRequests()).toHaveLength(0);
  });

  it('shows plan and region on a dry run of a project, sending nothing', async () => {
    const plan = await h.ok<{ request: { method: string; url: string; body: Record<string, unknown> } }>(
      'create_server',
      {
        ...base,
        name: 'Dry',
        organization: 'Acme Agency',
        plan: 'standard',
        region: 'eu-3.platform.sh',
        dry_run: true,
      },
    );
    expect(plan.request.method).toBe('POST');
    expect(plan.request.url).toMatch(/\/organizations\/01HV7C1ZK8Q5N2R4T6W8Y0B3D5\/subscriptions$/);
    expect(plan.request.body).toMatchObject({ plan: 'standard', project_region: 'eu-3.platform.sh' });
    expect(apiRequests('POST')).toHaveLength(0);
  });

  it('stops before a billed write when the organization cannot create projects', async () => {
    sim.billingBlocked = true;
    const text = await h.fail('create_server', {
      ...base,
      name: 'Blocked',
      organization: 'acme',
      plan: 'development',
      region: 'eu-3.platform.sh',
    });
    expect(text).toMatch(/payment_required[\s\S]*billing_details/);
    expect(apiRequests('POST')).toHaveLength(0);
  });

  it('asks for the largest documented page and follows _links.next beyond it', async () => {
    // 101 projects in one organization: one more than the largest page the API gives (100).
    await h.ok('list_servers', base);
    const org = '01HV7C1ZK8Q5N2R4T6W8Y0B3D5';
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${urls.apiUrl}/organizations/${org}/subscriptions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${sim.issuedTokens[0]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ project_title: `Bulk ${i}`, project_region: 'eu-3.platform.sh' }),
        }).then((res) => expect(res.status).toBe(201)),
      ),
    );
    const seen = sim.http.requests.length;
    const servers = await h.ok<{ servers: unknown[]; truncated: boolean }>('list_servers', {
      ...base,
      limit: 500,
    });
    expect(servers.servers).toHaveLength(102);
    expect(servers.truncated).toBe(false);
    const lists = sim.http.requests
      .slice(seen)
      .map((r) => r.path)
      .filter((path) => path.startsWith('/organizations/'));
    // Two pages of the first organization (the second by its next link), one of the other.
    expect(lists).toHaveLength(3);
    expect(lists.every((path) => path.includes('page%5Bsize%5D=100'))).toBe(true);
    expect(lists.filter((path) => path.includes('page%5Bafter%5D='))).toHaveLength(1);
    const capped = await h.ok<{ servers: unknown[]; truncated: boolean }>('list_servers', {
      ...base,
      limit: 5,
    });
    expect(capped.servers).toHaveLength(5);
    expect(capped.truncated).toBe(true);
    expect(apiRequests('GET /organizations/').at(-1)).toMatch(/page%5Bsize%5D=5$/);
  });

  it('adds a production domain and reports its automatic certificate once issued', async () => {
    const issued = await h.ok<{ operation: { id: string; done: boolean } }>('issue_certificate', {
      ...base,
      site: `${SHOP}:main`,
      domain: 'new.acme.test',
    });
    expect(issued.operation.done).toBe(false);
    const before = await h.ok<{ certificates: Array<{ domain: string; state: string }> }>(
      'list_certificates',
      {
        ...base,
        site: `${SHOP}:main`,
      },
    );
    expect(before.certificates.find((c) => c.domain === 'new.acme.test')?.state).toBe('pending');
    sim.clock.advance(10 * 60_000);
    const done = await h.ok<{ operation: { state: string } }>('get_operation', {
      operation_id: issued.operation.id,
    });
    expect(done.operation.state).toBe('succeeded');
    const after = await h.ok<{ certificates: Array<{ domain: string; state: string; type: string }> }>(
      'list_certificates',
      { ...base, site: `${SHOP}:main` },
    );
    expect(after.certificates.find((c) => c.domain === 'new.acme.test')).toMatchObject({
      state: 'active',
      type: 'letsencrypt',
    });
  });

  it('asks for replacement_for off production and names the production domains', async () => {
    const text = await h.fail('issue_certificate', {
      ...base,
      site: `${SHOP}:staging`,
      domain: 'qa.acme.test',
    });
    expect(text).toMatch(/replacement_for/);
    expect(text).toMatch(/shop\.acme\.test/);
    expect(apiRequests('POST')).toHaveLength(0);
  });

  it('never echoes a certificate private key, even in a dry run', async () => {
    const plan = await h.ok<{ request: { body: Record<string, unknown> } }>('issue_certificate', {
      ...base,
      site: `${SHOP}:main`,
      certificate: TEST_CERTIFICATE,
      private_key: TEST_PRIVATE_KEY,
      dry_run: true,
    });
    expect(plan.request.body.certificate).toContain('BEGIN CERTIFICATE');
    expect(plan.request.body.key).toBe('[redacted]');
    expect([...h.outputs, ...h.logs].join('\n')).not.toContain(TEST_PRIVATE_KEY_BODY.slice(0, 40));
    expect(apiRequests('POST')).toHaveLength(0);
  });

  it('uploads a custom certificate, sending the key but not returning it', async () => {
    const result = await h.ok<{ resource: { type: string; domain: string } }>('issue_certificate', {
      ...base,
      site: `${SHOP}:main`,
      certificate: TEST_CERTIFICATE,
      private_key: TEST_PRIVATE_KEY,
    });
    expect(result.resource).toMatchObject({
      type: 'custom',
      domain: 'contract.example.test, www.contract.example.test',
    });
    const sent = sim.http.requests.find((r) => r.method === 'POST' && r.path.endsWith('/certificates'));
    expect((sent!.body as { key?: string }).key).toBe(TEST_PRIVATE_KEY);
    expect([...h.outputs, ...h.logs].join('\n')).not.toContain(TEST_PRIVATE_KEY_BODY.slice(0, 40));
  });

  it('branches an environment and waits for it to become active', async () => {
    const created = await h.ok<{ operation: { id: string }; resource: { id: string } }>('create_site', {
      ...base,
      server: 'Acme Shop',
      name: 'feature-x',
      environment_type: 'staging',
      clone_parent: false,
    });
    expect(created.resource.id).toBe(`${SHOP}:feature-x`);
    // The activity spans parent and child; it is reported for the environment being created.
    expect(created.operation.id).toMatch(/:feature-x$/);
    const sent = sim.http.requests.find((r) => r.method === 'POST' && r.path.endsWith('/branch'));
    expect(sent?.path).toBe(`/projects/${SHOP}/environments/main/branch`);
    expect(sent?.body).toMatchObject({
      name: 'feature-x',
      title: 'feature-x',
      type: 'staging',
      clone_parent: false,
    });
    sim.clock.advance(10 * 60_000);
    await h.ok('get_operation', { operation_id: created.operation.id });
    const site = await h.ok<{ site: { status: string } }>('get_site', { ...base, site: created.resource.id });
    expect(site.site.status).toBe('active');
    const history = await h.ok<{
      deployments: Array<{ site_id: string; operation_id: string; state: string }>;
    }>('list_deployments', { ...base, site: created.resource.id });
    expect(history.deployments[0]).toMatchObject({
      site_id: `${SHOP}:feature-x`,
      operation_id: created.operation.id,
      state: 'succeeded',
    });
    const again = await h.fail('create_site', { ...base, server: SHOP, name: 'feature-x' });
    expect(again).toMatch(/conflict[\s\S]*already has an environment/);
  });

  it('never shows a canary in reads that surface where they live', async () => {
    await h.ok('get_server', { ...base, server: SHOP });
    await h.ok('tail_logs', { ...base, source: 'activity', server: SHOP, lines: 1000 });
    const deployments = await h.ok<{ deployments: Array<{ operation_id: string; state: string }> }>(
      'list_deployments',
      { ...base, site: `${SHOP}:main` },
    );
    const failed = deployments.deployments.find((d) => d.state === 'failed')!;
    const op = await h.ok<{ operation: { log_tail: string } }>('get_operation', {
      operation_id: failed.operation_id,
    });
    expect(op.operation.log_tail).toMatch(/STRIPE_SECRET_KEY=\[redacted\]/);
    await h.ok('tail_logs', {
      ...base,
      source: 'deployment',
      site: `${SHOP}:main`,
      id: failed.operation_id.split(':')[4],
    });
    const seen = [...h.outputs, ...h.logs].join('\n');
    for (const canary of Object.values(PLATFORMSH_CANARIES)) expect(seen).not.toContain(canary);
  });
});

describe('platformsh: the dry-run body itself', () => {
  it('is redacted by the PEM rule alone, without knowing the key', async () => {
    const simulator = new PlatformshSimulator();
    const { apiUrl, authUrl } = await simulator.listen();
    const redactor = new Redactor();
    const provider = createPlatformshProvider(
      {
        provider: 'platformsh',
        name: 'x',
        settings: { api_token: simulator.apiToken, api_url: apiUrl, auth_url: authUrl },
      },
      {
        logger: createLogger({ level: 'silent', redactor }),
        redactor,
        userAgent: 'test',
        secretFiles: secretFilesIn('/tmp/hosting-mcp-test-secrets'),
      },
    );
    try {
      const stop = await provider
        .certificates!.issue.run(
          { dryRun: true },
          { site: `${SHOP}:main` },
          { certificate: TEST_CERTIFICATE, private_key: TEST_PRIVATE_KEY },
        )
        .catch((error) => error);
      expect(stop).toBeInstanceOf(DryRunStop);
      const planned = (stop as DryRunStop).planned;
      expect((planned.body as { key: string }).key).toBe(TEST_PRIVATE_KEY);
      // A redactor that never saw the key still masks it: the PEM rule does.
      const shown = JSON.stringify(new Redactor().value(planned));
      expect(shown).not.toContain(TEST_PRIVATE_KEY_BODY.slice(0, 40));
      expect(shown).toContain('[redacted]');
    } finally {
      await provider.close();
      await simulator.close();
    }
  });
});

describe('platformsh: mapping and routes', () => {
  it('derives state from the activity state and result, never from HTTP', () => {
    expect(activityState({ state: 'pending', result: null })).toBe('pending');
    expect(activityState({ state: 'staged', result: null })).toBe('pending');
    expect(activityState({ state: 'in_progress', result: null })).toBe('running');
    expect(activityState({ state: 'complete', result: 'success' })).toBe('succeeded');
    expect(activityState({ state: 'complete', result: 'failure' })).toBe('failed');
    expect(activityState({ state: 'complete', result: null })).toBe('failed');
    expect(activityState({ state: 'cancelled', result: null })).toBe('cancelled');
    expect(subscriptionState('requested')).toBe('running');
    expect(subscriptionState('provisioning failure')).toBe('failed');
    expect(subscriptionState('active')).toBe('succeeded');
  });

  it('matches wildcard certificates one label deep only', () => {
    const cert = {
      id: 'c',
      domains: ['*.acme.test'],
      is_provisioned: false,
      is_invalid: false,
      expires_at: '2999-01-01T00:00:00Z',
      issuer: null,
      created_at: null,
    };
    const tls = (name: string) =>
      mapDomainTls(
        { id: name, name, type: null, is_default: null, replacement_for: null, created_at: null },
        [cert],
      ).state;
    expect(tls('shop.acme.test')).toBe('active');
    expect(tls('a.shop.acme.test')).toBe('pending');
    expect(tls('acme.test')).toBe('pending');
  });

  it('marks every call that destroys data or costs a project as destructive, with what it destroys', () => {
    for (const id of [
      'deactivate-environment',
      'synchronize-environment',
      'merge-environment',
      'delete-environment',
      'delete-org-subscription',
      'restore-backup',
    ] as const) {
      const op = platformshCatalog.operations[id];
      expect(op.risk, id).toBe('destructive');
      expect(op.reason, id).toBeTruthy();
    }
    expect(platformshCatalog.operations['deactivate-environment'].reason).toMatch(/irrevocably lost/);
  });
});

describe('platformsh simulator: errors in the API’s own shapes', () => {
  beforeEach(() => start());
  afterEach(async () => {
    await h.close();
    await sim.close();
  });

  async function send(method: string, path: string, bearer?: string) {
    const res = await fetch(`${urls.apiUrl}${path}`, {
      method,
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as Record<string, unknown>,
    };
  }

  it('answers 401 without a live token, 404 and 405 in project and accounts shapes', async () => {
    await h.ok('list_servers', base);
    const token = sim.issuedTokens[0]!;
    expect((await send('GET', `/projects/${SHOP}`)).status).toBe(401);
    const missing = await send('GET', '/projects/nope', token);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 'error', code: 404, title: 'Not Found' });
    const notAllowed = await send('PUT', `/projects/${SHOP}/environments/main`, token);
    expect(notAllowed.status).toBe(405);
    expect(notAllowed.body).toMatchObject({ code: 405, title: 'Method Not Allowed' });
    const noOrg = await send('GET', '/organizations/01HV7C1ZK8Q5N2R4T6W8Y0B3D0', token);
    expect(noOrg.status).toBe(404);
    expect(noOrg.type).toMatch(/problem\+json/);
    expect(noOrg.body).toEqual({ error: 'Organization not found.' });
    const badPage = await send(
      'GET',
      `/users/${'d81c8ee2-44b3-429f-b944-a33ad7437690'}/organizations?page%5Bsize%5D=500`,
      token,
    );
    expect(badPage.status).toBe(400);
    sim.clock.advance(15 * 60_000);
    expect((await send('GET', `/projects/${SHOP}`, token)).status).toBe(401);
  });
});
