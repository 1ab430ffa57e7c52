import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { HostingError } from '../../../src/core/errors.js';
import { DryRunStop } from '../../../src/core/http.js';
import { createLogger } from '../../../src/core/logger.js';
import { decodeHandle } from '../../../src/core/operations.js';
import { Redactor } from '../../../src/core/redact.js';
import { type SecretFiles, secretFilesIn } from '../../../src/core/secret-files.js';
import { basicAuth, basicCredentials, ServerPilotClient } from '../../../src/providers/serverpilot/client.js';
import { serverpilotDefinition } from '../../../src/providers/serverpilot/index.js';
import { appOperation } from '../../../src/providers/serverpilot/map-action.js';
import { mapCertificates } from '../../../src/providers/serverpilot/map-certificate.js';
import { mapServer, serverOperation } from '../../../src/providers/serverpilot/map-server.js';
import { mapSite } from '../../../src/providers/serverpilot/map-site.js';
import * as v from '../../../src/providers/serverpilot/schemas.js';
import { ServerPilotSimulator } from '../../../src/providers/serverpilot/simulator/behaviour.js';
import { SERVERPILOT_CANARIES, SERVERPILOT_SEED } from '../../../src/providers/serverpilot/simulator/seed.js';
import { actionState } from '../../../src/providers/serverpilot/states.js';
import { createProviderHttp } from '../../../src/providers/shared.js';
import type { HostingProvider } from '../../../src/providers/types.js';

const WWW1 = SERVERPILOT_SEED.servers[0]!;
const SHOP = SERVERPILOT_SEED.apps[0]!;
const BLOG = SERVERPILOT_SEED.apps[1]!;
const LEGACY = SERVERPILOT_SEED.apps[2]!;
const HOUR = 60 * 60_000;

interface Setup {
  sim: ServerPilotSimulator;
  provider: HostingProvider;
  redactor: Redactor;
  logs: string[];
  dir: string;
  baseUrl: string;
  /** Non-GET requests the simulator received, as sent. */
  writes(): Array<{ method: string; path: string; body: unknown }>;
}

async function setup(secretFiles?: SecretFiles): Promise<Setup> {
  const sim = new ServerPilotSimulator();
  const baseUrl = await sim.listen();
  const dir = await mkdtemp(join(tmpdir(), 'serverpilot-unit-'));
  const redactor = new Redactor([sim.apiKey]);
  const logs: string[] = [];
  const provider = (await serverpilotDefinition.load())(
    {
      provider: 'serverpilot',
      name: 'main',
      settings: { client_id: sim.clientId, api_key: sim.apiKey, base_url: baseUrl },
    },
    {
      logger: createLogger({ level: 'debug', redactor, write: (line) => logs.push(line) }),
      redactor,
      userAgent: 'hosting-mcp-test',
      rateLimitPerMinute: 0,
      secretFiles: secretFiles ?? secretFilesIn(join(dir, 'secrets')),
    },
  );
  return {
    sim,
    provider,
    redactor,
    logs,
    dir,
    baseUrl,
    writes: () =>
      sim.http.requests
        .filter((r) => r.method !== 'GET')
        .map(({ method, path, body }) => ({ method, path, body })),
  };
}

async function teardown(s: Setup): Promise<void> {
  await s.provider.close();
  await s.sim.close();
  await rm(s.dir, { recursive: true, force: true });
}

async function failure(promise: Promise<unknown>): Promise<HostingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HostingError);
  return error as HostingError;
}

