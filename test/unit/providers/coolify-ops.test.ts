import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostingError } from '../../../src/core/errors.js';
import { DryRunStop } from '../../../src/core/http.js';
import { createLogger } from '../../../src/core/logger.js';
import { decodeHandle } from '../../../src/core/operations.js';
import { Redactor } from '../../../src/core/redact.js';
import { secretFilesIn } from '../../../src/core/secret-files.js';
import {
  databaseRequest,
  engineOf,
  engineOfType,
  passwordInUrl,
} from '../../../src/providers/coolify/database-request.js';
import { mapBackup } from '../../../src/providers/coolify/map-backup.js';
import { settledState } from '../../../src/providers/coolify/map-control.js';
import { mapEnv } from '../../../src/providers/coolify/map-env.js';
import { createCoolifyProvider } from '../../../src/providers/coolify/provider.js';
import * as v from '../../../src/providers/coolify/schemas.js';
import {
  CoolifySimulator,
  type CoolifySimulatorOptions,
} from '../../../src/providers/coolify/simulator/behaviour.js';
import { COOLIFY_CANARIES, COOLIFY_SEED } from '../../../src/providers/coolify/simulator/seed.js';
import { backupState } from '../../../src/providers/coolify/states.js';
import type { ConfirmPlan, RequestPolicy } from '../../../src/providers/kit/gate.js';
import type { CallContext, HostingProvider } from '../../../src/providers/types.js';
import { withToolNames } from '../../../src/tools/verb-names.js';

/** Environment variables, start/stop/restart, databases and backups of the Coolify provider. */

const shop = COOLIFY_SEED.applications[0]!;
const umami = COOLIFY_SEED.services[0]!;
const postgres = COOLIFY_SEED.databases[0]!;
const configuration = postgres.backups![0]!;
const MINUTE = 60_000;

type Ops = Required<
  Pick<HostingProvider, 'env' | 'siteControl' | 'serverControl' | 'databases' | 'backups' | 'operations'>
>;

interface Setup {
  sim: CoolifySimulator;
  provider: HostingProvider & Ops;
  redactor: Redactor;
  logs: string[];
  secrets: string;
  /** Non-GET requests since the last call. */
  writes(): Array<{ method: string; path: string; body: unknown }>;
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

async function setup(options: CoolifySimulatorOptions & { pollScale?: number } = {}): Promise<Setup> {
  const sim = new CoolifySimulator(options);
  const baseUrl = await sim.listen();
  const secrets = await mkdtemp(join(tmpdir(), 'coolify-ops-'));
  const logs: string[] = [];
  const redactor = new Redactor([sim.token]);
  const provider = createCoolifyProvider(
    { provider: 'coolify', name: 'main', settings: { api_token: sim.token, base_url: baseUrl } },
    {
      logger: createLogger({ level: 'debug', redactor, write: (line) => logs.push(line) }),
      redactor,
      userAgent: 'test',
      rateLimitPerMinute: 0,
      pollScale: options.pollScale,
      secretFiles: secretFilesIn(secrets),
    },
  ) as HostingProvider & Ops;
  open.push(async () => {
    await provider.close();
    await sim.close();
    await rm(secrets, { recursive: true, force: true });
  });
  let seen = 0;
  return {
    sim,
    provider,
    redactor,
    logs,
    secrets,
    writes() {
      const fresh = sim.http.requests.slice(seen).filter((r) => r.method !== 'GET');
      seen = sim.http.requests.length;
      return fresh.map(({ method, path, body }) => ({ method, path, body }));
    },
  };
}

/** A person who confirms every destructive request, and what each confirmation showed them. */
function confirming(): { ctx: CallContext; plans: ConfirmPlan[] } {
  const plans: ConfirmPlan[] = [];
  const policy: RequestPolicy = {
    allowDestructive: true,
    confirm: async (plan) => {
      plans.push(plan);
      return 'token';
    },
    audit: () => undefined,
  };
  return { ctx: { policy }, plans };
}

async function failure(promise: Promise<unknown>): Promise<HostingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HostingError)) throw new Error(`expected a HostingError, got ${String(error)}`);
  return error;
}

