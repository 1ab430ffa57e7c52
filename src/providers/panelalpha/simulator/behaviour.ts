import {
  laravelErrors,
  laravelIssues,
  laravelValidation,
  modelNotFound,
} from '../../../simulator/laravel.js';
import {
  bearerToken,
  SimClock,
  type SimRequest,
  type SimResponse,
  type SimRoute,
  type SimServer,
} from '../../../simulator/sim-server.js';
import { specServer } from '../../../simulator/spec-server.js';
import { asObject, iso } from '../../../simulator/values.js';
import { panelalphaCatalog } from '../catalog.gen.js';
import { PANELALPHA_SANDBOX_TOKEN } from '../sandbox-account.js';
import { samples } from './samples.gen.js';
import { PANELALPHA_SEED, type SeedInstance } from './seed.js';

/**
 * The behaviour of the PanelAlpha API over time, on the generic spec server: every operation of
 * specs/panelalpha.openapi.yaml is routed and validated there (Laravel error bodies), and the
 * operations below keep state — hosting servers, instances, staging copies, tasks, certificates.
 * Admin endpoints need the bearer token; user endpoints also need `X-PanelAlpha-User` naming a
 * known user, or the panel answers 401. What the reference leaves out (bodies, pagination, status
 * words) follows the document's inferences (docs/inferred-shapes.md).
 *
 * Async work is computed from the simulated clock on every read (no timers): an instance installs
 * in two minutes, a staging copy in three, a push to live queues then runs for a minute (its log
 * growing), an SSL order goes pending → processing → active, a new hosting server sets up.
 */

const DAY = 86_400_000;
const INSTALL_MS = 2 * 60_000;
const STAGING_MS = 3 * 60_000;
const TASK_QUEUE_MS = 5_000;
const PUSH_RUN_MS = 60_000;
const SERVER_SETUP_MS = 90_000;
const SSL_PENDING_MS = 30_000;
const SSL_PROCESSING_MS = 60_000;
const BACKUP_MS = 90_000;
const RESTORE_MS = 2 * 60_000;
const DEFAULT_PER_PAGE = 15;

interface Server {
  id: number;
  name: string;
  type: string;
  ip: string;
  groups: number[];
  connectionConfig: Record<string, unknown>;
  createdAt: number;
}

interface Instance {
  id: number;
  name: string;
  domain: string;
  protocol: string;
  serviceId: number;
  liveId: number | null;
  createdAt: number;
  /** How long the install (or staging copy) takes. */
  buildMs: number;
  fails: boolean;
  version: string;
  logs: Array<{ id: number; level: string; message: string; at: number }>;
  maintenance: boolean;
  backups: Backup[];
  /** A restore in progress: what the site holds once it completes. */
  restore?: { at: number; version: string };
}

interface Backup {
  id: number;
  note: string | null;
  createdAt: number;
  files: boolean;
  database: boolean;
  /** The WordPress version the backup holds (its core files). */
  version: string;
  size: number;
}

interface MysqlDatabase {
  name: string;
  size: number;
  users: string[];
}

interface Task {
  id: number;
  type: string;
  name: string;
  instanceId: number | null;
  serverId: number | null;
  createdAt: number;
  runMs: number;
  fails: boolean;
  log: string[];
}

interface Certificate {
  id: number;
  accountId: number;
  domain: string;
  providerId: number;
  createdAt: number;
}

interface ServerLog {
  id: number;
  serverId: number;
  level: string;
  message: string;
  at: number;
}

export interface PanelAlphaSimulatorOptions {
  token?: string;
  /** Simulated milliseconds per real millisecond. */
  speed?: number;
  clock?: SimClock;
}

const ADMIN = /^\/api\/admin(\/|$)/;

export class PanelAlphaSimulator {
  readonly clock: SimClock;
  readonly token: string;
  readonly http: SimServer;
  /** The user id the sandbox acts as by default. */
  readonly defaultUserId = String(PANELALPHA_SEED.users[0]!.id);
  /** When > 0, the next pushes to live fail with a log (tests and demos of failure handling). */
  failNextDeployments = 0;
  /** When > 0, the next instance installs fail and move to the failed-instances list. */
  failNextInstalls = 0;
  private ids = 1000;
  private readonly servers = new Map<number, Server>();
  private readonly instances = new Map<number, Instance>();
  private readonly tasks = new Map<number, Task>();
  private readonly certificates = new Map<number, Certificate>();
  private readonly serverLogs: ServerLog[] = [];
  /** MySQL databases and users by hosting account (user passwords are kept, never returned). */
  private readonly databases = new Map<number, MysqlDatabase[]>();
  private readonly mysqlUsers = new Map<
    number,
    Array<{ name: string; password: string; databases: string[] }>
  >();

  constructor(options: PanelAlphaSimulatorOptions = {}) {
    this.clock = options.clock ?? new SimClock(options.speed ?? 1);
    this.token = options.token ?? PANELALPHA_SANDBOX_TOKEN;
    this.seed();
    this.http = specServer({
      name: 'panelalpha',
      catalog: panelalphaCatalog,
      samples,
      basePath: '/api',
      overlay: this.routes(),
      // User endpoints act as the user the header names: without a known one the panel answers 401.
      authenticate: (req) =>
        bearerToken(req) === this.token && (ADMIN.test(req.path) || this.requestUser(req) !== undefined),
      errors: {
        ...laravelErrors({ status: 400, body: { message: 'The request body is not valid JSON.' } }),
        validation: laravelIssues,
      },
    });
  }