describe('serverpilot provider: requests', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });
  afterEach(() => teardown(s));

  it('authenticates every request with Basic client_id:api_key', async () => {
    await s.provider.servers!.list({}, { limit: 10 });
    const header = s.sim.http.requests.at(-1)!.headers.authorization;
    expect(header).toBe(`Basic ${Buffer.from(`${s.sim.clientId}:${s.sim.apiKey}`).toString('base64')}`);
    // The encoded header is as secret as the key.
    expect(s.redactor.text(String(header))).not.toContain(basicCredentials(s.sim.clientId, s.sim.apiKey));
  });

  it('registers a server with only the fields given', async () => {
    await s.provider.servers!.create!.run({}, undefined, {
      name: 'web9',
      plan: 'business',
      ssh_password_auth: true,
    });
    await s.provider.servers!.create!.run({}, undefined, { name: 'web10' });
    expect(s.writes()).toEqual([
      {
        method: 'POST',
        path: '/v1/servers',
        body: { name: 'web9', plan: 'business', enable_ssh_password_auth: true },
      },
      { method: 'POST', path: '/v1/servers', body: { name: 'web10' } },
    ]);
  });

  it('creates an app under a new system user named after it, with the full domain list', async () => {
    const result = await s.provider.sites!.create!.run(
      {},
      { server: 'www1' },
      {
        domain: 'New.Example.org',
        domains: ['www.new.example.org', 'new.example.org'],
        php_version: 'php82',
      },
    );
    const writes = s.writes();
    expect(writes).toHaveLength(2);
    expect(writes[0]).toEqual({
      method: 'POST',
      path: '/v1/sysusers',
      body: { serverid: WWW1.id, name: 'newexampleorg' },
    });
    const sysuserId = (result.resource as { details: { sysuser_id: string } }).details.sysuser_id;
    expect(writes[1]).toEqual({
      method: 'POST',
      path: '/v1/apps',
      body: {
        name: 'newexampleorg',
        sysuserid: sysuserId,
        runtime: 'php8.2',
        domains: ['new.example.org', 'www.new.example.org'],
      },
    });
    // Both actions are followed by the one operation.
    expect(decodeHandle(result.operation!.id).ids).toHaveLength(3);
    expect(result.operation!.state).toBe('running');
  });

  it('reuses an existing system user by name and picks the newest runtime by default', async () => {
    await s.provider.sites!.create!.run({}, { server: WWW1.id }, { name: 'shopapi', sysuser: 'shop' });
    expect(s.writes()).toEqual([
      {
        method: 'POST',
        path: '/v1/apps',
        body: { name: 'shopapi', sysuserid: 'Su4dShopUser0004', runtime: 'php8.4', domains: [] },
      },
    ]);
  });

  it('refuses a runtime the server does not list, and a taken app name, before writing anything', async () => {
    const runtime = await failure(
      s.provider.sites!.create!.run(
        {},
        { server: 'www1' },
        { domain: 'x.example.com', php_version: 'php5.6' },
      ),
    );
    expect(runtime.code).toBe('invalid_argument');
    expect(runtime.hint).toContain('php8.4');
    const taken = await failure(s.provider.sites!.create!.run({}, { server: 'www1' }, { name: 'shop' }));
    expect(taken.code).toBe('conflict');
    const badName = await failure(
      s.provider.sites!.create!.run({}, { server: 'www1' }, { name: 'Bad_Name' }),
    );
    expect(badName.code).toBe('invalid_argument');
    expect(s.writes()).toEqual([]);
  });

  it('adds a domain by sending every existing domain too, then enables AutoSSL and ForceSSL', async () => {
    const created = await s.provider.sites!.create!.run(
      {},
      { server: 'www1' },
      {
        domain: 'a.example.com',
        domains: ['b.example.com'],
      },
    );
    const appId = String(created.resource!.id);
    s.sim.clock.advance(HOUR);
    const before = s.writes().length;
    const issued = await s.provider.certificates!.issue.run(
      {},
      { site: 'a.example.com' },
      {
        domain: 'c.example.com',
        force_ssl: true,
      },
    );
    expect(s.writes().slice(before)).toEqual([
      {
        method: 'POST',
        path: `/v1/apps/${appId}`,
        body: { domains: ['a.example.com', 'b.example.com', 'c.example.com'] },
      },
      { method: 'POST', path: `/v1/apps/${appId}/ssl`, body: { auto: true } },
      { method: 'POST', path: `/v1/apps/${appId}/ssl`, body: { force: true } },
    ]);
    expect(issued.operation!.kind).toBe('certificate');
    expect(issued.next_steps!.join(' ')).toMatch(/adds c\.example\.com to the AutoSSL certificate/);
  });

  it('keeps the existing domains when adding one to an app that already has AutoSSL', async () => {
    const issued = await s.provider.certificates!.issue.run(
      {},
      { site: 'blog' },
      { domain: 'news.example.com' },
    );
    expect(s.writes()).toEqual([
      {
        method: 'POST',
        path: `/v1/apps/${BLOG.id}`,
        body: { domains: ['blog.example.com', 'news.example.com'] },
      },
    ]);
    expect(issued.message).toMatch(/AutoSSL was already on/);
  });

  it('never replaces a custom certificate and says when AutoSSL is not available yet', async () => {
    const custom = await failure(s.provider.certificates!.issue.run({}, { site: SHOP.id }, {}));
    expect(custom.code).toBe('conflict');
    expect(custom.hint).toMatch(/dashboard/);
    const unavailable = await failure(s.provider.certificates!.issue.run({}, { site: 'legacy' }, {}));
    expect(unavailable.code).toBe('conflict');
    expect(unavailable.hint).toContain('legacy.example.invalid');
    expect(s.writes()).toEqual([]);
  });

  it('resolves sites by domain within a server and reports ambiguity and misses', async () => {
    const site = await s.provider.sites!.get({}, { site: 'www.shop.example.com', server: 'www1' });
    expect(site.id).toBe(SHOP.id);
    expect(site.details).toMatchObject({ sysuser: 'shop', log_dir: '/srv/users/shop/log/shop' });
    const missing = await failure(s.provider.sites!.get({}, { site: 'shop', server: 'www2' }));
    expect(missing.code).toBe('not_found');
  });
});

