import { createHash } from 'node:crypto';
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
import { asObject, iso, pseudoRandom } from '../../../simulator/values.js';
import { forgeCatalog } from '../catalog.gen.js';
import { FORGE_API_PATH, FORGE_SANDBOX_TOKEN } from '../sandbox-account.js';
import {
  CLOUDS,
  KEY_TYPES,
  SERVER_TYPES,
  SITE_TYPES,
  UBUNTU_VERSIONS,
  VERIFICATION_METHODS,
  WWW_REDIRECT_TYPES,
} from '../schemas.js';
import { samples } from './samples.gen.js';
import { FORGE_SEED, type SeedServer, type SeedSite } from './seed.js';

/**
 * A stateful simulator of the Forge v2 API, written from forge-openapi-v2.json: the same paths,
 * JSON:API envelopes, cursor pagination, bearer auth and Laravel-style error bodies. Async work is
 * computed from the simulated clock on every read, so there are no timers to leak: a server
 * provisions in ten simulated minutes, a deployment walks queued → deploying → finished (or
 * failed) while its log grows, a certificate goes verifying → creating → created.
 */

const PROVISION_MS = 10 * 60_000;
const SITE_INSTALL_MS = 60_000;
const DEPLOY_QUEUE_MS = 3_000;
const DEPLOY_RUN_MS = 30_000;
const DOMAIN_CONNECT_MS = 20_000;
const CERT_VERIFY_MS = 30_000;
const CERT_CREATE_MS = 60_000;
const REBOOT_MS = 60_000;
const DATABASE_INSTALL_MS = 10_000;
const BACKUP_QUEUE_MS = 5_000;
const BACKUP_RUN_MS = 60_000;
const RESTORE_MS = 30_000;
const SERVICES = ['nginx', 'mysql', 'postgres', 'redis', 'supervisor', 'php'] as const;

interface Server {
  id: number;
  name: string;
  provider: string;
  type: string;
  region: string;
  size: string;
  phpVersion: string | null;
  databaseType: string | null;
  ubuntuVersion: string;
  ip: string | null;
  createdAt: number;
  logs: Record<string, string>;
}

interface Site {
  id: number;
  serverId: number;
  name: string;
  type: string;
  repository: string | null;
  branch: string | null;
  phpVersion: string | null;
  createdAt: number;
  logs: { application: string; 'nginx-access': string; 'nginx-error': string };
  environment: string;
  deployHookToken: string;
}

interface Deployment {
  id: number;
  siteId: number;
  createdAt: number;
  fails: boolean;
  commit: { hash: string; author: string; message: string; branch: string };
  script: string[];
}

interface Domain {
  id: number;
  siteId: number;
  name: string;
  type: 'primary' | 'alias';
  createdAt: number;
}

interface Certificate {
  id: number;
  domainId: number;
  createdAt: number;
  verification: string;
  keyType: string;
  enable: boolean;
}

interface DatabaseSchema {
  id: number;
  serverId: number;
  name: string;
  createdAt: number;
  /** Last change of its data: creation, then each restore once it finishes. */
  updatedAt: number;
  /** When a restore in progress finishes. */
  restoredAt?: number;
}

interface BackupConfiguration {
  id: number;
  serverId: number;
  name: string;
  databaseIds: number[];
}

interface BackupRun {
  id: number;
  configurationId: number;
  createdAt: number;
}

interface Event {
  id: number;
  serverId: number;
  siteId: number | null;
  description: string;
  createdAt: number;
  output: string;
}

export interface ForgeSimulatorOptions {
  token?: string;
  /** Simulated milliseconds per real millisecond. */
  speed?: number;
  clock?: SimClock;
}

export class ForgeSimulator {
  readonly clock: SimClock;
  readonly token: string;
  readonly http: SimServer;
  readonly organization = FORGE_SEED.organization;
  /** When > 0, the next deployments fail (tests and demos of failure handling). */
  failNextDeployments = 0;
  /** Largest page[size] accepted (Forge documents none; 200 is what the client asks for first). */
  maxPageSize = 200;
  private ids = 1000;
  private readonly servers = new Map<number, Server>();
  private readonly sites = new Map<number, Site>();
  private readonly deployments = new Map<number, Deployment>();
  private readonly domains = new Map<number, Domain>();
  private readonly certificates = new Map<number, Certificate>();
  private readonly events: Event[] = [];
  private readonly databases = new Map<number, DatabaseSchema>();
  private readonly backupConfigurations = new Map<number, BackupConfiguration>();
  private readonly backups = new Map<number, BackupRun>();
  /** When each server's last reboot started. */
  private readonly reboots = new Map<number, number>();

  constructor(options: ForgeSimulatorOptions = {}) {
    this.clock = options.clock ?? new SimClock(options.speed ?? 1);
    this.token = options.token ?? FORGE_SANDBOX_TOKEN;
    this.seed();
    this.http = specServer({
      name: 'forge',
      catalog: forgeCatalog,
      samples,
      basePath: FORGE_API_PATH,
      overlay: this.routes(),
      authenticate: (req) => bearerToken(req) === this.token,
      errors: { ...laravelErrors(), validation: laravelIssues },
    });
  }