describe('Coolify everyday operations: parsing and mapping', () => {
  it('reads whether an env value is set while parsing, and keeps neither value nor real_value', () => {
    const parse = (extra: Record<string, unknown>) => v.envVar.parse({ uuid: 'e', key: 'K', ...extra });
    const secret = parse({ value: 'hunter2', real_value: 'hunter2', is_buildtime: true, is_runtime: true });
    expect(secret.value).toBe('set');
    expect(JSON.stringify(secret)).not.toContain('hunter2');
    expect(parse({ value: '' }).value).toBe('empty');
    expect(parse({ value: null }).value).toBe('empty');
    // Without read:sensitive Coolify leaves the value out: neither set nor empty can be told.
    expect(parse({}).value).toBe('unknown');
  });

  it('maps where a variable applies and how Coolify treats it', () => {
    const env = v.envVar.parse({
      uuid: 'e',
      key: 'K',
      value: 'x',
      is_preview: true,
      is_buildtime: false,
      is_runtime: true,
      is_literal: true,
      is_multiline: true,
      is_shown_once: true,
      is_shared: true,
    });
    expect(mapEnv(env)).toEqual({
      key: 'K',
      value: 'set',
      scope: 'preview, runtime',
      inherited: true,
      sensitive: true,
      flags: ['literal', 'multiline'],
    });
    expect(mapEnv(v.envVar.parse({ uuid: 'e', key: 'K', value: '' }))).toEqual({
      key: 'K',
      value: 'empty',
      scope: null,
    });
  });

  it('settles a control action from the status: reached states at once, a restart after the grace window', () => {
    const window = { graceMs: 1000, giveUpMs: 5000 };
    expect(settledState('running:healthy', 'running', 0, window)).toBe('succeeded');
    expect(settledState('starting:unknown', 'running', 500, window)).toBe('running');
    expect(settledState('running:unhealthy', 'running', 500, window)).toBe('running');
    expect(settledState('exited', 'exited', 0, window)).toBe('succeeded');
    expect(settledState('running:healthy', 'exited', 4000, window)).toBe('running');
    // The old running status may still show right after a restart request.
    expect(settledState('running:healthy', 'restarted', 500, window)).toBe('running');
    expect(settledState('running:healthy', 'restarted', 1500, window)).toBe('succeeded');
    expect(settledState('exited', 'restarted', 6000, window)).toBe('failed');
    // An unknown word is never success, and fails once the give-up time passes.
    expect(settledState('degraded:unknown', 'running', 100, window)).toBe('running');
    expect(settledState('degraded:unknown', 'running', 6000, window)).toBe('failed');
  });

  it('builds each engine’s create body with only the fields that engine documents', () => {
    const base = {
      name: 'reports',
      server: 'srv',
      project: 'prj',
      environment: 'production',
      password: () => 'pw-made-here-0123456789',
    };
    const pg = databaseRequest(engineOf('postgres'), { ...base, user: 'reporter' });
    expect(pg).toEqual({
      operation: 'create-database-postgresql',
      user: 'reporter',
      password: 'pw-made-here-0123456789',
      body: {
        server_uuid: 'srv',
        project_uuid: 'prj',
        environment_name: 'production',
        name: 'reports',
        instant_deploy: true,
        postgres_user: 'reporter',
        postgres_password: 'pw-made-here-0123456789',
        postgres_db: 'reports',
      },
    });
    // Coolify's default user is the one the password belongs to when none is named.
    expect(databaseRequest('mysql', base).user).toBe('mysql');
    expect(databaseRequest('mysql', base).body).not.toHaveProperty('mysql_user');
    const redis = databaseRequest('redis', base);
    expect(redis.body).toMatchObject({ redis_password: 'pw-made-here-0123456789' });
    // MongoDB's create takes no password: Coolify makes it.
    const mongo = databaseRequest(engineOf('mongo'), { ...base, user: 'docs' });
    expect(mongo.password).toBeUndefined();
    expect(mongo.body).toMatchObject({ mongo_initdb_root_username: 'docs' });
    expect(Object.keys(mongo.body)).not.toContain('mongo_initdb_root_password');
    expect(() => databaseRequest('keydb', { ...base, user: 'u' })).toThrow(/has no user to name/);
    const oracle = (() => {
      try {
        engineOf('oracle');
      } catch (error) {
        return error as HostingError;
      }
    })();
    expect([oracle?.message, oracle?.hint]).toEqual([
      'Coolify cannot create a "oracle" database.',
      'Types: postgresql, mysql, mariadb, mongodb, redis, keydb, dragonfly, clickhouse.',
    ]);
    expect(engineOf(undefined)).toBe('postgresql');
    // Only the engines' own names: not what every object inherits.
    expect(() => engineOf('constructor')).toThrow(/cannot create a "constructor" database/);
    expect(() => engineOf('toString')).toThrow(/cannot create/);
    expect(engineOfType('standalone-clickhouse')).toBe('clickhouse');
  });

  it('reads the password out of a connection URL, decoded, and nothing else', () => {
    expect(passwordInUrl('mongodb://root:p%40ss%2Fw0rd@abc:27017/?directConnection=true')).toBe('p@ss/w0rd');
    expect(passwordInUrl('redis://:s3cret@abc:6379/0')).toBe('s3cret');
    expect(passwordInUrl('postgres://user@abc:5432/db')).toBeUndefined();
    expect(passwordInUrl('not a url')).toBeUndefined();
    expect(passwordInUrl(null)).toBeUndefined();
  });

  it('maps backup runs: their status words, sizes Coolify stores as text, and the file', () => {
    expect(['running', 'success', 'failed', 'bogus'].map(backupState)).toEqual([
      'running',
      'succeeded',
      'failed',
      'running',
    ]);
    const db = v.database.parse({ uuid: 'd', name: 'acme-postgres' });
    const run = v.backupExecution.parse({
      uuid: 'x',
      status: 'success',
      size: '7340032',
      filename: '/data/coolify/backups/a.dmp',
      database_name: 'shop',
      created_at: '2026-01-01T03:00:00Z',
      finished_at: '2026-01-01T03:00:40Z',
    });
    expect(mapBackup(db, { uuid: 'c', frequency: 'daily' }, run)).toEqual({
      id: 'x',
      of: 'database acme-postgres (shop)',
      state: 'succeeded',
      status: 'success',
      created_at: '2026-01-01T03:00:00Z',
      finished_at: '2026-01-01T03:00:40Z',
      size_bytes: 7_340_032,
      details: {
        database_id: 'd',
        configuration: 'c',
        frequency: 'daily',
        file: '/data/coolify/backups/a.dmp',
      },
    });
  });
});