describe('serverpilot provider: installer secret file', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });
  afterEach(() => teardown(s));

  it('writes the installer to a 0600 file and keeps the key out of the result and logs', async () => {
    const result = await s.provider.servers!.create!.run({}, undefined, { name: 'web9' });
    const key = SERVERPILOT_CANARIES.serverApiKey;
    const file = String(result.resource!.installer_file);
    expect(file.startsWith(join(s.dir, 'secrets'))).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const script = await readFile(file, 'utf8');
    expect(script).toContain(`SERVERAPIKEY='${key}'`);
    expect(script).toContain(`SERVERID='${result.resource!.id}'`);
    expect(script).toContain('https://download.serverpilot.io/serverpilot-installer');
    expect(result.message).toContain(file);
    expect(result.message).toMatch(/not shown here and not logged/);
    expect(JSON.stringify(result)).not.toContain(key);
    expect(s.logs.join('')).not.toContain(key);
    // Learned at runtime, the key is now redacted wherever it might appear.
    expect(s.redactor.text(`key ${key}`)).toBe('key [redacted]');
  });

  it('sends nothing and writes no file on a dry run', async () => {
    const error = await s.provider
      .servers!.create!.run({ dryRun: true }, undefined, { name: 'web9' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(DryRunStop);
    expect(s.writes()).toEqual([]);
    await expect(readdir(join(s.dir, 'secrets'))).rejects.toThrow();
  });

  it('fails clearly, without the key, when the file cannot be written', async () => {
    const broken = await setup({
      save: async () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
    });
    try {
      const error = await failure(broken.provider.servers!.create!.run({}, undefined, { name: 'web9' }));
      expect(error.code).toBe('provider_error');
      expect(error.message).toMatch(/registered server "web9".*could not be saved \(EACCES\)/);
      expect(error.hint).toMatch(/HOSTING_MCP_SECRETS_DIR/);
      expect(JSON.stringify(error.toJSON())).not.toContain(SERVERPILOT_CANARIES.serverApiKey);
    } finally {
      await teardown(broken);
    }
  });
});

