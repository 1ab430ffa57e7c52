import {
  SimClock,
  type SimRequest,
  type SimResponse,
  type SimRoute,
  type SimServer,
} from '../../../simulator/sim-server.js';
import { specServer } from '../../../simulator/spec-server.js';
import { asObject } from '../../../simulator/values.js';
import { serverpilotCatalog } from '../catalog.gen.js';
import { SERVERPILOT_API_PATH, SERVERPILOT_SANDBOX } from '../sandbox-account.js';
import { fail, serverpilotErrors, serverpilotIssues } from './errors.js';
import { samples } from './samples.gen.js';
import { MODERN_RUNTIMES, pem, SERVERPILOT_CANARIES, SERVERPILOT_SEED, type SeedApp } from './seed.js';

/**
 * A stateful simulator of the ServerPilot v1 API, the behaviour over the generic spec server:
 * specs/serverpilot.openapi.yaml routes and validates every request (400 in ServerPilot's own
 * `{error: {message}}` shape); this overlay adds what the document cannot state — HTTP Basic
 * credentials, `{data, actionid}` answers from state, which ids exist, 402/403/409, the limits,
 * and work over time. Work is computed from the simulated clock on every read, never from timers:
 *  - a registered server's installer "runs" INSTALLER_RUN_MS after registration, its agent
 *    connects then, and the install (the registration action) finishes INSTALL_MS later;
 *  - other actions finish ACTION_MS after both their creation and their server's install;
 *  - an AutoSSL certificate covers a domain AUTOSSL_READY_MS after it joined an app, once the
 *    server is installed, unless the domain can never resolve (".invalid").
 */

const INSTALLER_RUN_MS = 2 * 60_000;
const INSTALL_MS = 5 * 60_000;
const ACTION_MS = 20_000;
const AUTOSSL_READY_MS = 5 * 60_000;