  listen(port?: number): Promise<string> {
    return this.http.listen(port).then((url) => `${url}${FORGE_API_PATH}`);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  // ---- routes -------------------------------------------------------------------------------

  private routes(): SimRoute[] {
    const org = '/orgs/{organization}';
    const server = `${org}/servers/{server}`;
    const site = `${server}/sites/{site}`;
    const domain = `${site}/domains/{domainRecord}`;
    const scoped = this.scoped;
    return [
      { method: 'GET', path: '/orgs', handler: (req) => this.page(req, [this.organizationResource()]) },
      {
        method: 'GET',
        path: `${org}/server-credentials`,
        handler: scoped((req) =>
          this.page(
            req,
            FORGE_SEED.credentials.map((c) =>
              res('serverCredentials', c.id, {
                name: c.name,
                provider: c.provider,
                in_use: true,
                created_at: null,
                updated_at: null,
              }),
            ),
          ),
        ),
      },
      {
        method: 'GET',
        path: `${org}/servers`,
        handler: scoped((req) =>
          this.page(
            req,
            this.filter(req, [...this.servers.values()], {
              name: (s) => s.name,
              ip_address: (s) => s.ip ?? '',
            }).map((s) => this.serverResource(s)),
          ),
        ),
      },
      { method: 'POST', path: `${org}/servers`, handler: scoped((req) => this.createServer(req)) },
      {
        method: 'GET',
        path: server,
        handler: scoped((req) => this.withServer(req, (s) => ok(this.serverResource(s)))),
      },
      {
        method: 'GET',
        path: `${server}/events`,
        handler: scoped((req) =>
          this.withServer(req, (s) => {
            const events = this.events
              .filter((e) => e.serverId === s.id)
              .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
            return this.page(
              req,
              events.map((e) => this.eventResource(e)),
            );
          }),
        ),
      },
      {
        method: 'GET',
        path: `${server}/events/{event}/output`,
        handler: scoped((req) =>
          this.withServer(req, (s) => {
            const event = this.events.find((e) => e.serverId === s.id && String(e.id) === req.params.event);
            return event
              ? ok(res('eventOutputs', event.id, { output: event.output }))
              : modelNotFound('Event', req.params.event);
          }),
        ),
      },
      {
        method: 'GET',
        path: `${server}/logs/{key}`,
        handler: scoped((req) =>
          this.withServer(req, (s) => {
            const content = s.logs[req.params.key ?? ''];
            if (content === undefined) return modelNotFound('Log', req.params.key);
            return {
              status: 200,
              body: { data: res('serverLogs', req.params.key!, { content }), meta: { log: req.params.key } },
              headers: JSONAPI,
            };
          }),
        ),
      },
      {
        method: 'GET',
        path: `${org}/sites`,
        handler: scoped((req) =>
          this.page(
            req,
            this.filter(req, [...this.sites.values()], { name: (s) => s.name }).map((s) =>
              this.siteResource(s),
            ),
          ),
        ),
      },
      {
        method: 'GET',
        path: `${org}/sites/{site}`,
        handler: scoped((req) => this.withSite(req, (s) => ok(this.siteResource(s)), false)),
      },
      {
        method: 'GET',
        path: `${server}/sites`,
        handler: scoped((req) =>
          this.withServer(req, (srv) =>
            this.page(
              req,
              this.filter(
                req,
                [...this.sites.values()].filter((s) => s.serverId === srv.id),
                { name: (s) => s.name },
              ).map((s) => this.siteResource(s)),
            ),
          ),
        ),
      },
      {
        method: 'POST',
        path: `${server}/sites`,
        handler: scoped((req) => this.withServer(req, (srv) => this.createSite(req, srv))),
      },
      {
        method: 'GET',
        path: `${site}/deployments`,
        handler: scoped((req) =>
          this.withSite(req, (s) => {
            const list = [...this.deployments.values()].filter((d) => d.siteId === s.id);
            const descending = (req.query.get('sort') ?? '-created_at').startsWith('-');
            list.sort((a, b) =>
              descending
                ? b.createdAt - a.createdAt || b.id - a.id
                : a.createdAt - b.createdAt || a.id - b.id,
            );
            return this.page(
              req,
              list.map((d) => this.deploymentResource(d)),
            );
          }),
        ),
      },
      {
        method: 'POST',
        path: `${site}/deployments`,
        handler: scoped((req) => this.withSite(req, (s) => this.deploy(s))),
      },
      {
        method: 'GET',
        path: `${site}/deployments/status`,
        handler: scoped((req) =>
          this.withSite(req, (s) => {
            const latest = this.latestDeployment(s.id);
            return ok(
              res('deploymentStatuses', s.id, {
                status: latest ? this.deploymentStatus(latest) : null,
                started_at: latest ? iso(latest.createdAt) : null,
              }),
            );
          }),
        ),
      },
      {
        method: 'GET',
        path: `${site}/deployments/{deployment}`,
        handler: scoped((req) => this.withDeployment(req, (d) => ok(this.deploymentResource(d)))),
      },
      {
        method: 'GET',
        path: `${site}/deployments/{deployment}/log`,
        handler: scoped((req) =>
          this.withDeployment(req, (d) =>
            ok(res('deploymentOutputs', d.id, { output: this.deploymentLog(d) })),
          ),
        ),
      },
      {
        method: 'GET',
        path: `${site}/environment`,
        handler: scoped((req) =>
          this.withSite(req, (s) => ok(res('environments', s.id, { content: s.environment }))),
        ),
      },
      {
        method: 'GET',
        path: `${site}/domains`,
        handler: scoped((req) =>
          this.withSite(req, (s) =>
            this.page(
              req,
              this.siteDomains(s.id).map((d) => this.domainResource(d)),
            ),
          ),
        ),
      },
      {
        method: 'POST',
        path: `${site}/domains`,
        handler: scoped((req) => this.withSite(req, (s) => this.createDomain(req, s))),
      },
      {
        method: 'GET',
        path: domain,
        handler: scoped((req) => this.withDomain(req, (d) => ok(this.domainResource(d)))),
      },
      {
        method: 'GET',
        path: `${domain}/certificates`,
        handler: scoped((req) =>
          this.withDomain(req, (d) =>
            ok(
              [...this.certificates.values()]
                .filter((c) => c.domainId === d.id)
                .map((c) => this.certificateResource(c)),
            ),
          ),
        ),
      },
      {
        method: 'POST',
        path: `${domain}/certificates`,
        handler: scoped((req) => this.withDomain(req, (d) => this.createCertificate(req, d))),
      },
      {
        method: 'GET',
        path: `${domain}/certificates/{certificate}`,
        handler: scoped((req) =>
          this.withDomain(req, (d) => {
            const cert = this.certificates.get(Number(req.params.certificate));
            return cert && cert.domainId === d.id
              ? ok(this.certificateResource(cert))
              : modelNotFound('Certificate', req.params.certificate);
          }),
        ),
      },
      ...this.opsRoutes(server, site),
      ...(['application', 'nginx-access', 'nginx-error'] as const).map((key) => ({
        method: 'GET',
        path: `${site}/logs/${key}`,
        handler: scoped((req: SimRequest) =>
          this.withSite(req, (s) => ({
            status: 200,
            body: {
              data: res(LOG_TYPES[key], s.id, { content: this.siteLog(s, key) }),
              meta: { log: key === 'application' ? 'site' : `site-${key}` },
            },
            headers: JSONAPI,
          })),
        ),
      })),
    ];
  }

  // ---- everyday operations: environment, restarts, reboots, databases, backups ------------------

  private opsRoutes(server: string, site: string): SimRoute[] {
    const scoped = this.scoped;
    const accepted = (): SimResponse => ({ status: 202 });
    const backups = `${server}/database/backups/{backupConfiguration}`;
    return [
      {
        method: 'PUT',
        path: `${site}/environment`,
        handler: scoped((req) =>
          this.withSite(req, (s) => {
            s.environment = String(asObject(req.body).environment ?? '');
            this.addEvent(s.serverId, s.id, 'Updating environment file', this.clock.now(), [
              'Environment updated',
            ]);
            return accepted();
          }),
        ),
      },
      {
        method: 'POST',
        path: `${server}/actions`,
        handler: scoped((req) =>
          this.withServer(req, (s) => {
            const action = String(asObject(req.body).action);
            this.reboots.set(s.id, this.clock.now());
            this.addEvent(
              s.id,
              null,
              action === 'reboot' ? 'Rebooting server' : 'Power-cycling server',
              this.clock.now(),
              ['OK'],
            );
            return accepted();
          }),
        ),
      },
      ...SERVICES.map((service) => ({
        method: 'POST',
        path: `${server}/services/${service}/actions`,
        handler: scoped((req: SimRequest) =>
          this.withServer(req, (s) => {
            const body = asObject(req.body);
            const name = service === 'php' ? String(body.version) : service;
            const verb =
              body.action === 'stop' ? 'Stopping' : body.action === 'reload' ? 'Reloading' : 'Restarting';
            this.addEvent(s.id, null, `${verb} ${name}`, this.clock.now(), [
              `${name}: ${verb.toLowerCase()} done`,
            ]);
            return accepted();
          }),
        ),
      })),
      {
        method: 'GET',
        path: `${server}/database/schemas`,
        handler: scoped((req) =>
          this.withServer(req, (s) =>
            this.page(
              req,
              [...this.databases.values()]
                .filter((d) => d.serverId === s.id)
                .map((d) => this.databaseResource(d)),
            ),
          ),
        ),
      },
      {
        method: 'POST',
        path: `${server}/database/schemas`,
        handler: scoped((req) =>
          this.withServer(req, (s) => {
            const name = String(asObject(req.body).name);
            if ([...this.databases.values()].some((d) => d.serverId === s.id && d.name === name)) {
              return laravelValidation({ name: ['The name has already been taken.'] });
            }
            const now = this.clock.now();
            const database = { id: this.nextId(), serverId: s.id, name, createdAt: now, updatedAt: now };
            this.databases.set(database.id, database);
            return { status: 202, body: { data: this.databaseResource(database) }, headers: JSONAPI };
          }),
        ),
      },
      {
        method: 'GET',
        path: `${server}/database/schemas/{database}`,
        handler: scoped((req) =>
          this.withServer(req, (s) => {
            const database = this.databases.get(Number(req.params.database));
            return database?.serverId === s.id
              ? ok(this.databaseResource(database))
              : modelNotFound('Database', req.params.database);
          }),
        ),
      },
      {
        method: 'GET',
        path: `${server}/database/backups`,
        handler: scoped((req) =>
          this.withServer(req, (s) =>
            this.page(
              req,
              [...this.backupConfigurations.values()]
                .filter((c) => c.serverId === s.id)
                .map((c) => this.backupConfigurationResource(c)),
            ),
          ),
        ),
      },
      {
        method: 'GET',
        path: backups,
        handler: scoped((req) =>
          this.withBackupConfiguration(req, (c) => ok(this.backupConfigurationResource(c))),
        ),
      },
      {
        method: 'GET',
        path: `${backups}/instances`,
        handler: scoped((req) =>
          this.withBackupConfiguration(req, (c) =>
            this.page(
              req,
              [...this.backups.values()]
                .filter((b) => b.configurationId === c.id)
                .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
                .map((b) => this.backupResource(b)),
            ),
          ),
        ),
      },
      {
        method: 'POST',
        path: `${backups}/instances`,
        handler: scoped((req) =>
          this.withBackupConfiguration(req, (c) => {
            const run = { id: this.nextId(), configurationId: c.id, createdAt: this.clock.now() };
            this.backups.set(run.id, run);
            return accepted();
          }),
        ),
      },
      {
        method: 'GET',
        path: `${backups}/instances/{backup}`,
        handler: scoped((req) =>
          this.withBackupConfiguration(req, (c) => {
            const run = this.backups.get(Number(req.params.backup));
            return run?.configurationId === c.id
              ? ok(this.backupResource(run))
              : modelNotFound('Backup', req.params.backup);
          }),
        ),
      },
      {
        method: 'POST',
        path: `${backups}/instances/{backup}/restores`,
        handler: scoped((req) =>
          this.withBackupConfiguration(req, (c) => {
            const run = this.backups.get(Number(req.params.backup));
            if (run?.configurationId !== c.id) return modelNotFound('Backup', req.params.backup);
            if (this.backupStatus(run) !== 'success') {
              return laravelValidation({ backup: ['The backup has not finished.'] });
            }
            const databaseId = Number(asObject(req.body).database_id);
            const database = this.databases.get(databaseId);
            if (!database || !c.databaseIds.includes(databaseId)) {
              return laravelValidation({ database_id: ['The selected database id is invalid.'] });
            }
            // The data a later read shows changes once the restore has run.
            database.restoredAt = this.clock.now() + RESTORE_MS;
            this.addEvent(c.serverId, null, `Restoring database ${database.name}`, this.clock.now(), [
              'Restore queued',
            ]);
            return accepted();
          }),
        ),
      },
    ];
  }

  /** A route of the organization the token belongs to; any other organization is forbidden. */
  private readonly scoped =
    (handler: (req: SimRequest) => SimResponse) =>
    (req: SimRequest): SimResponse =>
      req.params.organization === this.organization.slug ? handler(req) : forbidden();

  private isRebooting(server: Server): boolean {
    const started = this.reboots.get(server.id);
    return started !== undefined && this.clock.now() < started + REBOOT_MS;
  }

  private databaseResource(d: DatabaseSchema) {
    const now = this.clock.now();
    if (d.restoredAt !== undefined && d.restoredAt <= now) {
      d.updatedAt = d.restoredAt;
      d.restoredAt = undefined;
    }
    const status = now < d.createdAt + DATABASE_INSTALL_MS ? 'installing' : 'installed';
    return res('databases', d.id, {
      name: d.name,
      status,
      created_at: iso(d.createdAt),
      updated_at: iso(d.updatedAt),
    });
  }

  private backupConfigurationResource(c: BackupConfiguration) {
    return res('backupConfigurations', c.id, {
      name: c.name,
      storage_provider_id: 1,
      provider: 's3',
      bucket: 'acme-backups',
      directory: `/forge/${c.serverId}`,
      schedule: 'daily',
      displayable_schedule: 'Daily at 03:00',
      next_run_time: iso(this.clock.now() + 86_400_000),
      status: 'installed',
      day_of_week: null,
      time: '03:00',
      cron_schedule: '0 3 * * *',
      database_ids: c.databaseIds,
      include_new_databases: false,
      retention: 7,
      notify_email: null,
    });
  }

  private backupStatus(b: BackupRun): string {
    const elapsed = this.clock.now() - b.createdAt;
    if (elapsed < BACKUP_QUEUE_MS) return 'pending';
    return elapsed < BACKUP_QUEUE_MS + BACKUP_RUN_MS ? 'running' : 'success';
  }

  private backupResource(b: BackupRun) {
    const status = this.backupStatus(b);
    const done = status === 'success';
    return res('backups', b.id, {
      status,
      is_partial: 'false',
      size: done ? 4_194_304 + b.id : 0,
      finished_at: done ? Math.floor((b.createdAt + BACKUP_QUEUE_MS + BACKUP_RUN_MS) / 1000) : null,
    });
  }

  private withBackupConfiguration(
    req: SimRequest,
    handler: (c: BackupConfiguration) => SimResponse,
  ): SimResponse {
    return this.withServer(req, (s) => {
      const configuration = this.backupConfigurations.get(Number(req.params.backupConfiguration));
      return configuration?.serverId === s.id
        ? handler(configuration)
        : modelNotFound('BackupConfiguration', req.params.backupConfiguration);
    });
  }

  // ---- writes --------------------------------------------------------------------------------

  private createServer(req: SimRequest): SimResponse {
    const body = asObject(req.body);
    const errors: Record<string, string[]> = {};
    const name = body.name;
    if (typeof name !== 'string' || name === '') errors.name = ['The name field is required.'];
    else if (name.length > 30) errors.name = ['The name field must not be greater than 30 characters.'];
    const provider = body.provider;
    if (typeof provider !== 'string' || !includes(CLOUDS, provider))
      errors.provider = ['The selected provider is invalid.'];
    if (!includes(SERVER_TYPES, body.type)) errors.type = ['The selected type is invalid.'];
    if (!includes(UBUNTU_VERSIONS, body.ubuntu_version))
      errors.ubuntu_version = ['The selected ubuntu version is invalid.'];
    const block = typeof provider === 'string' ? asObject(body[provider]) : {};
    if (provider === 'custom') {
      if (typeof block.ip_address !== 'string')
        errors['custom.ip_address'] = ['The custom.ip address field is required.'];
    } else if (typeof provider === 'string' && includes(CLOUDS, provider)) {
      if (typeof block.region_id !== 'string')
        errors[`${provider}.region_id`] = [`The ${provider}.region id field is required.`];
      if (typeof block.size_id !== 'string')
        errors[`${provider}.size_id`] = [`The ${provider}.size id field is required.`];
      if (
        provider !== 'laravel' &&
        !FORGE_SEED.credentials.some((c) => c.id === Number(body.credential_id) && c.provider === provider)
      ) {
        errors.credential_id = ['The selected credential id is invalid.'];
      }
      if (provider === 'hetzner' && block.network_id === undefined)
        errors['hetzner.network_id'] = ['The hetzner.network id field is required.'];
    }
    if (Object.keys(errors).length) return laravelValidation(errors);
    const id = this.nextId();
    const server: Server = {
      id,
      name: name as string,
      provider: provider as string,
      type: String(body.type),
      region: String(block.region_id ?? 'custom'),
      size: String(block.size_id ?? 'custom'),
      phpVersion: typeof body.php_version === 'string' ? body.php_version : 'php84',
      databaseType: typeof body.database_type === 'string' ? body.database_type : null,
      ubuntuVersion: String(body.ubuntu_version),
      ip: provider === 'custom' ? String(block.ip_address) : `198.51.100.${(id % 200) + 20}`,
      createdAt: this.clock.now(),
      logs: { 'nginx-error': '', 'nginx-access': '', auth: '' },
    };
    this.servers.set(id, server);
    this.addEvent(server.id, null, 'Provisioning server', server.createdAt, [
      'Updating apt sources',
      'Installing nginx, php, database and redis',
      'Configuring firewall',
      'Server is ready',
    ]);
    return { status: 202, body: { data: this.serverResource(server) }, headers: JSONAPI };
  }

  private createSite(req: SimRequest, server: Server): SimResponse {
    if (!this.isReady(server)) return laravelValidation({ server: ['The server is still provisioning.'] });
    const body = asObject(req.body);
    const errors: Record<string, string[]> = {};
    const name = typeof body.name === 'string' ? body.name.toLowerCase() : '';
    if (!name) errors.name = ['The name field is required.'];
    else if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name))
      errors.name = ['The name field must be a valid domain.'];
    else if ([...this.sites.values()].some((s) => s.serverId === server.id && s.name === name))
      errors.name = ['The name has already been taken.'];
    if (!includes(SITE_TYPES, body.type)) errors.type = ['The selected type is invalid.'];
    if (
      body.repository !== undefined &&
      body.repository !== null &&
      !/^[\w.-]+\/[\w.-]+$/.test(String(body.repository))
    ) {
      errors.repository = ['The repository format is invalid.'];
    }
    if (Object.keys(errors).length) return laravelValidation(errors);
    const now = this.clock.now();
    const site: Site = {
      id: this.nextId(),
      serverId: server.id,
      name,
      type: String(body.type),
      repository: typeof body.repository === 'string' ? body.repository : null,
      branch: typeof body.branch === 'string' ? body.branch : null,
      phpVersion: typeof body.php_version === 'string' ? body.php_version : server.phpVersion,
      createdAt: now,
      logs: { application: '', 'nginx-access': '', 'nginx-error': '' },
      environment: `APP_NAME=${name}\nAPP_ENV=production\nAPP_KEY=base64:${pseudoRandom(name)}\n`,
      deployHookToken: pseudoRandom(`${name}-hook`),
    };
    this.sites.set(site.id, site);
    const domainId = this.nextId();
    this.domains.set(domainId, {
      id: domainId,
      siteId: site.id,
      name,
      type: 'primary',
      createdAt: now - DOMAIN_CONNECT_MS,
    });
    this.addEvent(server.id, site.id, `Installing site ${name}`, now, [
      `Creating nginx configuration for ${name}`,
      'Site installed',
    ]);
    return { status: 202, body: { data: this.siteResource(site) }, headers: JSONAPI };
  }

  private deploy(site: Site): SimResponse {
    if (this.clock.now() - site.createdAt < SITE_INSTALL_MS) {
      return laravelValidation({ site: ['The site is still being installed.'] });
    }
    const latest = this.latestDeployment(site.id);
    if (latest && ['queued', 'deploying'].includes(this.deploymentStatus(latest))) {
      return laravelValidation({ site: ['A deployment is already in progress.'] });
    }
    const fails = this.failNextDeployments > 0;
    if (fails) this.failNextDeployments--;
    const id = this.nextId();
    const hash = createHash('sha1').update(`${site.name}-${id}`).digest('hex');
    const deployment: Deployment = {
      id,
      siteId: site.id,
      createdAt: this.clock.now(),
      fails,
      commit: {
        hash,
        author: 'Dana Developer',
        message: fails ? 'Upgrade build tooling' : 'Ship the next release',
        branch: site.branch ?? 'main',
      },
      script: deployScript(site, hash, fails),
    };
    this.deployments.set(id, deployment);
    this.addEvent(site.serverId, site.id, `Deploying ${site.name}`, deployment.createdAt, deployment.script);
    return { status: 202, body: { data: this.deploymentResource(deployment) }, headers: JSONAPI };
  }

  private createDomain(req: SimRequest, site: Site): SimResponse {
    const body = asObject(req.body);
    const errors: Record<string, string[]> = {};
    const name = typeof body.name === 'string' ? body.name.toLowerCase() : '';
    if (!name) errors.name = ['The name field is required.'];
    else if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name))
      errors.name = ['The name field must be a valid domain.'];
    else if (this.siteDomains(site.id).some((d) => d.name === name))
      errors.name = ['The name has already been taken.'];
    if (typeof body.allow_wildcard_subdomains !== 'boolean')
      errors.allow_wildcard_subdomains = ['The allow wildcard subdomains field is required.'];
    if (!includes(WWW_REDIRECT_TYPES, body.www_redirect_type))
      errors.www_redirect_type = ['The selected www redirect type is invalid.'];
    if (Object.keys(errors).length) return laravelValidation(errors);
    const domain: Domain = {
      id: this.nextId(),
      siteId: site.id,
      name,
      type: 'alias',
      createdAt: this.clock.now(),
    };
    this.domains.set(domain.id, domain);
    return { status: 202, body: { data: this.domainResource(domain) }, headers: JSONAPI };
  }

  private createCertificate(req: SimRequest, domain: Domain): SimResponse {
    const body = asObject(req.body);
    const errors: Record<string, string[]> = {};
    if (!['letsencrypt', 'csr', 'existing', 'clone'].includes(String(body.type)))
      errors.type = ['The selected type is invalid.'];
    const le = asObject(body.letsencrypt);
    if (body.type === 'letsencrypt') {
      if (le.verification_method !== undefined && !includes(VERIFICATION_METHODS, le.verification_method)) {
        errors['letsencrypt.verification_method'] = [
          'The selected letsencrypt.verification method is invalid.',
        ];
      }
      if (le.key_type !== undefined && !includes(KEY_TYPES, le.key_type))
        errors['letsencrypt.key_type'] = ['The selected letsencrypt.key type is invalid.'];
    } else if (body.type !== undefined) {
      errors.type = ['Only Let’s Encrypt certificates are available in this environment.'];
    }
    if (Object.keys(errors).length) return laravelValidation(errors);
    const cert: Certificate = {
      id: this.nextId(),
      domainId: domain.id,
      createdAt: this.clock.now(),
      verification: String(le.verification_method ?? 'http-01'),
      keyType: String(le.key_type ?? 'ecdsa'),
      enable: body.enable === true,
    };
    this.certificates.set(cert.id, cert);
    return { status: 202, body: { data: this.certificateResource(cert) }, headers: JSONAPI };
  }

  // ---- derived state -------------------------------------------------------------------------

  private isReady(server: Server): boolean {
    return this.clock.now() - server.createdAt >= PROVISION_MS;
  }

  private deploymentStatus(d: Deployment): string {
    const elapsed = this.clock.now() - d.createdAt;
    if (elapsed < DEPLOY_QUEUE_MS) return 'queued';
    if (elapsed < DEPLOY_QUEUE_MS + DEPLOY_RUN_MS) return 'deploying';
    return d.fails ? 'failed' : 'finished';
  }

  /** The log grows with the deployment: lines appear in proportion to elapsed run time. */
  private deploymentLog(d: Deployment): string {
    const elapsed = this.clock.now() - d.createdAt - DEPLOY_QUEUE_MS;
    if (elapsed <= 0) return '';
    const shown = Math.min(d.script.length, Math.ceil((elapsed / DEPLOY_RUN_MS) * d.script.length));
    return `${d.script.slice(0, shown).join('\n')}\n`;
  }

  private latestDeployment(siteId: number): Deployment | undefined {
    let latest: Deployment | undefined;
    for (const d of this.deployments.values()) {
      if (
        d.siteId === siteId &&
        (!latest || d.createdAt > latest.createdAt || (d.createdAt === latest.createdAt && d.id > latest.id))
      )
        latest = d;
    }
    return latest;
  }

  private siteStatus(site: Site): string {
    if (this.clock.now() - site.createdAt < SITE_INSTALL_MS) return 'installing';
    const latest = this.latestDeployment(site.id);
    if (!latest) return 'never-deployed';
    const status = this.deploymentStatus(latest);
    return status === 'finished' ? 'deployed' : status === 'failed' ? 'failed' : 'deploying';
  }

  private siteLog(site: Site, key: keyof Site['logs']): string {
    // Successful deployments append a line to the application log, so "follow" has something new.
    const extra = [...this.deployments.values()]
      .filter((d) => d.siteId === site.id && key === 'application' && this.deploymentStatus(d) === 'finished')
      .map(
        (d) =>
          `[${iso(d.createdAt + DEPLOY_QUEUE_MS + DEPLOY_RUN_MS)}] production.INFO: Release ${d.commit.hash.slice(0, 7)} is live.`,
      );
    const base = site.logs[key];
    return extra.length ? `${base}${extra.join('\n')}\n` : base;
  }

  private siteDomains(siteId: number): Domain[] {
    return [...this.domains.values()].filter((d) => d.siteId === siteId);
  }

  private domainStatus(d: Domain): string {
    const elapsed = this.clock.now() - d.createdAt;
    if (elapsed < DOMAIN_CONNECT_MS / 2) return 'pending';
    if (elapsed < DOMAIN_CONNECT_MS) return 'connecting';
    const cert = [...this.certificates.values()].find(
      (c) => c.domainId === d.id && this.certRequestStatus(c) !== 'created',
    );
    return cert ? 'securing' : 'enabled';
  }

  private certRequestStatus(c: Certificate): string {
    const domain = this.domains.get(c.domainId);
    // Validation cannot start before the domain is connected.
    const start = Math.max(c.createdAt, (domain?.createdAt ?? 0) + DOMAIN_CONNECT_MS);
    const elapsed = this.clock.now() - start;
    if (elapsed < CERT_VERIFY_MS) return 'verifying';
    if (elapsed < CERT_VERIFY_MS + CERT_CREATE_MS) return 'creating';
    return 'created';
  }

  // ---- serialization -------------------------------------------------------------------------

  private organizationResource() {
    return res('organizations', this.organization.id, {
      name: this.organization.name,
      slug: this.organization.slug,
      created_at: iso(0),
      updated_at: iso(0),
    });
  }

  private serverResource(s: Server) {
    const ready = this.isReady(s);
    return {
      ...res('servers', s.id, {
        id: s.id,
        credential_id:
          s.provider === 'custom'
            ? null
            : (FORGE_SEED.credentials.find((c) => c.provider === s.provider)?.id ?? null),
        name: s.name,
        slug: s.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        type: s.type,
        ubuntu_version: s.ubuntuVersion,
        ssh_port: 22,
        provider: s.provider,
        identifier: ready ? `vm-${s.id}` : null,
        size: s.size,
        region: s.region,
        php_version: s.phpVersion,
        php_cli_version: s.phpVersion,
        opcache_status: null,
        database_type: s.databaseType,
        db_status: ready && s.databaseType ? 'installed' : null,
        redis_status: ready ? 'installed' : null,
        ip_address: ready || s.provider === 'custom' ? s.ip : null,
        private_ip_address: ready ? `10.0.0.${s.id % 250}` : null,
        revoked: false,
        created_at: iso(s.createdAt),
        updated_at: iso(s.createdAt),
        connection_status: !ready ? 'connecting' : this.isRebooting(s) ? 'rebooting' : 'successful',
        timezone: 'UTC',
        local_public_key: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${s.id} worker@forge`,
        is_ready: ready,
      }),
      relationships: { tags: { data: [] } },
    };
  }

  private siteResource(s: Site) {
    const latest = this.latestDeployment(s.id);
    const aliases = this.siteDomains(s.id)
      .filter((d) => d.type === 'alias')
      .map((d) => d.name);
    const hasCert = this.siteDomains(s.id).some((d) =>
      [...this.certificates.values()].some(
        (c) => c.domainId === d.id && c.enable && this.certRequestStatus(c) === 'created',
      ),
    );
    return {
      ...res('sites', s.id, {
        name: s.name,
        status: this.siteStatus(s),
        url: `${hasCert ? 'https' : 'http'}://${s.name}`,
        user: 'forge',
        https: hasCert,
        web_directory: '/public',
        root_directory: '/',
        aliases,
        php_version: null,
        deployment_status: latest ? this.deploymentStatus(latest) : null,
        quick_deploy: false,
        isolated: false,
        shared_paths: {},
        repository: {
          provider: s.repository ? 'github' : 'custom',
          url: s.repository,
          branch: s.branch,
          status: s.repository ? 'installed' : null,
        },
        database: null,
        maintenance_mode: { enabled: false, status: null },
        zero_downtime_deployments: true,
        deployment_retention: 4,
        deployment_script: null,
        wildcards: false,
        app_type: APP_TYPES[s.type] ?? 'Custom',
        uses_envoyer: false,
        // The deploy hook URL embeds a secret token; clients must not pass it on.
        deployment_url: `https://forge.laravel.com/servers/${s.serverId}/sites/${s.id}/deploy/http?token=${s.deployHookToken}`,
        healthcheck_url: null,
        created_at: iso(s.createdAt),
        updated_at: iso(s.createdAt),
      }),
      relationships: {
        server: { data: { type: 'servers', id: String(s.serverId) } },
        tags: { data: [] },
        latestDeployment: { data: latest ? { type: 'deployments', id: String(latest.id) } : null },
      },
    };
  }

  private deploymentResource(d: Deployment) {
    const status = this.deploymentStatus(d);
    const done = status === 'finished' || status === 'failed';
    return {
      ...res('deployments', d.id, {
        commit: d.commit,
        type: 'api',
        status,
        started_at: iso(d.createdAt + DEPLOY_QUEUE_MS),
        ended_at: done ? iso(d.createdAt + DEPLOY_QUEUE_MS + DEPLOY_RUN_MS) : null,
        created_at: iso(d.createdAt),
        updated_at: iso(this.clock.now()),
      }),
      relationships: { site: { data: { type: 'sites', id: String(d.siteId) } } },
    };
  }

  private domainResource(d: Domain) {
    return res('domainRecords', d.id, {
      name: d.name,
      type: d.type,
      status: this.domainStatus(d),
      www_redirect_type: 'none',
      allow_wildcard_subdomains: false,
      created_at: iso(d.createdAt),
      updated_at: iso(d.createdAt),
    });
  }

  private certificateResource(c: Certificate) {
    const requestStatus = this.certRequestStatus(c);
    const created = requestStatus === 'created';
    return {
      id: String(c.id),
      type: 'certificates',
      attributes: {
        type: 'letsencrypt',
        verification_method: c.verification,
        key_type: c.keyType,
        preferred_chain: null,
        request_status: requestStatus,
        status: created ? 'installed' : 'installing',
        active: created && c.enable,
        created_at: iso(c.createdAt),
        updated_at: iso(created ? c.createdAt + CERT_VERIFY_MS + CERT_CREATE_MS : c.createdAt),
      },
    };
  }

  private eventResource(e: Event) {
    return {
      ...res('events', e.id, {
        description: e.description,
        ran_as: 'root',
        created_at: iso(e.createdAt),
        updated_at: iso(e.createdAt),
      }),
      relationships: {
        initiator: { data: null },
        site: { data: e.siteId ? { type: 'sites', id: String(e.siteId) } : null },
      },
    };
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Cursor pagination as Forge does it: page[size] (default 30) and an opaque page[cursor]. */
  private page(req: SimRequest, items: unknown[]): SimResponse {
    const sizeParam = req.query.get('page[size]');
    const size = sizeParam === null ? 30 : Number(sizeParam);
    if (!Number.isInteger(size) || size < 1 || size > this.maxPageSize)
      return laravelValidation({
        'page.size': [`The page.size must be between 1 and ${this.maxPageSize}.`],
      });
    const cursor = req.query.get('page[cursor]');
    let offset = 0;
    if (cursor) {
      try {
        offset = JSON.parse(Buffer.from(cursor, 'base64url').toString()).offset;
      } catch {
        return laravelValidation({ cursor: ['The cursor is invalid.'] });
      }
      if (!Number.isInteger(offset) || offset < 0)
        return laravelValidation({ cursor: ['The cursor is invalid.'] });
    }
    const slice = items.slice(offset, offset + size);
    const next =
      offset + size < items.length
        ? Buffer.from(JSON.stringify({ offset: offset + size })).toString('base64url')
        : null;
    const prev =
      offset > 0
        ? Buffer.from(JSON.stringify({ offset: Math.max(0, offset - size) })).toString('base64url')
        : null;
    const path = `https://forge.laravel.com${req.path}`;
    return {
      status: 200,
      headers: JSONAPI,
      body: {
        data: slice,
        links: {
          first: null,
          last: null,
          prev: prev ? `${path}?page[cursor]=${prev}` : null,
          next: next ? `${path}?page[cursor]=${next}` : null,
        },
        meta: { path, per_page: size, next_cursor: next, prev_cursor: prev },
      },
    };
  }

  /** spatie/laravel-query-builder style partial filters: filter[field]=value matches substrings. */
  private filter<T>(req: SimRequest, items: T[], fields: Record<string, (item: T) => string>): T[] {
    return items.filter((item) =>
      Object.entries(fields).every(([field, read]) => {
        const wanted = req.query.get(`filter[${field}]`);
        return wanted === null || read(item).toLowerCase().includes(wanted.toLowerCase());
      }),
    );
  }

  private withServer(req: SimRequest, handler: (server: Server) => SimResponse): SimResponse {
    const server = this.servers.get(Number(req.params.server));
    return server ? handler(server) : modelNotFound('Server', req.params.server);
  }

  private withSite(req: SimRequest, handler: (site: Site) => SimResponse, checkServer = true): SimResponse {
    const site = this.sites.get(Number(req.params.site));
    if (!site || (checkServer && String(site.serverId) !== req.params.server))
      return modelNotFound('Site', req.params.site);
    return handler(site);
  }

  private withDeployment(req: SimRequest, handler: (d: Deployment) => SimResponse): SimResponse {
    return this.withSite(req, (site) => {
      const d = this.deployments.get(Number(req.params.deployment));
      return d && d.siteId === site.id ? handler(d) : modelNotFound('Deployment', req.params.deployment);
    });
  }

  private withDomain(req: SimRequest, handler: (d: Domain) => SimResponse): SimResponse {
    return this.withSite(req, (site) => {
      const d = this.domains.get(Number(req.params.domainRecord));
      return d && d.siteId === site.id ? handler(d) : modelNotFound('DomainRecord', req.params.domainRecord);
    });
  }

  private nextId(): number {
    this.ids += 1;
    return this.ids;
  }

  private addEvent(
    serverId: number,
    siteId: number | null,
    description: string,
    createdAt: number,
    output: string[],
  ): void {
    this.events.push({
      id: this.nextId(),
      serverId,
      siteId,
      description,
      createdAt,
      output: `${output.join('\n')}\n`,
    });
  }

  private seed(): void {
    const now = this.clock.now();
    const day = 86_400_000;
    const servers = new Map<string, SeedServer>();
    for (const seed of FORGE_SEED.servers) {
      servers.set(seed.name, seed);
      this.servers.set(seed.id, {
        id: seed.id,
        name: seed.name,
        provider: seed.provider,
        type: 'app',
        region: seed.region,
        size: seed.size,
        phpVersion: 'php83',
        databaseType: 'mysql84',
        ubuntuVersion: '24.04',
        ip: seed.ip,
        createdAt: now - 90 * day,
        logs: seed.logs,
      });
      this.addEvent(seed.id, null, 'Provisioning server', now - 90 * day, ['Server is ready']);
    }
    for (const seed of FORGE_SEED.sites) this.seedSite(seed, now - 60 * day);
    for (const seed of FORGE_SEED.databases) {
      this.databases.set(seed.id, { ...seed, createdAt: now - 60 * day, updatedAt: now - 60 * day });
    }
    for (const seed of FORGE_SEED.backupConfigurations) this.backupConfigurations.set(seed.id, { ...seed });
    for (const seed of FORGE_SEED.backups)
      this.backups.set(seed.id, { ...seed, createdAt: now - seed.ageDays * day });
    this.ids = Math.max(this.ids, 5000);
  }

  private seedSite(seed: SeedSite, createdAt: number): void {
    this.sites.set(seed.id, {
      id: seed.id,
      serverId: seed.serverId,
      name: seed.name,
      type: seed.type,
      repository: seed.repository,
      branch: seed.branch,
      phpVersion: 'php83',
      createdAt,
      logs: seed.logs,
      environment: seed.environment,
      deployHookToken: seed.deployHookToken,
    });
    this.domains.set(seed.id * 10, {
      id: seed.id * 10,
      siteId: seed.id,
      name: seed.name,
      type: 'primary',
      createdAt,
    });
    if (seed.certificate) {
      this.certificates.set(seed.id * 10 + 1, {
        id: seed.id * 10 + 1,
        domainId: seed.id * 10,
        createdAt,
        verification: 'http-01',
        keyType: 'ecdsa',
        enable: true,
      });
    }
    seed.deployments.forEach((d, index) => {
      const id = seed.id * 100 + index + 1;
      this.deployments.set(id, {
        id,
        siteId: seed.id,
        createdAt: createdAt + (index + 1) * 86_400_000,
        fails: d.fails,
        commit: { hash: d.hash, author: d.author, message: d.message, branch: seed.branch ?? 'main' },
        script: d.log,
      });
    });
  }
}