describe('serverpilot provider: databases', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });
  afterEach(() => teardown(s));

  it('creates a MySQL database for an app with a password made here, sent once and kept in a 0600 file', async () => {
    const result = await s.provider.databases!.create.run(
      {},
      { site: 'shop.example.com', name: 'shop-reports' },
      {},
    );
    const [write] = s.writes();
    const body = write!.body as { appid: string; name: string; user: { name: string; password: string } };
    expect(write!.path).toBe('/v1/dbs');
    expect(body.appid).toBe(SHOP.id);
    expect(body.name).toBe('shop-reports');
    // The user is named after the database: letters and digits, at most 16 of them.
    expect(body.user.name).toBe('shopreports');
    expect(body.user.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const file = result.next_steps![0]!.match(/ (\/\S+) \(readable by you only\)/)![1]!;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(body.user.password);
    expect(JSON.stringify(result)).not.toContain(body.user.password);
    expect(s.logs.join('')).not.toContain(body.user.password);
    expect(s.redactor.text(body.user.password)).toBe('[redacted]');
    expect(result.resource).toMatchObject({ name: 'shop-reports', type: 'mysql', server_id: SHOP.serverid });
    expect(decodeHandle(result.operation!.id).kind).toBe('database');
    const listed = await s.provider.databases!.list({}, { site: 'shop' }, { limit: 10 });
    expect(listed.items.map((d) => d.name)).toEqual(['shopdb', 'shop-reports']);
    expect(listed.items[1]!.details).toMatchObject({ user: 'shopreports', app_id: SHOP.id });
  });

  it('lists the databases of a server or an app, never a password', async () => {
    const onServer = await s.provider.databases!.list({}, { server: WWW1.name }, { limit: 10 });
    expect(onServer.items.map((d) => d.name)).toEqual(['shopdb']);
    expect(JSON.stringify(onServer)).not.toContain(SERVERPILOT_CANARIES.databasePassword);
    const ofBlog = await s.provider.databases!.list({}, { site: 'blog' }, { limit: 10 });
    expect(ofBlog.items).toEqual([]);
  });

  it('refuses another engine, a missing app and a long user name before sending anything', async () => {
    const run = (target: Record<string, string>) =>
      failure(s.provider.databases!.create.run({}, { name: 'reports', ...target }, {}));
    expect((await run({ site: 'shop', type: 'postgresql' })).message).toMatch(/MySQL databases only/);
    expect((await run({ server: WWW1.name })).message).toMatch(/belongs to an app: pass `site`/);
    expect((await run({ site: 'shop', user: 'a-very-long-user-name' })).message).toMatch(/at most 16/);
    expect(s.writes()).toEqual([]);
  });

  it('sends nothing and keeps no file on a dry run, and nothing when the file cannot be written', async () => {
    const error = await s.provider
      .databases!.create.run({ dryRun: true }, { site: 'shop', name: 'reports' }, {})
      .catch((e) => e);
    expect(error).toBeInstanceOf(DryRunStop);
    await expect(readdir(join(s.dir, 'secrets'))).rejects.toThrow();
    const broken = await setup({
      save: async () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
    });
    try {
      await expect(
        broken.provider.databases!.create.run({}, { site: 'shop', name: 'reports' }, {}),
      ).rejects.toThrow(/EACCES/);
      expect(broken.writes()).toEqual([]);
    } finally {
      await teardown(broken);
    }
  });
});