const LIMIT = 1000;
/** The document gives domains no pattern; the real API refuses what is not a host name. */
const DOMAIN = /^(?:\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

interface Server {
  id: string;
  name: string;
  plan: string;
  autoupdates: boolean;
  firewall: boolean;
  denyUnknownDomains: boolean;
  runtimes: string[];
  apikey: string;
  createdAt: number;
  /** When the agent first calls in; null = the installer never ran. */
  connectAt: number | null;
  address: string;
}

interface Sysuser {
  id: string;
  name: string;
  serverid: string;
  password: string | null;
}

interface App extends SeedApp {
  /** When each domain joined the app (AutoSSL needs time to validate it). */
  domainSince: Map<string, number>;
  createdAt: number;
}

interface Database {
  id: string;
  name: string;
  appid: string;
  serverid: string;
  user: { id: string; name: string; password: string };
}

interface Action {
  id: string;
  serverid: string;
  createdAt: number;
  /** A server registration finishes with the install; anything else ACTION_MS after it can start. */
  registration: boolean;
  fails: boolean;
}

export interface ServerPilotSimulatorOptions {
  clientId?: string;
  apiKey?: string;
  /** Simulated milliseconds per real millisecond. */
  speed?: number;
  clock?: SimClock;
}

export class ServerPilotSimulator {
  readonly clock: SimClock;
  readonly clientId: string;
  readonly apiKey: string;
  readonly http: SimServer;
  /** When > 0, the next actions end in "error" (tests and demos of failure handling). */
  failNextActions = 0;
  /** False: the account has no valid card, so registering a server answers 402. */
  cardOnFile = true;
  private counter = 0;
  /** API keys handed to the next registered servers before generated ones. */
  private readonly plantedApiKeys: string[] = [SERVERPILOT_CANARIES.serverApiKey];
  private readonly servers = new Map<string, Server>();
  private readonly sysusers = new Map<string, Sysuser>();
  private readonly apps = new Map<string, App>();
  private readonly databases = new Map<string, Database>();
  private readonly actions = new Map<string, Action>();

  constructor(options: ServerPilotSimulatorOptions = {}) {
    this.clock = options.clock ?? new SimClock(options.speed ?? 1);
    this.clientId = options.clientId ?? SERVERPILOT_SANDBOX.clientId;
    this.apiKey = options.apiKey ?? SERVERPILOT_SANDBOX.apiKey;
    this.seed();
    this.http = specServer({
      name: 'serverpilot',
      catalog: serverpilotCatalog,
      samples,
      basePath: SERVERPILOT_API_PATH,
      overlay: this.routes(),
      authenticate: (req) => this.authenticated(req),
      errors: { ...serverpilotErrors, validation: serverpilotIssues },
    });
  }

  listen(port?: number): Promise<string> {
    return this.http.listen(port).then((url) => `${url}${SERVERPILOT_API_PATH}`);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private authenticated(req: SimRequest): boolean {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim()) : null;
    if (!match) return false;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon > 0 && decoded.slice(0, colon) === this.clientId && decoded.slice(colon + 1) === this.apiKey;
  }

  // ---- routes ---------------------------------------------------------------------------------

  private routes(): SimRoute[] {
    const route = (method: string, path: string, handler: (req: SimRequest) => SimResponse): SimRoute => ({
      method,
      path,
      handler,
    });
    return [
      route('GET', '/servers', () => ok([...this.servers.values()].map((s) => this.serverJson(s)))),
      route('POST', '/servers', (req) => this.createServer(body(req))),
      route('GET', '/servers/{id}', (req) =>
        found(this.servers, 'Server', req, (s) => ok(this.serverJson(s))),
      ),
      route('POST', '/servers/{id}', (req) =>
        found(this.servers, 'Server', req, (s) => this.updateServer(s, body(req))),
      ),
      route('DELETE', '/servers/{id}', (req) =>
        found(this.servers, 'Server', req, (s) => this.deleteServer(s)),
      ),

      route('GET', '/sysusers', () => ok([...this.sysusers.values()].map(sysuserJson))),
      route('POST', '/sysusers', (req) => this.createSysuser(body(req))),
      route('GET', '/sysusers/{id}', (req) =>
        found(this.sysusers, 'System user', req, (u) => ok(sysuserJson(u))),
      ),
      route('POST', '/sysusers/{id}', (req) =>
        found(this.sysusers, 'System user', req, (u) => this.updateSysuser(u, body(req))),
      ),
      route('DELETE', '/sysusers/{id}', (req) =>
        found(this.sysusers, 'System user', req, (u) => this.deleteSysuser(u)),
      ),

      route('GET', '/apps', () => ok([...this.apps.values()].map((a) => this.appJson(a, false)))),
      route('POST', '/apps', (req) => this.createApp(body(req))),
      route('GET', '/apps/{id}', (req) => found(this.apps, 'App', req, (a) => ok(this.appJson(a, true)))),
      route('POST', '/apps/{id}', (req) => found(this.apps, 'App', req, (a) => this.updateApp(a, body(req)))),
      route('DELETE', '/apps/{id}', (req) => found(this.apps, 'App', req, (a) => this.deleteApp(a))),
      route('POST', '/apps/{id}/ssl', (req) =>
        found(this.apps, 'App', req, (a) => this.setSsl(a, body(req))),
      ),
      route('DELETE', '/apps/{id}/ssl', (req) => found(this.apps, 'App', req, (a) => this.deleteSsl(a))),

      route('GET', '/dbs', () => ok([...this.databases.values()].map(databaseJson))),
      route('POST', '/dbs', (req) => this.createDatabase(body(req))),
      route('GET', '/dbs/{id}', (req) => found(this.databases, 'Database', req, (d) => ok(databaseJson(d)))),
      route('POST', '/dbs/{id}', (req) =>
        found(this.databases, 'Database', req, (d) => this.updateDatabase(d, body(req))),
      ),
      route('DELETE', '/dbs/{id}', (req) =>
        found(this.databases, 'Database', req, (d) => this.deleteDatabase(d)),
      ),

      route('GET', '/actions/{id}', (req) =>
        found(this.actions, 'Action', req, (a) => ok(this.actionJson(a))),
      ),
    ];
  }

  // ---- servers --------------------------------------------------------------------------------

  private createServer(input: Record<string, unknown>): SimResponse {
    const name = input.name as string;
    const plan = (input.plan as string | undefined) ?? 'economy';
    if (!this.cardOnFile) return fail(402, 'The account has no valid credit card on file.');
    if ([...this.servers.values()].some((s) => s.name === name))
      return fail(409, `A server named ${name} already exists.`);
    const now = this.clock.now();
    const server: Server = {
      id: this.nextId(),
      name,
      plan,
      autoupdates: true,
      firewall: true,
      denyUnknownDomains: true,
      runtimes: [...MODERN_RUNTIMES],
      apikey: this.plantedApiKeys.shift() ?? this.token(43),
      createdAt: now,
      connectAt: now + INSTALLER_RUN_MS,
      address: `198.51.100.${(this.counter % 200) + 20}`,
    };
    this.servers.set(server.id, server);
    // Every server comes with the default system user.
    const user: Sysuser = { id: this.nextId(), name: 'serverpilot', serverid: server.id, password: null };
    this.sysusers.set(user.id, user);
    const action = this.addAction(server.id, true);
    return ok({ ...this.serverJson(server), apikey: server.apikey }, action);
  }

  private updateServer(server: Server, input: Record<string, unknown>): SimResponse {
    const fields = ['plan', 'firewall', 'autoupdates', 'deny_unknown_domains'].filter(
      (k) => input[k] !== undefined,
    );
    if (fields.length === 0)
      return fail(400, 'Nothing to update: pass plan, firewall, autoupdates or deny_unknown_domains.');
    if (typeof input.plan === 'string') server.plan = input.plan;
    if (typeof input.firewall === 'boolean') server.firewall = input.firewall;
    if (typeof input.autoupdates === 'boolean') server.autoupdates = input.autoupdates;
    if (typeof input.deny_unknown_domains === 'boolean')
      server.denyUnknownDomains = input.deny_unknown_domains;
    return ok(this.serverJson(server), this.addAction(server.id));
  }

  /** As documented, the delete answers without an actionid; everything on the server goes with it. */
  private deleteServer(server: Server): SimResponse {
    for (const user of [...this.sysusers.values()].filter((u) => u.serverid === server.id))
      this.removeSysuser(user);
    this.servers.delete(server.id);
    return ok({});
  }

  private serverJson(server: Server) {
    const connected = this.isConnected(server);
    return {
      id: server.id,
      name: server.name,
      plan: server.plan,
      autoupdates: server.autoupdates,
      firewall: server.firewall,
      deny_unknown_domains: server.denyUnknownDomains,
      available_runtimes: server.runtimes,
      lastaddress: connected ? server.address : null,
      // The agent calls in continuously once connected.
      lastconn: connected ? Math.floor(this.clock.now() / 1000) : null,
      datecreated: Math.floor(server.createdAt / 1000),
    };
  }

  private isConnected(server: Server): boolean {
    return server.connectAt !== null && this.clock.now() >= server.connectAt;
  }

  /** When the server can do work: installed; null while the installer has not run. */
  private installedAt(server: Server): number | null {
    return server.connectAt === null ? null : server.connectAt + INSTALL_MS;
  }

  // ---- system users ---------------------------------------------------------------------------

  private createSysuser(input: Record<string, unknown>): SimResponse {
    const server = typeof input.serverid === 'string' ? this.servers.get(input.serverid) : undefined;
    if (!server) return fail(400, 'serverid must be the id of one of your servers.');
    const name = input.name as string;
    const onServer = [...this.sysusers.values()].filter((u) => u.serverid === server.id);
    if (onServer.some((u) => u.name === name))
      return fail(409, `System user ${name} already exists on this server.`);
    if (onServer.length >= LIMIT) return fail(400, `A server can have at most ${LIMIT} system users.`);
    const password = typeof input.password === 'string' ? input.password : null;
    const user: Sysuser = { id: this.nextId(), name, serverid: server.id, password };
    this.sysusers.set(user.id, user);
    return ok(sysuserJson(user), this.addAction(server.id));
  }

  private updateSysuser(user: Sysuser, input: Record<string, unknown>): SimResponse {
    user.password = input.password as string;
    return ok(sysuserJson(user), this.addAction(user.serverid));
  }

  /** Documented: deleting a system user deletes all its apps and databases. */
  private deleteSysuser(user: Sysuser): SimResponse {
    if (user.name === 'serverpilot')
      return fail(403, 'The serverpilot system user is protected and cannot be deleted.');
    this.removeSysuser(user);
    return ok({}, this.addAction(user.serverid));
  }

  private removeSysuser(user: Sysuser): void {
    for (const app of [...this.apps.values()].filter((a) => a.sysuserid === user.id)) this.removeApp(app);
    this.sysusers.delete(user.id);
  }

  // ---- apps -----------------------------------------------------------------------------------

  private createApp(input: Record<string, unknown>): SimResponse {
    const name = input.name as string;
    const user = typeof input.sysuserid === 'string' ? this.sysusers.get(input.sysuserid) : undefined;
    if (!user) return fail(400, 'sysuserid must be the id of one of your system users.');
    const server = this.servers.get(user.serverid)!;
    if (!server.runtimes.includes(input.runtime as string)) return badRuntime(server);
    const domains = checkDomains((input.domains as string[] | undefined) ?? []);
    if (typeof domains === 'string') return fail(400, domains);
    if ([...this.apps.values()].some((a) => a.serverid === server.id && a.name === name)) {
      return fail(409, `An app named ${name} already exists on this server.`);
    }
    if ([...this.apps.values()].filter((a) => a.sysuserid === user.id).length >= LIMIT) {
      return fail(400, `A system user can have at most ${LIMIT} apps.`);
    }
    const now = this.clock.now();
    const app: App = {
      id: this.nextId(),
      name,
      sysuserid: user.id,
      serverid: server.id,
      runtime: input.runtime as string,
      domains,
      domainSince: new Map(domains.map((d) => [d, now])),
      createdAt: now,
      ssl: null,
    };
    this.apps.set(app.id, app);
    return ok(this.appJson(app, false), this.addAction(server.id));
  }

  /** `domains` replaces the whole list, as documented. */
  private updateApp(app: App, input: Record<string, unknown>): SimResponse {
    if (input.runtime === undefined && input.domains === undefined) {
      return fail(400, 'Nothing to update: pass runtime or domains.');
    }
    const server = this.servers.get(app.serverid)!;
    if (input.runtime !== undefined && !server.runtimes.includes(input.runtime as string)) {
      return badRuntime(server);
    }
    if (input.domains !== undefined) {
      const domains = checkDomains(input.domains as string[]);
      if (typeof domains === 'string') return fail(400, domains);
      const now = this.clock.now();
      app.domainSince = new Map(domains.map((d) => [d, app.domainSince.get(d) ?? now]));
      app.domains = domains;
    }
    if (typeof input.runtime === 'string') app.runtime = input.runtime;
    return ok(this.appJson(app, false), this.addAction(app.serverid));
  }

  private deleteApp(app: App): SimResponse {
    this.removeApp(app);
    return ok({}, this.addAction(app.serverid));
  }

  private removeApp(app: App): void {
    for (const db of [...this.databases.values()].filter((d) => d.appid === app.id))
      this.databases.delete(db.id);
    this.apps.delete(app.id);
  }

  /**
   * One path, three documented operations, told apart by the body's keys: custom certificate,
   * AutoSSL, ForceSSL. The document validates each shape; that ForceSSL needs a call of its own
   * is prose there, so it is checked here.
   */
  private setSsl(app: App, input: Record<string, unknown>): SimResponse {
    const custom = ['key', 'cert', 'cacerts'].some((k) => k in input);
    const auto = 'auto' in input;
    const force = 'force' in input;
    if (Number(custom) + Number(auto) + Number(force) !== 1) {
      return fail(400, 'Send either key/cert/cacerts, or auto, or force; ForceSSL needs a call of its own.');
    }
    if (custom) {
      if (app.ssl?.auto)
        return fail(400, 'AutoSSL is enabled on this app: disable it before adding a custom certificate.');
      app.ssl = {
        key: input.key as string,
        cert: input.cert as string,
        cacerts: input.cacerts as string | null,
        auto: false,
        force: false,
      };
      const { key, cert, cacerts } = app.ssl;
      return ok({ key, cert, cacerts }, this.addAction(app.serverid));
    }
    if (auto) {
      if (app.ssl && !app.ssl.auto) {
        return fail(400, 'The app has a custom certificate: delete it before enabling AutoSSL.');
      }
      if (!this.autoSsl(app).available)
        return fail(400, 'No AutoSSL certificate is available for this app yet.');
      app.ssl ??= {
        key: pem('PRIVATE KEY', this.token(64)),
        cert: pem('CERTIFICATE', `MIIC-${app.name}-autossl`),
        cacerts: pem('CERTIFICATE', 'MIIC-autossl-intermediate'),
        auto: true,
        force: false,
      };
      return ok({ ...app.ssl }, this.addAction(app.serverid));
    }
    // The document answers ForceSSL with the app's SSL; an app without SSL has none to show.
    if (!app.ssl) return fail(400, 'ForceSSL can only be changed when the app has SSL.');
    app.ssl.force = input.force as boolean;
    return ok({ ...app.ssl }, this.addAction(app.serverid));
  }

  /** Removes a custom certificate or disables AutoSSL; ForceSSL goes with it. */
  private deleteSsl(app: App): SimResponse {
    if (!app.ssl) return fail(400, 'The app has no SSL to delete.');
    app.ssl = null;
    return ok({}, this.addAction(app.serverid));
  }

  /** Domains an AutoSSL certificate covers now: validated a while ago, resolvable, server installed. */
  private autoSsl(app: App): { available: boolean; domains?: string[] } {
    const installed = this.installedAt(this.servers.get(app.serverid)!);
    const now = this.clock.now();
    if (installed === null || now < installed) return { available: false };
    const covered = app.domains.filter(
      (d) =>
        !d.endsWith('.invalid') &&
        now - Math.max(app.domainSince.get(d) ?? now, installed) >= AUTOSSL_READY_MS,
    );
    return covered.length ? { available: true, domains: covered } : { available: false };
  }

  /** The list route shows `ssl` (private key included, as documented); only details add `autossl`. */
  private appJson(app: App, details: boolean) {
    return {
      id: app.id,
      datecreated: Math.floor(app.createdAt / 1000),
      name: app.name,
      sysuserid: app.sysuserid,
      domains: [...app.domains],
      ssl: app.ssl ? { ...app.ssl } : null,
      ...(details ? { autossl: this.autoSsl(app) } : {}),
      serverid: app.serverid,
      runtime: app.runtime,
    };
  }

  // ---- databases ------------------------------------------------------------------------------

  private createDatabase(input: Record<string, unknown>): SimResponse {
    const app = typeof input.appid === 'string' ? this.apps.get(input.appid) : undefined;
    if (!app) return fail(400, 'appid must be the id of one of your apps.');
    const name = input.name as string;
    const user = input.user as { name: string; password: string };
    const onServer = [...this.databases.values()].filter((d) => d.serverid === app.serverid);
    if (onServer.some((d) => d.name === name))
      return fail(409, `A database named ${name} already exists on this server.`);
    if (onServer.some((d) => d.user.name === user.name)) {
      return fail(409, `A database user named ${user.name} already exists on this server.`);
    }
    if ([...this.databases.values()].filter((d) => d.appid === app.id).length >= LIMIT) {
      return fail(400, `An app can have at most ${LIMIT} databases.`);
    }
    const db: Database = {
      id: this.nextId(),
      name,
      appid: app.id,
      serverid: app.serverid,
      user: { id: this.nextId(), name: user.name, password: user.password },
    };
    this.databases.set(db.id, db);
    return ok(databaseJson(db), this.addAction(app.serverid));
  }

  private updateDatabase(db: Database, input: Record<string, unknown>): SimResponse {
    const user = input.user as { id: string; password: string };
    if (user.id !== db.user.id) return fail(400, 'user.id must be the id of this database’s user.');
    db.user.password = user.password;
    return ok(databaseJson(db), this.addAction(db.serverid));
  }

  private deleteDatabase(db: Database): SimResponse {
    this.databases.delete(db.id);
    return ok({}, this.addAction(db.serverid));
  }

  // ---- actions --------------------------------------------------------------------------------

  private addAction(serverid: string, registration = false, createdAt = this.clock.now()): string {
    const fails = this.failNextActions > 0;
    if (fails) this.failNextActions--;
    const action: Action = { id: this.nextId(), serverid, createdAt, registration, fails };
    this.actions.set(action.id, action);
    return action.id;
  }

  /** open until the work is done: after the install for a registration, else ACTION_MS after it could start. */
  private actionStatus(action: Action): 'open' | 'success' | 'error' {
    const server = this.servers.get(action.serverid);
    let doneAt: number | null;
    if (!server) doneAt = action.createdAt + ACTION_MS;
    else if (action.registration) doneAt = this.installedAt(server);
    else {
      const installed = this.installedAt(server);
      doneAt = installed === null ? null : Math.max(action.createdAt, installed) + ACTION_MS;
    }
    if (doneAt === null || this.clock.now() < doneAt) return 'open';
    return action.fails ? 'error' : 'success';
  }

  private actionJson(action: Action) {
    return {
      id: action.id,
      serverid: action.serverid,
      status: this.actionStatus(action),
      datecreated: Math.floor(action.createdAt / 1000),
    };
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** 16 letters and digits, like ServerPilot's ids; deterministic so runs are reproducible. */
  private nextId(): string {
    this.counter += 1;
    return this.token(16);
  }

  private token(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let h = (2166136261 ^ (this.counter * 7919)) >>> 0;
    let out = '';
    for (let i = 0; out.length < length; i++) {
      h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
      h = Math.imul(h ^ (h >>> 13), 3266489909 + i) >>> 0;
      out += alphabet[h % alphabet.length];
    }
    this.counter += 1;
    return out;
  }

  private seed(): void {
    const now = this.clock.now();
    const day = 86_400_000;
    const seed = SERVERPILOT_SEED;
    for (const s of seed.servers) {
      this.servers.set(s.id, {
        id: s.id,
        name: s.name,
        plan: s.plan,
        autoupdates: true,
        firewall: true,
        denyUnknownDomains: true,
        runtimes: [...s.runtimes],
        apikey: s.apikey,
        createdAt: now - 90 * day,
        connectAt: s.connected ? now - 90 * day + INSTALLER_RUN_MS : null,
        address: s.address ?? '198.51.100.250',
      });
    }
    for (const u of seed.sysusers) this.sysusers.set(u.id, { ...u });
    for (const a of seed.apps) {
      const createdAt = now - 60 * day;
      this.apps.set(a.id, {
        ...a,
        domains: [...a.domains],
        domainSince: new Map(a.domains.map((d) => [d, createdAt])),
        createdAt,
        ssl: a.ssl ? { ...a.ssl } : null,
      });
    }
    for (const d of seed.databases) this.databases.set(d.id, { ...d, user: { ...d.user } });
    const [www1, www2, staging] = seed.servers;
    const past = (id: string, serverid: string, daysAgo: number, more: Partial<Action> = {}) =>
      this.actions.set(id, {
        id,
        serverid,
        createdAt: now - daysAgo * day,
        registration: false,
        fails: false,
        ...more,
      });
    past(seed.actions.succeeded, www1!.id, 60);
    past(seed.actions.failed, www2!.id, 2, { fails: true });
    past(seed.actions.stagingRegistration, staging!.id, 90, { registration: true });
  }
}

// ---- module helpers ----------------------------------------------------------------------------

function ok(data: unknown, actionid?: string): SimResponse {
  return { status: 200, body: actionid ? { actionid, data } : { data } };
}

/** The resource the path's id names, or ServerPilot's 404. */
function found<T>(
  items: ReadonlyMap<string, T>,
  what: string,
  req: SimRequest,
  handler: (item: T) => SimResponse,
): SimResponse {
  const item = items.get(req.params.id ?? '');
  return item ? handler(item) : fail(404, `${what} not found.`);
}

function body(req: SimRequest): Record<string, unknown> {
  return asObject(req.body);
}

function sysuserJson(user: Sysuser) {
  return { id: user.id, name: user.name, serverid: user.serverid };
}

/** The database user's password is write-only: never part of a response. */
function databaseJson(db: Database) {
  return {
    id: db.id,
    name: db.name,
    appid: db.appid,
    serverid: db.serverid,
    user: { id: db.user.id, name: db.user.name },
  };
}

/** Domains the document lets through as strings, checked as host names; repeats collapse. */
function checkDomains(domains: readonly string[]): string[] | string {
  const bad = domains.find((d) => !DOMAIN.test(d));
  if (bad !== undefined) return `${bad.slice(0, 100)} is not a valid domain.`;
  return [...new Set(domains)];
}

function badRuntime(server: { runtimes: readonly string[] }): SimResponse {
  return fail(400, `runtime must be one of the server's available runtimes: ${server.runtimes.join(', ')}.`);
}