describe('Coolify environment variables', () => {
  it('reads the variables of applications, services and databases, values never shown', async () => {
    const { provider } = await setup();
    const app = await provider.env.read({}, { site: 'shop.acme.test' });
    expect(app.label).toBe('environment variables of application acme-shop');
    // Coolify keeps a preview copy of each regular variable of an application.
    expect(app.variables.filter((e) => e.key === 'STRIPE_API_KEY').map((e) => e.scope)).toEqual([
      'build, runtime',
      'preview, build, runtime',
    ]);
    const production = await provider.env.read({}, { site: shop.uuid }, 'production');
    expect(production.variables.map((e) => e.key)).toEqual(Object.keys(shop.envs));
    const service = await provider.env.read({}, { site: 'umami' });
    expect(service.variables.map((e) => e.key)).toContain('SERVICE_PASSWORD_POSTGRES');
    const database = await provider.env.read({}, { site: 'acme-postgres' });
    expect(database.variables).toEqual([{ key: 'TZ', value: 'set', scope: 'build, runtime' }]);
    const seen = JSON.stringify([app, service, database]);
    for (const canary of Object.values(COOLIFY_CANARIES)) expect(seen).not.toContain(canary);
    expect(await failure(provider.env.read({}, { site: 'acme-shop' }, 'staging'))).toMatchObject({
      code: 'invalid_argument',
      hint: 'Scopes: production, preview, build, runtime (or none for every variable).',
    });
  });

  it('says a value is unknown to a token without read:sensitive', async () => {
    const { provider } = await setup({ abilities: ['read', 'write', 'deploy'] });
    const { variables } = await provider.env.read({}, { site: 'acme-shop' });
    expect(new Set(variables.map((e) => e.value))).toEqual(new Set(['unknown']));
  });

  it('sets in one bulk upsert and removes by variable, leaving every other key and the preview copies alone', async () => {
    const { provider, writes } = await setup();
    const before = await provider.env.read({}, { site: 'acme-shop' });
    writes();
    const result = await provider.env.change(
      {},
      { site: 'acme-shop' },
      { set: { NODE_ENV: 'staging', MULTI: 'a\nb' }, unset: ['DATABASE_URL', 'MISSING'], redeploy: false },
    );
    expect(result.details).toEqual({
      changes: { NODE_ENV: 'updated', MULTI: 'added', DATABASE_URL: 'removed', MISSING: 'not present' },
      needs_redeploy: true,
      redeployed: false,
    });
    expect(result.next_steps?.[0]).toMatch(/next deployment/);
    const sent = writes();
    expect(sent[0]).toEqual({
      method: 'PATCH',
      path: `/api/v1/applications/${shop.uuid}/envs/bulk`,
      body: {
        data: [
          { key: 'NODE_ENV', value: 'staging', is_preview: false },
          { key: 'MULTI', value: 'a\nb', is_preview: false, is_multiline: true },
        ],
      },
    });
    expect(sent.slice(1).map((r) => r.method)).toEqual(['DELETE']);
    const after = await provider.env.read({}, { site: 'acme-shop' });
    const keys = (list: typeof after.variables, preview: boolean) =>
      list.filter((e) => (e.scope ?? '').startsWith('preview') === preview).map((e) => e.key);
    expect(keys(after.variables, false)).toEqual(['NODE_ENV', 'STRIPE_API_KEY', 'MULTI']);
    expect(keys(after.variables, true)).toEqual([...keys(before.variables, true), 'MULTI']);
  });

  it('sends nothing on a dry run and nothing for a change that changes nothing', async () => {
    const { provider, writes } = await setup();
    writes();
    const dry = await provider.env.change(
      { dryRun: true },
      { site: 'umami' },
      { set: { A: '1' }, unset: ['POSTGRES_DB'], redeploy: true },
    );
    expect(dry.details).toMatchObject({ dry_run: true, changes: { A: 'added', POSTGRES_DB: 'removed' } });
    expect((dry.details!.requests as string[]).map((r) => r.split(' ')[0])).toEqual(['PATCH', 'DELETE']);
    const none = await provider.env.change(
      {},
      { site: 'umami' },
      { set: {}, unset: ['NOPE', 'constructor'], redeploy: true },
    );
    expect(none.details).toEqual({
      changes: { NOPE: 'not present', constructor: 'not present' },
      needs_redeploy: false,
      redeployed: false,
    });
    expect(writes()).toEqual([]);
    expect(
      (
        await failure(
          provider.env.change({}, { site: 'umami' }, { set: { A: '1' }, unset: ['A'], redeploy: false }),
        )
      ).message,
    ).toMatch(/not both/);
  });

  it('applies a change with redeploy: a deployment for applications, a restart for services and databases', async () => {
    const { provider, writes } = await setup();
    const change = { set: { FEATURE: 'on' }, unset: [], redeploy: true };
    writes();
    const app = await provider.env.change({}, { site: 'acme-shop' }, change);
    expect(app.details).toMatchObject({ needs_redeploy: false, redeployed: true });
    expect(app.operation?.kind).toBe('deployment');
    const service = await provider.env.change({}, { site: 'umami' }, change);
    expect(service.operation?.kind).toBe('service');
    const database = await provider.env.change({}, { site: 'acme-postgres' }, change);
    expect(database.operation?.description).toMatch(/^Restart of database acme-postgres/);
    expect(writes().map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      `PATCH /api/v1/applications/${shop.uuid}/envs/bulk`,
      'POST /api/v1/deploy',
      `PATCH /api/v1/services/${umami.uuid}/envs/bulk`,
      `POST /api/v1/services/${umami.uuid}/restart`,
      `PATCH /api/v1/databases/${postgres.uuid}/envs/bulk`,
      `POST /api/v1/databases/${postgres.uuid}/restart`,
    ]);
  });

  it('never guesses between a site and a database of the same name', async () => {
    const { provider } = await setup();
    await provider.databases.create.run({}, { server: 'localhost', name: 'umami', type: 'redis' }, {});
    const error = await failure(provider.env.read({}, { site: 'umami' }));
    expect(error.code).toBe('ambiguous');
    expect(error.details?.candidates).toEqual([
      { id: umami.uuid, name: 'umami', kind: 'service' },
      expect.objectContaining({ name: 'umami', kind: 'database' }),
    ]);
    expect((await failure(provider.env.read({}, { site: 'nothing-here' }))).message).toBe(
      'Coolify has no application, service or database "nothing-here".',
    );
  });
});