describe('serverpilot provider: errors', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });
  afterEach(() => teardown(s));

  it('maps 409 with the API message and a ServerPilot hint', async () => {
    const error = await failure(s.provider.servers!.create!.run({}, undefined, { name: 'www1' }));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('A server named www1 already exists');
    expect(error.hint).toMatch(/pick another name/);
  });

  it('maps 401 to the env vars to set, and 402 to billing', async () => {
    s.sim.http.inject({ status: 401, match: 'GET /v1/servers' });
    const auth = await failure(s.provider.servers!.list({}, { limit: 5 }));
    expect(auth.code).toBe('unauthorized');
    expect(auth.hint).toMatch(/SERVERPILOT_CLIENT_ID and SERVERPILOT_API_KEY/);
    s.sim.cardOnFile = false;
    const billing = await failure(s.provider.servers!.create!.run({}, undefined, { name: 'web9' }));
    expect(billing.code).toBe('payment_required');
    expect(billing.message).toMatch(/no valid credit card/);
  });

  it('reads {error: {message}} bodies: 400 as invalid argument, 404 with the route hint', async () => {
    const redactor = new Redactor();
    const client = new ServerPilotClient(
      createProviderHttp(
        { provider: 'serverpilot', name: 'main', settings: { base_url: s.baseUrl } },
        {
          logger: createLogger({ level: 'silent', redactor }),
          redactor,
          userAgent: 'hosting-mcp-test',
          rateLimitPerMinute: 0,
          secretFiles: secretFilesIn(s.dir),
        },
        {
          title: 'ServerPilot',
          authenticator: basicAuth(basicCredentials(s.sim.clientId, s.sim.apiKey)),
          authHint: 'set the keys',
          requestsPerMinute: 0,
          parseError: (body) => ({ message: v.errorBody.parse(body).error?.message }),
        },
      ),
    );
    try {
      // What the document rules out is refused before anything is sent.
      const sent = s.sim.http.requests.length;
      const refused = await failure(
        client.write(
          'create-app',
          {},
          { name: 'Not_Valid', sysuserid: SHOP.sysuserid, runtime: 'php8.3' },
          v.app,
          {},
        ),
      );
      expect(refused.code).toBe('invalid_argument');
      expect(refused.message).toMatch(/body\.name: must match .*Nothing was sent/);
      expect(s.sim.http.requests.length).toBe(sent);
      // What only the server knows comes back as its {error: {message}} body.
      const invalid = await failure(
        client.write(
          'create-app',
          {},
          { name: 'valid', sysuserid: SHOP.sysuserid, runtime: 'php5.6' },
          v.app,
          {},
        ),
      );
      expect(invalid.code).toBe('invalid_argument');
      expect(invalid.message).toContain("runtime must be one of the server's available runtimes");
      const missing = await failure(
        s.provider.operations!.get(
          {},
          { provider: 'serverpilot', account: 'main', kind: 'site', ids: ['A', 'Nope'] },
        ),
      );
      expect(missing.code).toBe('not_found');
      expect(missing.message).toContain('Action not found');
      expect(missing.hint).toMatch(/operation id returned by a ServerPilot write/);
    } finally {
      await client.http.close();
    }
  });

  it('explains 403 as a protected resource, not a missing permission', async () => {
    s.sim.http.inject({ status: 403, match: 'GET /v1/servers' });
    const error = await failure(s.provider.servers!.list({}, { limit: 5 }));
    expect(error.code).toBe('forbidden');
    expect(error.hint).toMatch(/protects this resource/);
  });

  it('says which new system user is left behind when the app then fails', async () => {
    s.sim.http.inject({ status: 500, match: 'POST /v1/apps' });
    const error = await failure(s.provider.sites!.create!.run({}, { server: 'www1' }, { name: 'fresh1' }));
    expect(error.hint).toMatch(/System user fresh1 was created .* pass `sysuser: "fresh1"`/);
    // A retry finds that user by name and creates only the app.
    const before = s.writes().length;
    await s.provider.sites!.create!.run({}, { server: 'www1' }, { name: 'fresh1' });
    expect(
      s
        .writes()
        .slice(before)
        .map((w) => w.path),
    ).toEqual(['/v1/apps']);
  });
});