  /** Starts listening on loopback; returns the panel address (paths start with /api). */
  listen(port?: number): Promise<string> {
    return this.http.listen(port);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  // ---- routes ---------------------------------------------------------------------------------

  private routes(): SimRoute[] {
    const admin = '/admin';
    const instance = (handler: (req: SimRequest, i: Instance) => SimResponse) => (req: SimRequest) =>
      this.withInstance(req, (i) => handler(req, i));
    const hostingAccount =
      (handler: (req: SimRequest, account: number) => SimResponse) => (req: SimRequest) =>
        this.withAccount(req, (account) => handler(req, account));
    return [
      { method: 'GET', path: `${admin}/users/email`, handler: (req) => this.userByEmail(req) },
      {
        method: 'GET',
        path: `${admin}/users/{userId}/services`,
        handler: (req) => {
          const user = this.userById(req.params.userId);
          if (!user) return modelNotFound('User', req.params.userId);
          return this.page(
            req,
            PANELALPHA_SEED.services.filter((s) => s.userId === user.id).map((s) => this.serviceJson(s.id)),
          );
        },
      },
      {
        method: 'GET',
        path: `${admin}/servers/types`,
        handler: () => ok(PANELALPHA_SEED.serverTypes.map(({ type, name }) => ({ type, name }))),
      },
      {
        method: 'GET',
        path: `${admin}/servers/logs`,
        handler: (req) =>
          this.page(
            req,
            this.serverLogEntries().map((l) => this.serverLogJson(l)),
          ),
      },
      {
        method: 'GET',
        path: `${admin}/servers`,
        handler: (req) => {
          const group = req.query.get('group_id');
          const list = [...this.servers.values()].filter((s) => !group || s.groups.includes(Number(group)));
          return this.page(
            req,
            list.map((s) => this.serverJson(s)),
          );
        },
      },
      { method: 'POST', path: `${admin}/servers`, handler: (req) => this.addServer(req) },
      {
        method: 'GET',
        path: `${admin}/servers/{id}`,
        handler: (req) => {
          const server = this.servers.get(Number(req.params.id));
          return server ? ok(this.serverJson(server)) : modelNotFound('Server', req.params.id);
        },
      },
      {
        method: 'GET',
        path: `${admin}/instances/failed`,
        handler: (req) =>
          this.page(
            req,
            [...this.instances.values()].filter((i) => this.isFailed(i)).map((i) => this.failedJson(i)),
          ),
      },
      {
        method: 'GET',
        path: `${admin}/instances/failed/{id}`,
        handler: (req) => {
          const found = this.instances.get(Number(req.params.id));
          return found && this.isFailed(found)
            ? ok(this.failedJson(found))
            : modelNotFound('FailedInstance', req.params.id);
        },
      },
      { method: 'GET', path: `${admin}/instances`, handler: (req) => this.listInstances(req) },
      {
        method: 'GET',
        path: `${admin}/instances/{id}`,
        handler: (req) => {
          const found = this.instances.get(Number(req.params.id));
          // A failed install leaves the instance list for the failed-instances list.
          return found && !this.isFailed(found)
            ? ok(this.instanceJson(found))
            : modelNotFound('Instance', req.params.id);
        },
      },
      { method: 'GET', path: `${admin}/tasks`, handler: (req) => this.listTasks(req) },
      {
        method: 'GET',
        path: `${admin}/tasks/{id}/status`,
        handler: (req) => {
          const task = this.tasks.get(Number(req.params.id));
          return task ? ok(this.taskJson(task)) : modelNotFound('Task', req.params.id);
        },
      },
      {
        method: 'GET',
        path: '/instances',
        handler: (req) => this.listInstances(req, this.requestUser(req)),
      },
      { method: 'POST', path: '/instances/install', handler: (req) => this.install(req) },
      {
        method: 'GET',
        path: '/instances/{id}',
        handler: instance((_req, i) => ok(this.instanceJson(i))),
      },
      {
        method: 'POST',
        path: '/instances/{id}/staging',
        handler: instance((req, i) => this.createStaging(req, i)),
      },
      {
        method: 'PUT',
        path: '/instances/{id}/push-to-live',
        handler: instance((_req, i) => this.pushToLive(i)),
      },
      {
        method: 'GET',
        path: '/instances/{id}/logs',
        handler: instance((req, i) =>
          this.page(
            req,
            this.instanceLog(i).map((entry) => ({
              id: entry.id,
              level: entry.level,
              message: entry.message,
              created_at: iso(entry.at),
            })),
          ),
        ),
      },
      ...this.opsRoutes(instance, hostingAccount),
      { method: 'GET', path: '/ssl-offer', handler: () => ok(PANELALPHA_SEED.sslOffers) },
      {
        method: 'GET',
        path: '/server-accounts/{id}/ssl/domains',
        handler: hostingAccount((_req, account) =>
          ok(
            this.accountDomains(account).map((domain) => ({
              domain,
              ssl: this.hasActiveCert(account, domain),
            })),
          ),
        ),
      },
      {
        method: 'GET',
        path: '/server-accounts/{id}/ssl/certificates',
        handler: hostingAccount((req, account) => {
          const domain = req.query.get('domain');
          const certs = [...this.certificates.values()].filter(
            (c) => c.accountId === account && (!domain || c.domain === domain.toLowerCase()),
          );
          return this.page(
            req,
            certs.map((c) => this.certificateJson(c)),
          );
        }),
      },
      {
        method: 'POST',
        path: '/server-accounts/{id}/ssl/certificates/order',
        handler: hostingAccount((req, account) => this.orderSsl(req, account)),
      },
    ];
  }

  // ---- everyday operations: backups and restores, maintenance mode, MySQL databases ---------------

  private opsRoutes(
    instance: (handler: (req: SimRequest, i: Instance) => SimResponse) => (req: SimRequest) => SimResponse,
    hostingAccount: (
      handler: (req: SimRequest, account: number) => SimResponse,
    ) => (req: SimRequest) => SimResponse,
  ): SimRoute[] {
    const backups = '/instances/{id}/wordpress/backups';
    return [
      {
        method: 'GET',
        path: backups,
        handler: instance((_req, i) => ok([...i.backups].reverse().map((b) => this.backupJson(b)))),
      },
      { method: 'POST', path: backups, handler: instance((req, i) => this.createBackup(req, i)) },
      {
        method: 'PUT',
        path: `${backups}/{backupId}/restore`,
        handler: instance((req, i) => this.restoreBackup(req, i)),
      },
      {
        method: 'GET',
        path: '/instances/{id}/wordpress/maintenance-mode',
        handler: instance((_req, i) => ok({ status: i.maintenance })),
      },
      {
        method: 'PUT',
        path: '/instances/{id}/wordpress/maintenance-mode',
        handler: instance((req, i) => {
          i.maintenance = asObject(req.body).status === true;
          return ok({ status: i.maintenance });
        }),
      },
      {
        method: 'GET',
        path: '/server-accounts/{id}/mysql/databases',
        handler: hostingAccount((_req, account) => ok(this.databases.get(account) ?? [])),
      },
      {
        method: 'POST',
        path: '/server-accounts/{id}/mysql/databases',
        handler: hostingAccount((req, account) => this.createDatabase(req, account)),
      },
      {
        method: 'GET',
        path: '/server-accounts/{id}/mysql/users',
        handler: hostingAccount((_req, account) =>
          ok((this.mysqlUsers.get(account) ?? []).map(({ name, databases }) => ({ name, databases }))),
        ),
      },
      {
        method: 'POST',
        path: '/server-accounts/{id}/mysql/users',
        handler: hostingAccount((req, account) => this.createMysqlUser(req, account)),
      },
    ];
  }

  private createBackup(req: SimRequest, i: Instance): SimResponse {
    if (this.status(i) !== 'active')
      return laravelValidation({ instance: ['The instance is not active yet.'] });
    const body = asObject(req.body);
    const backup: Backup = {
      id: this.nextId(),
      note: typeof body.backupNote === 'string' ? body.backupNote : null,
      createdAt: this.clock.now(),
      files: body.backupDirectory !== false,
      database: body.backupDatabase !== false,
      version: this.version(i),
      size: 0,
    };
    backup.size = (backup.files ? 183_500_800 : 0) + (backup.database ? 12_582_912 : 0) + i.backups.length;
    i.backups.push(backup);
    return { status: 201, body: { data: this.backupJson(backup) } };
  }

  /** A restore runs as a task; the site holds the backup's files and database once it completes. */
  private restoreBackup(req: SimRequest, i: Instance): SimResponse {
    const backup = i.backups.find((b) => String(b.id) === req.params.backupId);
    if (!backup) return modelNotFound('Backup', req.params.backupId);
    if (this.backupStatus(backup) !== 'completed')
      return laravelValidation({ backup: ['The backup is not completed yet.'] });
    if (i.restore && i.restore.at > this.clock.now())
      return laravelValidation({ backup: ['A restore is already in progress for this instance.'] });
    const body = asObject(req.body);
    const files = body.restoreDirectory !== false && backup.files;
    const task = this.addTask({
      type: 'backup_restore',
      name: `Restore backup ${backup.id} of ${i.domain}`,
      instanceId: i.id,
      runMs: RESTORE_MS - TASK_QUEUE_MS,
      log: [
        `Restoring backup ${backup.id} (${iso(backup.createdAt)})`,
        ...(files ? [body.deleteExistingFiles === true ? 'Replacing files' : 'Restoring files'] : []),
        ...(body.restoreDatabase !== false && backup.database ? ['Importing database'] : []),
        'Clearing caches',
        'Backup restored.',
      ],
    });
    if (files) i.restore = { at: task.createdAt + RESTORE_MS, version: backup.version };
    return { status: 200, body: { message: 'Backup restore has been scheduled.' } };
  }

  /** cPanel-style names: letters, digits and underscores. */
  private createDatabase(req: SimRequest, account: number): SimResponse {
    const name = String(asObject(req.body).name);
    const list = this.databases.get(account) ?? [];
    if (!/^[A-Za-z0-9_]{1,64}$/.test(name))
      return laravelValidation({ name: ['The name may only contain letters, numbers and underscores.'] });
    if (list.some((d) => d.name === name))
      return laravelValidation({ name: ['The name has already been taken.'] });
    const database = { name, size: 0, users: [] };
    this.databases.set(account, [...list, database]);
    return { status: 201, body: { data: database } };
  }

  private createMysqlUser(req: SimRequest, account: number): SimResponse {
    const body = asObject(req.body);
    const name = String(body.name);
    const errors: Record<string, string[]> = {};
    const users = this.mysqlUsers.get(account) ?? [];
    if (!/^[A-Za-z0-9_]{1,32}$/.test(name))
      errors.name = ['The name may only contain letters, numbers and underscores.'];
    else if (users.some((u) => u.name === name)) errors.name = ['The name has already been taken.'];
    if (String(body.password).length < 8) errors.password = ['The password must be at least 8 characters.'];
    const database =
      body.database === undefined
        ? undefined
        : (this.databases.get(account) ?? []).find((d) => d.name === body.database);
    if (body.database !== undefined && !database) errors.database = ['The selected database is invalid.'];
    if (Object.keys(errors).length) return laravelValidation(errors);
    const user = { name, password: String(body.password), databases: database ? [database.name] : [] };
    this.mysqlUsers.set(account, [...users, user]);
    database?.users.push(name);
    return { status: 201, body: { data: { name, databases: user.databases } } };
  }

  private backupStatus(b: Backup): 'in_progress' | 'completed' {
    return this.clock.now() - b.createdAt < BACKUP_MS ? 'in_progress' : 'completed';
  }

  /** The WordPress version a site runs: a finished restore brings back the backup's. */
  private version(i: Instance): string {
    if (i.restore && i.restore.at <= this.clock.now()) {
      i.version = i.restore.version;
      i.restore = undefined;
    }
    return i.version;
  }

  private backupJson(b: Backup) {
    return {
      id: b.id,
      note: b.note,
      status: this.backupStatus(b),
      size: this.backupStatus(b) === 'completed' ? b.size : null,
      backup_directory: b.files,
      backup_database: b.database,
      created_at: iso(b.createdAt),
    };
  }

  /** The user a user-endpoint request acts as (its `X-PanelAlpha-User`), when the panel knows it. */
  private requestUser(req: SimRequest): number | undefined {
    const header = req.headers['x-panelalpha-user'];
    return typeof header === 'string' ? this.userById(header.trim())?.id : undefined;
  }

  // ---- writes ---------------------------------------------------------------------------------

  /** The document checks the body's shape; the panel also knows its names, types and groups. */
  private addServer(req: SimRequest): SimResponse {
    const body = asObject(req.body);
    const errors: Record<string, string[]> = {};
    const name = String(body.name);
    if ([...this.servers.values()].some((s) => s.name === name))
      errors.name = ['The name has already been taken.'];
    const type = PANELALPHA_SEED.serverTypes.find((t) => t.type === body.type);
    const config = asObject(body.connection_config);
    if (!type) errors.type = ['The selected type is invalid.'];
    else {
      for (const field of type.fields) {
        const value = config[field];
        if (value === undefined || value === null || value === '')
          errors[`connection_config.${field}`] = [`The connection config.${field} field is required.`];
      }
    }
    const groups = (body.server_groups as unknown[]).map((group) => asObject(group).id ?? group);
    groups.forEach((group, index) => {
      if (!PANELALPHA_SEED.serverGroups.some((g) => g.id === group))
        errors[`server_groups.${index}`] = [`The selected server_groups.${index} is invalid.`];
    });
    if (Object.keys(errors).length) return laravelValidation(errors);
    const id = this.nextId();
    const server: Server = {
      id,
      name,
      type: type!.type,
      ip: `198.51.100.${(id % 200) + 20}`,
      groups: groups as number[],
      connectionConfig: config,
      createdAt: this.clock.now(),
    };
    this.servers.set(id, server);
    this.addTask({
      type: 'server_setup',
      name: `Set up hosting server ${server.name}`,
      serverId: id,
      runMs: SERVER_SETUP_MS - TASK_QUEUE_MS,
      log: ['Testing the connection', 'Checking WP-CLI', 'Reading PHP versions', 'Server is ready'],
    });
    return { status: 201, body: { data: this.serverJson(server) } };
  }

  private install(req: SimRequest): SimResponse {
    const user = this.requestUser(req);
    const body = asObject(req.body);
    const errors: Record<string, string[]> = {};
    const service = PANELALPHA_SEED.services.find((s) => s.id === body.service_id);
    if (!service || service.userId !== user) errors.service_id = ['The selected service id is invalid.'];
    if (body.install_type === 'from_template' && body.template_id === undefined)
      errors.template_id = ['The template id field is required when install type is from_template.'];
    if (body.install_type === 'clone') {
      const source = this.instances.get(Number(body.clone_instance_id));
      if (!source || this.ownerOf(source) !== user)
        errors.clone_instance_id = ['The selected clone instance id is invalid.'];
    }
    let domain = typeof body.domain === 'string' ? body.domain.toLowerCase() : undefined;
    if (domain !== undefined) this.checkDomain(domain, 'domain', errors);
    if (Object.keys(errors).length) return laravelValidation(errors);
    domain ??= `${slug(String(body.name))}.${service!.account.domain}`;
    const fails = this.failNextInstalls > 0;
    if (fails) this.failNextInstalls--;
    const instance = this.addInstance({
      name: String(body.name),
      domain,
      protocol: typeof body.protocol === 'string' ? body.protocol : 'https://',
      serviceId: service!.id,
      liveId: null,
      buildMs: INSTALL_MS,
      fails,
      version: typeof body.version === 'string' ? body.version : '6.6.2',
    });
    this.addTask({
      type: 'instance_install',
      name: `Install WordPress on ${domain}`,
      instanceId: instance.id,
      runMs: INSTALL_MS - TASK_QUEUE_MS,
      fails,
      log: fails
        ? ['Creating database', 'Downloading WordPress', 'Error: the hosting account is over its disk quota.']
        : ['Creating database', 'Downloading WordPress', 'Running wp core install', 'Instance is ready'],
    });
    return { status: 201, body: { data: this.instanceJson(instance) } };
  }

  private createStaging(req: SimRequest, live: Instance): SimResponse {
    if (live.liveId !== null)
      return laravelValidation({ instance: ['A staging instance cannot have its own staging.'] });
    if (this.stagingOf(live))
      return laravelValidation({ instance: ['This instance already has a staging instance.'] });
    if (this.status(live) !== 'active')
      return laravelValidation({ instance: ['The instance is not active yet.'] });
    const body = asObject(req.body);
    const errors: Record<string, string[]> = {};
    // The reference gives the install's protocols; a staging copy takes the same two.
    if (!['https://', 'http://'].includes(String(body.protocol)))
      errors.protocol = ['The selected protocol is invalid.'];
    this.checkDomain(String(body.domain).toLowerCase(), 'domain', errors);
    if (Object.keys(errors).length) return laravelValidation(errors);
    const staging = this.addInstance({
      name: `${live.name} (staging)`,
      domain: String(body.domain).toLowerCase(),
      protocol: String(body.protocol),
      serviceId: live.serviceId,
      liveId: live.id,
      buildMs: STAGING_MS,
      fails: false,
      version: live.version,
    });
    this.addTask({
      type: 'staging_create',
      name: `Create staging ${staging.domain} of ${live.domain}`,
      instanceId: live.id,
      runMs: STAGING_MS - TASK_QUEUE_MS,
      log: ['Copying files', 'Cloning database', 'Rewriting URLs', 'Staging instance is ready'],
    });
    return { status: 201, body: { data: this.instanceJson(staging) } };
  }

  /**
   * `{id}` is bound to a staging copy (the document lists 404, not 422, for anything else). A copy
   * still being built, or a push already running, is refused the Laravel way; the reference does
   * not say how the panel words either.
   */
  private pushToLive(staging: Instance): SimResponse {
    const live = staging.liveId !== null ? this.instances.get(staging.liveId) : undefined;
    if (!live) return modelNotFound('StagingInstance', String(staging.id));
    if (this.status(staging) !== 'active')
      return laravelValidation({ instance: ['The staging instance is not ready yet.'] });
    const running = [...this.tasks.values()].some(
      (t) => t.type === 'push_to_live' && t.instanceId === live.id && !this.taskDone(t),
    );
    if (running)
      return { status: 409, body: { message: 'A push to live is already in progress for this instance.' } };
    const fails = this.failNextDeployments > 0;
    if (fails) this.failNextDeployments--;
    this.addTask({
      type: 'push_to_live',
      name: `Push ${staging.domain} to live ${live.domain}`,
      instanceId: live.id,
      runMs: PUSH_RUN_MS,
      fails,
      log: fails
        ? [
            'Creating a backup of the live site',
            'Copying files',
            'Exporting staging database',
            'Importing database into live',
            "ERROR 1062 (23000) at line 88: Duplicate entry '1' for key 'wp_options.PRIMARY'",
            'Push to live failed: the database import exited with code 1. The live site was restored from the backup.',
          ]
        : [
            'Creating a backup of the live site',
            'Copying files',
            'Exporting staging database',
            'Importing database into live',
            'Rewriting URLs',
            'Clearing caches',
            'Push to live finished.',
          ],
    });
    return { status: 200, body: { message: 'Push to live has been scheduled.' } };
  }

  private orderSsl(req: SimRequest, account: number): SimResponse {
    const body = asObject(req.body);
    const errors: Record<string, string[]> = {};
    const domain = String(body.domain).toLowerCase();
    if (!this.accountDomains(account).includes(domain)) errors.domain = ['The selected domain is invalid.'];
    if (!PANELALPHA_SEED.sslOffers.some((o) => o.id === body.provider_id))
      errors.provider_id = ['The selected provider id is invalid.'];
    if (Object.keys(errors).length) return laravelValidation(errors);
    const pending = [...this.certificates.values()].some(
      (c) => c.accountId === account && c.domain === domain && this.certStatus(c) !== 'active',
    );
    if (pending)
      return laravelValidation({ domain: ['An SSL order for this domain is already in progress.'] });
    const cert: Certificate = {
      id: this.nextId(),
      accountId: account,
      domain,
      providerId: Number(body.provider_id),
      createdAt: this.clock.now(),
    };
    this.certificates.set(cert.id, cert);
    const provider = PANELALPHA_SEED.sslOffers.find((o) => o.id === cert.providerId)!;
    this.addTask({
      type: 'ssl_order',
      name: `Order ${provider.name} certificate for ${cert.domain}`,
      instanceId: [...this.instances.values()].find((i) => i.domain === cert.domain)?.id ?? null,
      runMs: SSL_PENDING_MS + SSL_PROCESSING_MS - TASK_QUEUE_MS,
      log: [`Validating ${cert.domain} (HTTP-01)`, 'Certificate issued and installed'],
    });
    return {
      status: 201,
      body: { data: { id: cert.id, domain: cert.domain, status: this.certStatus(cert) } },
    };
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** An unknown email fails validation (`exists`): the document lists no 404 here. */
  private userByEmail(req: SimRequest): SimResponse {
    const email = String(req.query.get('email')).toLowerCase();
    const user = PANELALPHA_SEED.users.find((u) => u.email.toLowerCase() === email);
    return user
      ? ok({ ...user, status: 'active' })
      : laravelValidation({ email: ['The selected email is invalid.'] });
  }

  /** Every instance (admin), or those of `owner` (user endpoint). */
  private listInstances(req: SimRequest, owner?: number): SimResponse {
    const q = (name: string) => req.query.get(name);
    const search = q('filter')?.toLowerCase();
    const list = [...this.instances.values()].filter((i) => {
      const service = this.serviceOf(i);
      if (this.isFailed(i)) return false;
      if (owner !== undefined && service.userId !== owner) return false;
      if (q('server_account_id') && String(service.account.id) !== q('server_account_id')) return false;
      if (search && !`${i.name} ${i.domain}`.toLowerCase().includes(search)) return false;
      if (q('user_id') && String(service.userId) !== q('user_id')) return false;
      if (q('hosting_account_id') && String(service.account.id) !== q('hosting_account_id')) return false;
      if (q('plan_id') && String(service.planId) !== q('plan_id')) return false;
      if (q('service_id') && String(service.id) !== q('service_id')) return false;
      if (q('server_id') && String(service.account.serverId) !== q('server_id')) return false;
      if (q('status') && this.status(i) !== q('status')) return false;
      return true;
    });
    return this.page(
      req,
      list.map((i) => this.instanceJson(i)),
    );
  }

  private listTasks(req: SimRequest): SimResponse {
    const search = req.query.get('search_term')?.toLowerCase();
    const types = csv(req.query.get('filter_types'));
    const statuses = csv(req.query.get('filter_statuses'));
    const list = [...this.tasks.values()]
      .filter((t) => {
        const domains = t.instanceId ? this.instanceDomains(t.instanceId) : '';
        if (search && !`${t.name} ${domains}`.toLowerCase().includes(search)) return false;
        if (types.length && !types.includes(t.type)) return false;
        if (statuses.length && !statuses.includes(this.taskStatus(t))) return false;
        return true;
      })
      .sort((a, b) => b.id - a.id);
    return this.page(
      req,
      list.map((t) => this.taskJson(t)),
    );
  }

  // ---- derived state --------------------------------------------------------------------------

  private status(i: Instance): 'installing' | 'active' | 'failed' {
    if (this.clock.now() - i.createdAt < i.buildMs) return 'installing';
    return i.fails ? 'failed' : 'active';
  }

  private isFailed(i: Instance): boolean {
    return this.status(i) === 'failed';
  }

  private taskStatus(t: Task): 'pending' | 'running' | 'completed' | 'failed' {
    const elapsed = this.clock.now() - t.createdAt;
    if (elapsed < TASK_QUEUE_MS) return 'pending';
    if (elapsed < TASK_QUEUE_MS + t.runMs) return 'running';
    return t.fails ? 'failed' : 'completed';
  }

  private taskDone(t: Task): boolean {
    const status = this.taskStatus(t);
    return status === 'completed' || status === 'failed';
  }

  /** The task log grows while it runs: lines appear in proportion to elapsed run time. */
  private taskLog(t: Task): string[] {
    const elapsed = this.clock.now() - t.createdAt - TASK_QUEUE_MS;
    if (elapsed <= 0) return [];
    return t.log.slice(0, Math.min(t.log.length, Math.ceil((elapsed / t.runMs) * t.log.length)));
  }

  private certStatus(c: Certificate): 'pending' | 'processing' | 'active' {
    const elapsed = this.clock.now() - c.createdAt;
    if (elapsed < SSL_PENDING_MS) return 'pending';
    if (elapsed < SSL_PENDING_MS + SSL_PROCESSING_MS) return 'processing';
    return 'active';
  }

  private serverStatus(s: Server): 'setting_up' | 'active' {
    return this.clock.now() - s.createdAt < SERVER_SETUP_MS ? 'setting_up' : 'active';
  }

  private stagingOf(live: Instance): Instance | undefined {
    return [...this.instances.values()].find((i) => i.liveId === live.id && !this.isFailed(i));
  }

  /** Seeded entries plus one line per finished task of the instance, so a tail has news. */
  private instanceLog(i: Instance): Instance['logs'] {
    const fromTasks = [...this.tasks.values()]
      .filter((t) => t.instanceId === i.id && this.taskDone(t))
      .map((t) => ({
        id: t.id * 10,
        level: t.fails ? 'error' : 'info',
        message: `${t.name}: ${this.taskStatus(t)}.`,
        at: t.createdAt + TASK_QUEUE_MS + t.runMs,
      }));
    return [...i.logs, ...fromTasks].sort((a, b) => b.at - a.at);
  }

  private serverLogEntries(): ServerLog[] {
    const fromTasks = [...this.tasks.values()]
      .filter((t) => t.serverId !== null && this.taskDone(t))
      .map((t) => ({
        id: t.id * 10,
        serverId: t.serverId!,
        level: 'info',
        message: `${t.name}: ${this.taskStatus(t)}.`,
        at: t.createdAt + TASK_QUEUE_MS + t.runMs,
      }));
    return [...this.serverLogs, ...fromTasks].sort((a, b) => b.at - a.at);
  }

  private serviceOf(i: Instance) {
    return PANELALPHA_SEED.services.find((s) => s.id === i.serviceId)!;
  }

  private ownerOf(i: Instance): number {
    return this.serviceOf(i).userId;
  }

  private userById(id: string | undefined) {
    return PANELALPHA_SEED.users.find((u) => String(u.id) === id);
  }

  private instanceDomains(id: number): string {
    const live = this.instances.get(id);
    const staging = live ? this.stagingOf(live) : undefined;
    return [live?.domain, staging?.domain].filter(Boolean).join(' ');
  }

  private accountDomains(account: number): string[] {
    const service = PANELALPHA_SEED.services.find((s) => s.account.id === account);
    const own = [...this.instances.values()]
      .filter((i) => this.serviceOf(i).account.id === account && !this.isFailed(i))
      .map((i) => i.domain);
    return [...new Set([service?.account.domain, ...own].filter((d): d is string => Boolean(d)))];
  }

  private hasActiveCert(account: number, domain: string): boolean {
    return [...this.certificates.values()].some(
      (c) => c.accountId === account && c.domain === domain && this.certStatus(c) === 'active',
    );
  }

  private checkDomain(domain: string, field: string, errors: Record<string, string[]>): void {
    if (!/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain))
      errors[field] = [`The ${field} field must be a valid domain.`];
    else if ([...this.instances.values()].some((i) => i.domain === domain && !this.isFailed(i)))
      errors[field] = [`The ${field} has already been taken.`];
  }

  /** A user endpoint's instance: one of the user's, or not found. */
  private withInstance(req: SimRequest, handler: (i: Instance) => SimResponse): SimResponse {
    const instance = this.instances.get(Number(req.params.id));
    if (!instance || this.isFailed(instance) || this.ownerOf(instance) !== this.requestUser(req))
      return modelNotFound('Instance', req.params.id);
    return handler(instance);
  }

  /** A user endpoint's hosting account: one of the user's, or not found. */
  private withAccount(req: SimRequest, handler: (account: number) => SimResponse): SimResponse {
    const service = PANELALPHA_SEED.services.find((s) => String(s.account.id) === req.params.id);
    if (!service || service.userId !== this.requestUser(req))
      return modelNotFound('HostingAccount', req.params.id);
    return handler(service.account.id);
  }

  // ---- serialization --------------------------------------------------------------------------

  private serverJson(s: Server) {
    return {
      id: s.id,
      name: s.name,
      type: s.type,
      hostname: String(s.connectionConfig.hostname ?? ''),
      ip_address: s.ip,
      status: this.serverStatus(s),
      server_groups: PANELALPHA_SEED.serverGroups.filter((g) => s.groups.includes(g.id)),
      // The panel keeps the credentials it connects with; clients must not pass them on.
      connection_config: s.connectionConfig,
      accounts_count: PANELALPHA_SEED.services.filter((svc) => svc.account.serverId === s.id).length,
      created_at: iso(s.createdAt),
      updated_at: iso(s.createdAt),
    };
  }

  private serviceJson(id: number) {
    const service = PANELALPHA_SEED.services.find((s) => s.id === id)!;
    const plan = PANELALPHA_SEED.plans.find((p) => p.id === service.planId)!;
    return {
      id: service.id,
      status: 'active',
      user_id: service.userId,
      plan_id: plan.id,
      plan: { id: plan.id, name: plan.name },
      hosting_account: {
        id: service.account.id,
        username: service.account.username,
        domain: service.account.domain,
        server_id: service.account.serverId,
      },
      instances_count: [...this.instances.values()].filter((i) => i.serviceId === id).length,
    };
  }

  private instanceJson(i: Instance) {
    const service = this.serviceOf(i);
    const staging = this.stagingOf(i);
    return {
      id: i.id,
      name: i.name,
      domain: i.domain,
      url: `${i.protocol}${i.domain}`,
      status: this.status(i),
      user_id: service.userId,
      service_id: service.id,
      plan_id: service.planId,
      hosting_account_id: service.account.id,
      server_id: service.account.serverId,
      is_staging: i.liveId !== null,
      staging_instance_id: staging?.id ?? null,
      live_instance_id: i.liveId,
      wordpress_version: this.version(i),
      php_version: '8.2',
      // Stored credentials a careless API echoes; clients must not pass them on.
      admin_username: 'admin',
      admin_password: PANELALPHA_SEED.instanceSecrets.adminPassword,
      database: {
        name: `${service.account.username}_wp${i.id}`,
        user: `${service.account.username}_wp`,
        password: PANELALPHA_SEED.instanceSecrets.databasePassword,
      },
      created_at: iso(i.createdAt),
      updated_at: iso(i.createdAt),
    };
  }

  private failedJson(i: Instance) {
    const task = [...this.tasks.values()].find((t) => t.instanceId === i.id && t.type === 'instance_install');
    return {
      id: i.id,
      name: i.name,
      domain: i.domain,
      user_id: this.ownerOf(i),
      service_id: i.serviceId,
      error: task?.log[task.log.length - 1] ?? 'Installation failed.',
      log: task ? task.log.join('\n') : '',
      created_at: iso(i.createdAt),
    };
  }

  private taskJson(t: Task) {
    const status = this.taskStatus(t);
    const log = this.taskLog(t);
    const done = status === 'completed' || status === 'failed';
    return {
      id: t.id,
      type: t.type,
      name: t.name,
      status,
      instance_id: t.instanceId,
      server_id: t.serverId,
      error: status === 'failed' ? (t.log[t.log.length - 1] ?? 'Task failed.') : null,
      log: log.join('\n'),
      created_at: iso(t.createdAt),
      started_at: status === 'pending' ? null : iso(t.createdAt + TASK_QUEUE_MS),
      finished_at: done ? iso(t.createdAt + TASK_QUEUE_MS + t.runMs) : null,
    };
  }

  private certificateJson(c: Certificate) {
    const status = this.certStatus(c);
    const provider = PANELALPHA_SEED.sslOffers.find((o) => o.id === c.providerId);
    const issuedAt = c.createdAt + SSL_PENDING_MS + SSL_PROCESSING_MS;
    return {
      id: c.id,
      domain: c.domain,
      status,
      provider: provider?.name ?? null,
      provider_id: c.providerId,
      valid_from: status === 'active' ? iso(issuedAt) : null,
      expires_at: status === 'active' ? iso(issuedAt + 90 * DAY) : null,
      certificate:
        status === 'active'
          ? '-----BEGIN CERTIFICATE-----\nMIIFazCCA1OgAwIBAgIRAIIQz7DSQONZRGPgu2OCiwAw\n-----END CERTIFICATE-----\n'
          : null,
      // A careless API echoes the private key; clients must not pass it on.
      key: status === 'active' ? PANELALPHA_SEED.privateKey : null,
      created_at: iso(c.createdAt),
      updated_at: iso(status === 'active' ? issuedAt : c.createdAt),
    };
  }

  private serverLogJson(l: ServerLog) {
    return {
      id: l.id,
      server_id: l.serverId,
      server_name: this.servers.get(l.serverId)?.name ?? null,
      level: l.level,
      message: l.message,
      created_at: iso(l.at),
    };
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Laravel's paginator: `page` and `per_page` in the query (the document bounds them), `meta` and `links` out. */
  private page(req: SimRequest, items: unknown[]): SimResponse {
    const perPage = Number(req.query.get('per_page') ?? DEFAULT_PER_PAGE);
    const page = Number(req.query.get('page') ?? 1);
    const lastPage = Math.max(1, Math.ceil(items.length / perPage));
    const from = (page - 1) * perPage;
    const slice = items.slice(from, from + perPage);
    const link = (n: number) => `${req.path}?page=${n}`;
    return {
      status: 200,
      body: {
        data: slice,
        links: {
          first: link(1),
          last: link(lastPage),
          prev: page > 1 ? link(page - 1) : null,
          next: page < lastPage ? link(page + 1) : null,
        },
        meta: {
          current_page: page,
          last_page: lastPage,
          per_page: perPage,
          total: items.length,
          from: slice.length ? from + 1 : null,
          to: slice.length ? from + slice.length : null,
          path: req.path,
        },
      },
    };
  }

  private addInstance(
    fields: Omit<Instance, 'id' | 'createdAt' | 'logs' | 'maintenance' | 'backups'>,
  ): Instance {
    const instance: Instance = {
      ...fields,
      id: this.nextId(),
      createdAt: this.clock.now(),
      logs: [],
      maintenance: false,
      backups: [],
    };
    this.instances.set(instance.id, instance);
    return instance;
  }

  private addTask(fields: Partial<Task> & Pick<Task, 'type' | 'name' | 'runMs' | 'log'>): Task {
    const task: Task = {
      id: this.nextId(),
      instanceId: null,
      serverId: null,
      fails: false,
      createdAt: this.clock.now(),
      ...fields,
    };
    this.tasks.set(task.id, task);
    return task;
  }

  private nextId(): number {
    this.ids += 1;
    return this.ids;
  }

  private seed(): void {
    const now = this.clock.now();
    for (const seed of PANELALPHA_SEED.servers) {
      this.servers.set(seed.id, {
        id: seed.id,
        name: seed.name,
        type: seed.type,
        ip: seed.ip,
        groups: seed.groups,
        connectionConfig: seed.connectionConfig,
        createdAt: now - 200 * DAY,
      });
    }
    PANELALPHA_SEED.serverLogs.forEach((log, index) => {
      this.serverLogs.push({
        id: 9000 + index,
        serverId: log.serverId,
        level: log.level,
        message: log.message,
        at: now - log.daysAgo * DAY,
      });
    });
    for (const seed of PANELALPHA_SEED.instances) this.seedInstance(seed, now);
    for (const seed of PANELALPHA_SEED.tasks) {
      this.tasks.set(seed.id, {
        id: seed.id,
        type: seed.type,
        name: seed.name,
        instanceId: seed.instanceId,
        serverId: null,
        createdAt: now - seed.daysAgo * DAY,
        runMs: PUSH_RUN_MS,
        fails: seed.fails,
        log: seed.log,
      });
    }
    for (const seed of PANELALPHA_SEED.certificates) {
      this.certificates.set(seed.id, {
        id: seed.id,
        accountId: seed.accountId,
        domain: seed.domain,
        providerId: seed.providerId,
        createdAt: now - seed.daysAgo * DAY,
      });
    }
    this.ids = Math.max(this.ids, 5000);
  }

  private seedInstance(seed: SeedInstance, now: number): void {
    const createdAt = now - (seed.liveId ? 30 : 90) * DAY;
    this.instances.set(seed.id, {
      id: seed.id,
      name: seed.name,
      domain: seed.domain,
      protocol: 'https://',
      serviceId: seed.serviceId,
      liveId: seed.liveId ?? null,
      createdAt,
      buildMs: INSTALL_MS,
      fails: false,
      version: '6.6.2',
      logs: seed.logs.map((log, index) => ({
        id: seed.id * 100 + index,
        level: log.level,
        message: log.message,
        at: now - log.daysAgo * DAY,
      })),
      maintenance: false,
      backups: (seed.backups ?? []).map((b) => ({
        id: this.nextId(),
        note: b.note,
        createdAt: now - b.daysAgo * DAY,
        files: true,
        database: true,
        version: b.version,
        size: 171_966_464 + b.daysAgo * 4096,
      })),
    });
    // Each site has its database on its hosting account, used by the account's WordPress user.
    const { account } = PANELALPHA_SEED.services.find((s) => s.id === seed.serviceId)!;
    const user = `${account.username}_wp`;
    const database = { name: `${user}${seed.id}`, size: 52_428_800, users: [user] };
    this.databases.set(account.id, [...(this.databases.get(account.id) ?? []), database]);
    const users = this.mysqlUsers.get(account.id) ?? [];
    const known = users.find((u) => u.name === user);
    if (known) known.databases.push(database.name);
    else
      this.mysqlUsers.set(account.id, [
        ...users,
        {
          name: user,
          password: PANELALPHA_SEED.instanceSecrets.databasePassword,
          databases: [database.name],
        },
      ]);
  }
}

// ---- module helpers ----------------------------------------------------------------------------

function ok(data: unknown): SimResponse {
  return { status: 200, body: { data } };
}

function csv(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'site'
  );
}