// ---- module helpers ----------------------------------------------------------------------------

const JSONAPI = { 'content-type': 'application/vnd.api+json' };
const APP_TYPES: Record<string, string> = {
  laravel: 'Laravel',
  symfony: 'Symfony',
  statamic: 'Statamic',
  wordpress: 'WordPress',
  phpmyadmin: 'phpMyAdmin',
  php: 'PHP',
  nextjs: 'Next.js',
  nuxtjs: 'Nuxt.js',
  'static-html': 'Static HTML',
};
const LOG_TYPES = {
  application: 'applicationLogs',
  'nginx-access': 'nginxAccessLogs',
  'nginx-error': 'nginxErrorLogs',
} as const;

function res(type: string, id: number | string, attributes: Record<string, unknown>) {
  return {
    id: String(id),
    type,
    attributes,
    links: { self: { href: `https://forge.laravel.com/api/${type}/${id}` } },
  };
}

function ok(data: unknown): SimResponse {
  return { status: 200, body: { data }, headers: JSONAPI };
}

function forbidden(): SimResponse {
  return { status: 403, body: { message: 'This action is unauthorized.' } };
}

function deployScript(site: Site, hash: string, fails: boolean): string[] {
  const lines = [
    `$ cd /home/forge/${site.name}`,
    `$ git pull origin ${site.branch ?? 'main'}`,
    `From github.com:${site.repository ?? 'example/app'}`,
    ` * branch            ${site.branch ?? 'main'}     -> FETCH_HEAD`,
    `Updating to ${hash.slice(0, 7)}`,
    '$ composer install --no-dev --no-interaction --prefer-dist --optimize-autoloader',
    'Installing dependencies from lock file',
    'Generating optimized autoload files',
    '$ npm ci && npm run build',
  ];
  if (fails) {
    return [
      ...lines,
      'vite v7.1.0 building for production...',
      'error during build:',
      '[vite]: Rollup failed to resolve import "@/components/Chart" from "resources/js/app.js".',
      'npm ERR! code ELIFECYCLE',
      'npm ERR! errno 1',
      'Deployment failed: the build step exited with code 1.',
    ];
  }
  return [
    ...lines,
    'vite v7.1.0 building for production...',
    '✓ 42 modules transformed.',
    '$ php artisan migrate --force',
    'Nothing to migrate.',
    '$ php artisan optimize',
    'Deployment finished.',
  ];
}

/** Membership test for the vendor enums, whatever type the request body carried. */
function includes(values: readonly string[], value: unknown): boolean {
  return typeof value === 'string' && values.includes(value);
}