describe('serverpilot provider: operations', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });
  afterEach(() => teardown(s));

  it('follows a registered server from awaiting installer to connected', async () => {
    const created = await s.provider.servers!.create!.run({}, undefined, { name: 'web9' });
    const handle = decodeHandle(created.operation!.id);
    expect(handle).toMatchObject({ provider: 'serverpilot', account: 'main', kind: 'server' });
    expect(created.operation).toMatchObject({ state: 'pending', status: 'awaiting_installer', done: false });
    s.sim.clock.advance(3 * 60_000);
    expect(await s.provider.operations!.get({}, handle)).toMatchObject({ state: 'running', status: 'open' });
    s.sim.clock.advance(HOUR);
    expect(await s.provider.operations!.get({}, handle)).toMatchObject({
      state: 'succeeded',
      status: 'connected',
      done: true,
    });
  });

  it('reports a failed action as failed', async () => {
    s.sim.failNextActions = 1;
    const created = await s.provider.sites!.create!.run(
      {},
      { server: 'www1' },
      { name: 'broken', sysuser: 'shop' },
    );
    const handle = decodeHandle(created.operation!.id);
    expect((await s.provider.operations!.get({}, handle)).state).toBe('running');
    s.sim.clock.advance(HOUR);
    expect(await s.provider.operations!.get({}, handle)).toMatchObject({
      state: 'failed',
      status: 'error',
      done: true,
    });
  });

  it('rejects handles it did not make', async () => {
    const error = await failure(
      s.provider.operations!.get(
        {},
        { provider: 'serverpilot', account: 'main', kind: 'deployment', ids: ['x'] },
      ),
    );
    expect(error.code).toBe('invalid_argument');
    // An app operation without the action it follows would read as done: it is refused instead.
    const sent = s.sim.http.requests.length;
    const incomplete = await failure(
      s.provider.operations!.get(
        {},
        { provider: 'serverpilot', account: 'main', kind: 'site', ids: [SHOP.id] },
      ),
    );
    expect(incomplete.message).toMatch(/incomplete/);
    expect(s.sim.http.requests.length).toBe(sent);
  });
});

describe('serverpilot provider: a ForceSSL change is reported as what ServerPilot did', () => {
  let s: Setup;
  let appId: string;
  beforeEach(async () => {
    s = await setup();
    // An app with AutoSSL on and ForceSSL off, its setup finished.
    const created = await s.provider.sites!.create!.run(
      {},
      { server: 'www1' },
      { domain: 'fresh.example.com' },
    );
    appId = String(created.resource!.id);
    s.sim.clock.advance(HOUR);
    await s.provider.certificates!.issue.run({}, { site: appId }, {});
    s.sim.clock.advance(HOUR);
  });
  afterEach(() => teardown(s));

  it('fails the call when ServerPilot refuses the ForceSSL change, instead of reporting nothing changed', async () => {
    s.sim.http.inject({ status: 500, match: `POST /v1/apps/${appId}/ssl` });
    const error = await failure(s.provider.certificates!.issue.run({}, { site: appId }, { force_ssl: true }));
    expect(error.status).toBe(500);
    expect(error.message).not.toMatch(/nothing changed/);
  });

  it('says which earlier change already happened when the ForceSSL step then fails', async () => {
    s.sim.http.inject({ status: 400, match: `POST /v1/apps/${appId}/ssl` });
    const error = await failure(
      s.provider.certificates!.issue.run(
        {},
        { site: appId },
        { domain: 'news.example.com', force_ssl: true },
      ),
    );
    expect(error.code).toBe('invalid_argument');
    expect(error.hint).toMatch(/news\.example\.com was added to the app’s domains/);
    // The change that did go through can still be followed to its end.
    const operationId = /operation id (\S+)\)/.exec(error.hint ?? '')?.[1];
    expect(operationId).toBeDefined();
    s.sim.clock.advance(HOUR);
    expect(await s.provider.operations!.get({}, decodeHandle(operationId!))).toMatchObject({
      state: 'succeeded',
      kind: 'certificate',
    });
  });

  it('follows an accepted ForceSSL change to its action, and reports an action that ends in error as failed', async () => {
    const before = s.writes().length;
    s.sim.failNextActions = 1;
    const result = await s.provider.certificates!.issue.run({}, { site: appId }, { force_ssl: true });
    expect(s.writes().slice(before)).toEqual([
      { method: 'POST', path: `/v1/apps/${appId}/ssl`, body: { force: true } },
    ]);
    expect(result.message).toMatch(/turning ForceSSL on/);
    expect(result.operation).toMatchObject({ state: 'running', done: false, kind: 'certificate' });
    const handle = decodeHandle(result.operation!.id);
    expect(await s.provider.operations!.get({}, handle)).toMatchObject({ state: 'running', status: 'open' });
    s.sim.clock.advance(HOUR);
    expect(await s.provider.operations!.get({}, handle)).toMatchObject({
      state: 'failed',
      status: 'error',
      done: true,
    });
  });

  it('treats turning ForceSSL off as destructive: refused without a person’s say, nothing sent', async () => {
    const before = s.writes().length;
    const error = await failure(
      s.provider.certificates!.issue.run({}, { site: 'blog' }, { force_ssl: false }),
    );
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/set-forcessl is destructive .*Nothing was sent/);
    expect(s.writes().length).toBe(before);
  });
});