describe('Coolify start, stop and restart', () => {
  it('asks a person before a stop, saying what goes offline, and follows it to exited', async () => {
    const { provider, sim } = await setup();
    const { ctx, plans } = confirming();
    const stopped = await provider.siteControl.run(ctx, { site: 'acme-shop' }, 'stop');
    expect(plans.map((p) => [p.path, p.destroys])).toEqual([
      [
        `/applications/${shop.uuid}/stop`,
        'stops application acme-shop (shop.acme.test, www.shop.acme.test): it is offline until started again',
      ],
    ]);
    sim.clock.advance(MINUTE);
    const op = await provider.operations.get({}, decodeHandle(stopped.operation!.id));
    expect([op.state, op.status]).toEqual(['succeeded', 'exited']);
    const refused = await failure(provider.siteControl.run({}, { site: 'acme-postgres' }, 'stop'));
    expect(refused.code).toBe('forbidden');
  });

  it('starts and restarts an application as deployments Coolify reports on', async () => {
    const { provider } = await setup();
    const restarted = await provider.siteControl.run({}, { site: 'acme-shop' }, 'restart');
    expect(restarted.operation).toMatchObject({ kind: 'deployment', status: 'queued' });
    expect(restarted.message).toMatch(/queued a restart of application acme-shop as deployment/);
  });

  it('follows a database restart through its states, trusting running only after the grace window', async () => {
    // A small poll scale shrinks the grace window as the sandbox's faster clock does.
    const { provider, sim } = await setup({ pollScale: 0.0001 });
    const result = await provider.siteControl.run({}, { site: 'acme-postgres' }, 'restart');
    const id = decodeHandle(result.operation!.id);
    expect((await provider.operations.get({}, id)).status).toBe('restarting:unknown');
    sim.clock.advance(8_000);
    expect(await provider.operations.get({}, id)).toMatchObject({
      status: 'starting:unknown',
      state: 'running',
    });
    sim.clock.advance(MINUTE);
    expect(await provider.operations.get({}, id)).toMatchObject({
      status: 'running:healthy',
      state: 'succeeded',
    });
  });

  it('restarts the proxy of a server, and says there is no reboot and no other service', async () => {
    const { provider, sim, writes } = await setup({ pollScale: 0.0001 });
    writes();
    const result = await provider.serverControl.run({}, 'localhost', 'restart_service', 'proxy');
    expect(writes().map((r) => r.path)).toEqual([
      `/api/v1/servers/${COOLIFY_SEED.servers[0]!.uuid}/proxy/restart`,
    ]);
    const id = decodeHandle(result.operation!.id);
    expect((await provider.operations.get({}, id)).status).toBe('restarting');
    sim.clock.advance(MINUTE);
    expect(await provider.operations.get({}, id)).toMatchObject({ status: 'running', state: 'succeeded' });
    const reboot = await failure(provider.serverControl.run({}, 'localhost', 'reboot'));
    expect(reboot.code).toBe('unsupported');
    expect(withToolNames(reboot.hint!)).toMatch(
      /sudo reboot.*control_server with action restart_service and service "proxy"/,
    );
    expect(
      (await failure(provider.serverControl.run({}, 'localhost', 'restart_service', 'nginx'))).message,
    ).toMatch(/cannot restart "nginx"/);
    expect(writes()).toEqual([]);
  });
});