describe('serverpilot mapping', () => {
  const rawApp = {
    id: SHOP.id,
    datecreated: 1_790_000_000,
    name: 'shop',
    sysuserid: SHOP.sysuserid,
    domains: SHOP.domains,
    ssl: SHOP.ssl,
    serverid: SHOP.serverid,
    runtime: 'php8.3',
  };

  it('drops ssl.key when parsing and never maps it, and the redactor would catch it anyway', () => {
    expect(JSON.stringify(rawApp)).toContain(SERVERPILOT_CANARIES.sslKey);
    const parsed = v.app.parse(rawApp);
    expect(parsed.ssl).toEqual({ auto: false, force: true });
    expect(JSON.stringify(parsed)).not.toContain(SERVERPILOT_CANARIES.sslKey);
    expect(JSON.stringify(mapSite(parsed, 'shop'))).not.toContain(SERVERPILOT_CANARIES.sslKey);
    expect(JSON.stringify(mapCertificates(parsed))).not.toContain(SERVERPILOT_CANARIES.sslKey);
    // Second net: had the raw body slipped through, the PEM block would be redacted.
    const redacted = JSON.stringify(new Redactor().value({ data: [rawApp] }));
    expect(redacted).not.toContain(SERVERPILOT_CANARIES.sslKey);
    expect(redacted).toContain('[redacted]');
  });

  it('maps a server from its connection, and keeps apikey out', () => {
    const pending = v.createdServer.parse({
      id: 'Xy1Xy1Xy1Xy1Xy1X',
      name: 'web',
      plan: 'economy',
      lastaddress: null,
      lastconn: null,
      datecreated: 1_790_000_000,
      apikey: 'do-not-copy-this-key',
    });
    expect(mapServer(pending)).toMatchObject({
      status: 'awaiting_installer',
      ready: false,
      ip_address: null,
    });
    expect(JSON.stringify(mapServer(pending))).not.toContain('do-not-copy-this-key');
    expect(JSON.stringify(serverOperation('main', pending, []))).not.toContain('do-not-copy-this-key');
    const connected = mapServer({ ...pending, lastaddress: '192.0.2.1', lastconn: 1_790_000_100 });
    expect(connected).toMatchObject({ status: 'connected', ready: true, ip_address: '192.0.2.1' });
    expect(connected.created_at).toBe(new Date(1_790_000_000_000).toISOString());
  });

  it('maps certificates per domain: custom, AutoSSL covered and pending, none', () => {
    const custom = mapCertificates(v.app.parse(rawApp));
    expect(custom.map((c) => [c.domain, c.type, c.state, c.status])).toEqual([
      ['shop.example.com', 'custom', 'active', 'custom+forcessl'],
      ['www.shop.example.com', 'custom', 'active', 'custom+forcessl'],
    ]);
    const auto = mapCertificates(
      v.app.parse({
        ...rawApp,
        ssl: { auto: true, force: false },
        autossl: { available: true, domains: ['shop.example.com'] },
      }),
    );
    expect(auto.map((c) => [c.domain, c.state, c.active])).toEqual([
      ['shop.example.com', 'active', true],
      ['www.shop.example.com', 'pending', false],
    ]);
    expect(mapCertificates(v.app.parse({ ...rawApp, ssl: null }))).toEqual([]);
  });

  it('derives states from the action status word', () => {
    expect(actionState('open')).toBe('running');
    expect(actionState('success')).toBe('succeeded');
    expect(actionState('error')).toBe('failed');
    expect(actionState('queued-someday')).toBe('running');
    const action = (id: string, status: string) => ({
      id,
      serverid: 'S',
      status,
      datecreated: 1_790_000_000,
    });
    expect(appOperation('main', 'site', 'A', [action('a', 'success'), action('b', 'open')])).toMatchObject({
      state: 'running',
      done: false,
      status: 'open',
    });
    expect(appOperation('main', 'site', 'A', [action('a', 'error'), action('b', 'open')])).toMatchObject({
      state: 'failed',
      done: true,
    });
    expect(appOperation('main', 'certificate', 'A', [action('a', 'success')])).toMatchObject({
      state: 'succeeded',
      done: true,
      server_id: 'S',
      site_id: 'A',
      id: 'serverpilot:main:certificate:A:a',
    });
  });

  it('needs both the connection and the action for a server to be done', () => {
    const server = v.server.parse({ id: 'S', name: 'web', lastconn: null });
    const open = [{ id: 'a', serverid: 'S', status: 'open', datecreated: null }];
    const done = [{ id: 'a', serverid: 'S', status: 'success', datecreated: null }];
    expect(serverOperation('main', server, done).state).toBe('pending');
    const connected = { ...server, lastconn: 1_790_000_000 };
    expect(serverOperation('main', connected, open).state).toBe('running');
    expect(serverOperation('main', connected, done).state).toBe('succeeded');
    expect(serverOperation('main', connected, []).state).toBe('succeeded');
    expect(serverOperation('main', server, [{ ...done[0]!, status: 'error' }]).state).toBe('failed');
  });

  it('lists sites without private keys even though the API sends them', async () => {
    const s = await setup();
    try {
      const raw = await fetch(`${s.baseUrl}/apps`, {
        headers: { authorization: `Basic ${basicCredentials(s.sim.clientId, s.sim.apiKey)}` },
      });
      expect(await raw.text()).toContain(SERVERPILOT_CANARIES.sslKey);
      const sites = await s.provider.sites!.list({}, { limit: 10 });
      expect(sites.items.map((site) => site.name)).toEqual(['shop', 'blog', 'legacy']);
      expect(JSON.stringify(sites)).not.toContain('PRIVATE KEY');
      expect(mapSite(v.app.parse({ ...rawApp, id: LEGACY.id, ssl: null })).https).toBe(false);
    } finally {
      await teardown(s);
    }
  });
});

describe('serverpilot settings', () => {
  it('configures an account from SERVERPILOT_* env with the documented default base URL', () => {
    const { config, errors } = loadConfig([], {
      SERVERPILOT_CLIENT_ID: 'cid',
      SERVERPILOT_API_KEY: 'key-123456',
    });
    expect(errors).toEqual([]);
    expect(config.accounts).toEqual([
      {
        provider: 'serverpilot',
        name: 'default',
        settings: { client_id: 'cid', api_key: 'key-123456', base_url: 'https://api.serverpilot.io/v1' },
      },
    ]);
    expect(loadConfig([], { SERVERPILOT_API_KEY: 'key-123456' }).errors).toEqual([
      'SERVERPILOT_CLIENT_ID is required for ServerPilot.',
    ]);
    expect(loadConfig([], { SERVERPILOT_CLIENT_ID: 'cid' }).errors[0]).toMatch(/SERVERPILOT_API_KEY is not/);
  });

  it('targets https://api.serverpilot.io/v1/servers by default (dry run: nothing is sent)', async () => {
    const redactor = new Redactor();
    const provider = (await serverpilotDefinition.load())(
      {
        provider: 'serverpilot',
        name: 'default',
        settings: { client_id: 'cid', api_key: 'key-123456', base_url: 'https://api.serverpilot.io/v1' },
      },
      {
        logger: createLogger({ level: 'silent', redactor }),
        redactor,
        userAgent: 'hosting-mcp-test',
        secretFiles: { save: () => Promise.reject(new Error('not expected')) },
      },
    );
    try {
      const stop = await provider
        .servers!.create!.run({ dryRun: true }, undefined, { name: 'web9' })
        .catch((e) => e);
      expect(stop).toBeInstanceOf(DryRunStop);
      expect((stop as DryRunStop).planned).toMatchObject({
        method: 'POST',
        url: 'https://api.serverpilot.io/v1/servers',
        body: { name: 'web9' },
        headers: { authorization: '[redacted]' },
      });
    } finally {
      await provider.close();
    }
  });
});