describe('Coolify databases', () => {
  it('creates a PostgreSQL database with a password made here, kept in a 0600 file, and follows it until running', async () => {
    const { provider, sim, writes, logs, redactor } = await setup();
    writes();
    const result = await provider.databases.create.run(
      {},
      { server: 'localhost', name: 'reports', type: 'postgresql', user: 'reporter' },
      {},
    );
    const [post] = writes();
    const body = post!.body as Record<string, string>;
    expect(post!.path).toBe('/api/v1/databases/postgresql');
    expect(body).toMatchObject({
      name: 'reports',
      postgres_user: 'reporter',
      postgres_db: 'reports',
      environment_name: 'production',
    });
    const file = result.next_steps![0]!.match(/ (\/\S+) \(readable by you only\)/)![1]!;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(body.postgres_password);
    expect(redactor.text(body.postgres_password!)).toBe('[redacted]');
    expect(JSON.stringify(result)).not.toContain(body.postgres_password);
    expect(logs.join('\n')).not.toContain(body.postgres_password);
    expect(result.resource).toMatchObject({
      name: 'reports',
      type: 'postgresql',
      details: { user: 'reporter' },
    });
    sim.clock.advance(MINUTE);
    const op = await provider.operations.get({}, decodeHandle(result.operation!.id));
    expect([op.state, op.status]).toEqual(['succeeded', 'running:healthy']);
    const listed = await provider.databases.list({}, { site: 'acme-shop' }, { limit: 10 });
    expect(listed.items.map((d) => [d.name, d.type])).toEqual([
      ['acme-postgres', 'postgresql'],
      ['reports', 'postgresql'],
    ]);
    expect(JSON.stringify(listed)).not.toContain(COOLIFY_CANARIES.databasePassword);
  });

  it('keeps the password Coolify makes for MongoDB from the create answer, and never returns the URL', async () => {
    const { provider, secrets, redactor } = await setup();
    const result = await provider.databases.create.run(
      {},
      { server: 'localhost', name: 'docs', type: 'mongodb' },
      {},
    );
    const file = result.next_steps![0]!.match(/ (\/\S+) \(readable by you only\)/)![1]!;
    expect(file.startsWith(secrets)).toBe(true);
    const password = (await readFile(file, 'utf8')).trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(redactor.text(`mongodb://root:${password}@x`)).not.toContain(password);
    expect(JSON.stringify(result)).not.toMatch(/mongodb:\/\//);
    expect(result.next_steps![0]).toMatch(/^The password of root is in/);
  });

  it('refuses what cannot be created before sending anything, and sends nothing on a dry run', async () => {
    const { provider, writes, secrets } = await setup();
    writes();
    const run = (target: Record<string, string>, input = {}, ctx: CallContext = {}) =>
      provider.databases.create.run(ctx, { server: 'localhost', name: 'x', ...target }, input);
    expect((await failure(run({ type: 'oracle' }))).code).toBe('invalid_argument');
    expect((await failure(run({ type: 'redis', user: 'u' }))).message).toMatch(/has no user/);
    expect((await failure(run({}, { project: 'nope' }))).code).toBe('not_found');
    await expect(run({ type: 'redis' }, {}, { dryRun: true })).rejects.toBeInstanceOf(DryRunStop);
    expect(writes()).toEqual([]);
    // No password file for what was never created.
    expect(await readdir(secrets)).toEqual([]);
  });
});

describe('Coolify backups', () => {
  it('backs up now through the database’s configuration and follows the run Coolify starts later', async () => {
    const { provider, sim, writes } = await setup();
    writes();
    const started = await provider.backups.create.run({}, { site: 'acme-postgres' }, {});
    expect(writes()).toEqual([
      {
        method: 'PATCH',
        path: `/api/v1/databases/${postgres.uuid}/backups/${configuration.uuid}`,
        body: { backup_now: true },
      },
    ]);
    const id = decodeHandle(started.operation!.id);
    // Coolify names no run in its answer: until the job starts, the backup is queued.
    expect(await provider.operations.get({}, id)).toMatchObject({ state: 'pending', status: 'queued' });
    sim.clock.advance(5_000);
    expect(await provider.operations.get({}, id)).toMatchObject({ state: 'running', status: 'running' });
    sim.clock.advance(MINUTE);
    const done = await provider.operations.get({}, id);
    expect(done).toMatchObject({ state: 'succeeded', status: 'success', done: true });
    const listed = await provider.backups.list({}, { server: 'localhost' }, { limit: 10 });
    expect(listed.items[0]).toMatchObject({ id: done.details!.backup, state: 'succeeded' });
    expect(listed.items.map((b) => b.state)).toEqual(['succeeded', 'succeeded', 'failed', 'succeeded']);
  });

  it('reports a failed run as failed', async () => {
    const { provider, sim } = await setup();
    sim.failNextDeployments = 1;
    const started = await provider.backups.create.run({}, { server: 'localhost' }, {});
    sim.clock.advance(MINUTE);
    expect((await provider.operations.get({}, decodeHandle(started.operation!.id))).state).toBe('failed');
  });

  it('needs a configuration to run, and names them when there are several', async () => {
    const { provider, writes } = await setup();
    const none = await failure(provider.backups.create.run({}, { server: 'edge-1' }, {}));
    expect(withToolNames(none.hint!)).toMatch(/write_api create-database-backup/);
    const app = await failure(provider.backups.create.run({}, { site: 'acme-shop' }, {}));
    expect(app.message).toMatch(/acme-shop is an application: Coolify backs up databases/);
    await provider.api!.send(
      'create-database-backup',
      { params: { uuid: postgres.uuid }, body: { frequency: 'weekly' } },
      {},
    );
    writes();
    const several = await failure(provider.backups.create.run({}, { site: 'acme-postgres' }, {}));
    expect(several.code).toBe('ambiguous');
    expect(several.hint).toContain(configuration.uuid);
    const wrong = await failure(
      provider.backups.create.run({}, { site: 'acme-postgres' }, { configuration: 'nope' }),
    );
    expect(wrong.message).toMatch(/No backup configuration nope/);
    await provider.backups.create.run({}, { site: 'acme-postgres' }, { configuration: configuration.uuid });
    expect(writes()).toHaveLength(1);
  });

  it('has no restore: it says so, sends nothing, and names the backup’s file', async () => {
    const { provider, writes } = await setup();
    writes();
    const last = configuration.executions.at(-1)!;
    const error = await failure(provider.backups.restore({}, { site: 'acme-postgres' }, last.uuid));
    expect(error.code).toBe('unsupported');
    expect(error.hint).toMatch(
      new RegExp(
        `Import Backup page.*backup ${last.uuid} of database acme-postgres \\(shop\\) is /data/coolify/backups/\\S+\\.dmp`,
      ),
    );
    const unknown = await failure(provider.backups.restore({}, { site: 'acme-postgres' }, 'nope'));
    expect(withToolNames(unknown.hint!)).toMatch(/list_backups shows each backup's file/);
    expect(writes()).toEqual([]);
  });
});

describe('Coolify simulator: everyday operations', () => {
  async function call(baseUrl: string, token: string, method: string, path: string, body?: unknown) {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as unknown };
  }

  it('keeps env variables as Coolify does: a conflict on create, a preview copy, data required for bulk', async () => {
    const sim = new CoolifySimulator();
    const baseUrl = await sim.listen();
    open.push(() => sim.close());
    const path = `/applications/${shop.uuid}/envs`;
    expect((await call(baseUrl, sim.token, 'POST', path, { key: 'NODE_ENV', value: 'x' })).status).toBe(409);
    expect(await call(baseUrl, sim.token, 'PATCH', `${path}/bulk`, { data: [] })).toEqual({
      status: 400,
      body: { message: 'Bulk data is required.' },
    });
    expect((await call(baseUrl, sim.token, 'PATCH', `${path}/bulk`, { data: [{ value: 'v' }] })).status).toBe(
      422,
    );
    expect((await call(baseUrl, sim.token, 'POST', path, { key: 'NEW', value: 'v' })).status).toBe(201);
    const list = (await call(baseUrl, sim.token, 'GET', path)).body as Array<{
      key: string;
      is_preview: boolean;
    }>;
    expect(list.filter((e) => e.key === 'NEW').map((e) => e.is_preview)).toEqual([false, true]);
    expect((await call(baseUrl, sim.token, 'DELETE', `${path}/nope`)).status).toBe(404);
  });

  it('starts a new database, refuses to start it twice, and stops it over time', async () => {
    const sim = new CoolifySimulator();
    const baseUrl = await sim.listen();
    open.push(() => sim.close());
    const status = async () =>
      ((await call(baseUrl, sim.token, 'GET', `/databases/${postgres.uuid}`)).body as { status: string })
        .status;
    expect(await call(baseUrl, sim.token, 'POST', `/databases/${postgres.uuid}/start`)).toEqual({
      status: 400,
      body: { message: 'Database is already running.' },
    });
    await call(baseUrl, sim.token, 'POST', `/databases/${postgres.uuid}/stop`);
    expect(await status()).toBe('running:healthy');
    sim.clock.advance(MINUTE);
    expect(await status()).toBe('exited');
  });
});
