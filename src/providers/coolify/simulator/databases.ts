import type { SimRequest, SimResponse, SimRoute } from '../../../simulator/sim-server.js';
import { pseudoRandom } from '../../../simulator/values.js';
import { coolifyApiCatalog } from '../api-catalog.js';
import type { CoolifyOperationId } from '../catalog.gen.js';
import type { SimContext } from './overlay.js';
import type { SeedBackupConfiguration, SeedDatabase } from './seed.js';
import {
  add,
  asObject,
  iso,
  logLines,
  notAllowed,
  notFound,
  ok,
  publicId,
  requireJson,
  validation,
} from './support.js';

const START_MS = 10_000;
const STOP_MS = 3_000;
const RESTARTING_MS = 5_000;
const BACKUP_QUEUE_MS = 2_000;
const BACKUP_RUN_MS = 30_000;

export type Engine =
  | 'postgresql'
  | 'mysql'
  | 'mariadb'
  | 'mongodb'
  | 'redis'
  | 'keydb'
  | 'dragonfly'
  | 'clickhouse';

/** Each engine's credential columns and defaults (Coolify's create_standalone_* helpers). */
const ENGINES: Record<
  Engine,
  {
    image: string;
    port: number;
    scheme: string;
    user?: [field: string, fallback: string];
    password?: string;
    db?: [field: string, fallback: string];
  }
> = {
  postgresql: {
    image: 'postgres:16-alpine',
    port: 5432,
    scheme: 'postgres',
    user: ['postgres_user', 'postgres'],
    password: 'postgres_password',
    db: ['postgres_db', 'postgres'],
  },
  mysql: {
    image: 'mysql:8',
    port: 3306,
    scheme: 'mysql',
    user: ['mysql_user', 'mysql'],
    password: 'mysql_password',
    db: ['mysql_database', 'default'],
  },
  mariadb: {
    image: 'mariadb:11',
    port: 3306,
    scheme: 'mysql',
    user: ['mariadb_user', 'mariadb'],
    password: 'mariadb_password',
    db: ['mariadb_database', 'default'],
  },
  // The create takes no password: Coolify makes the root password itself.
  mongodb: {
    image: 'mongo:7',
    port: 27017,
    scheme: 'mongodb',
    user: ['mongo_initdb_root_username', 'root'],
    db: ['mongo_initdb_database', 'default'],
  },
  redis: { image: 'redis:7.2', port: 6379, scheme: 'redis', password: 'redis_password' },
  keydb: { image: 'eqalpha/keydb:latest', port: 6379, scheme: 'redis', password: 'keydb_password' },
  dragonfly: {
    image: 'docker.dragonflydb.io/dragonflydb/dragonfly',
    port: 6379,
    scheme: 'redis',
    password: 'dragonfly_password',
  },
  clickhouse: {
    image: 'clickhouse/clickhouse-server:25.1',
    port: 9000,
    scheme: 'clickhouse',
    user: ['clickhouse_admin_user', 'default'],
    password: 'clickhouse_admin_password',
  },
};

interface Execution {
  id: number;
  uuid: string;
  /** When the backup job started and wrote its execution row (nothing is listed before). */
  startAt: number;
  fails: boolean;
  size: number;
}

interface BackupConfiguration {
  id: number;
  uuid: string;
  frequency: string;
  enabled: boolean;
  saveS3: boolean;
  databasesToBackup: string | null;
  executions: Execution[];
}

export interface SimDatabase {
  id: number;
  uuid: string;
  name: string;
  engine: Engine;
  serverUuid: string;
  environmentId: number;
  image: string;
  user: string | null;
  password: string;
  db: string | null;
  logs: string[];
  createdAt: number;
  /** The last start, stop or restart, and when; null: running since it was seeded. */
  power: { action: 'start' | 'stop' | 'restart'; at: number } | null;
  backups: BackupConfiguration[];
}

/** What the databases need of the rest of the simulator. */
export interface DatabaseHost {
  /** The server's destination (with the server Coolify nests), or undefined when there is no such server. */
  destination(serverUuid: string): Record<string, unknown> | undefined;
  /** The environment a create names, or the error Coolify answers. */
  environment(body: Record<string, unknown>): { id: number } | SimResponse;
}

const CREATE_OPS = Object.fromEntries(
  (Object.keys(ENGINES) as Engine[]).map((engine) => [
    engine,
    `create-database-${engine}` as CoolifyOperationId,
  ]),
) as Record<Engine, CoolifyOperationId>;

/**
 * Standalone databases of every engine Coolify creates, starting, stopping and restarting over
 * time, with scheduled backups whose runs appear once the backup job starts and finish later.
 */
export class SimDatabases {
  readonly all = new Map<string, SimDatabase>();

  constructor(
    private readonly sim: SimContext,
    private readonly host: DatabaseHost,
    /** When > 0, the next backup runs fail (shared with deployments). */
    private readonly failNext: () => boolean,
  ) {}

  seed(seed: SeedDatabase, environmentId: number, createdAt: number): void {
    const db: SimDatabase = {
      ...seed,
      engine: seed.engine ?? 'postgresql',
      id: this.sim.nextId(),
      environmentId,
      createdAt,
      power: null,
      backups: [],
    };
    for (const configuration of seed.backups ?? [])
      db.backups.push(this.seedBackup(configuration, createdAt));
    this.all.set(db.uuid, db);
  }

  private seedBackup(seed: SeedBackupConfiguration, createdAt: number): BackupConfiguration {
    const now = this.sim.clock.now();
    return {
      id: this.sim.nextId(),
      uuid: seed.uuid,
      frequency: seed.frequency,
      enabled: true,
      saveS3: false,
      databasesToBackup: null,
      executions: seed.executions.map((e, i) => ({
        id: this.sim.nextId(),
        uuid: e.uuid,
        startAt: Math.max(createdAt, now - (seed.executions.length - i) * 86_400_000),
        fails: e.fails,
        size: e.size,
      })),
    };
  }

  routes(): SimRoute[] {
    const { route } = this.sim;
    const withDb = (handler: (db: SimDatabase, req: SimRequest) => SimResponse) => (req: SimRequest) => {
      const db = this.all.get(req.params.uuid ?? '');
      return db ? handler(db, req) : notFound('Database not found.');
    };
    return [
      // The list adds each database's backup configurations with their latest run.
      route('GET', '/databases', 'read', () =>
        ok(
          [...this.all.values()].map((db) => ({
            ...this.json(db),
            backup_configs: db.backups.map((c) => ({
              ...this.configurationJson(db, c),
              latest_log: this.executions(db, c)[0] ?? null,
            })),
          })),
        ),
      ),
      route(
        'GET',
        '/databases/{uuid}',
        'read',
        withDb((db) => ok(this.json(db))),
      ),
      route(
        'GET',
        '/databases/{uuid}/logs',
        'read',
        withDb((db, req) => {
          const lines = logLines(req);
          return typeof lines === 'number' ? ok({ logs: db.logs.slice(-lines).join('\n') }) : lines;
        }),
      ),
      ...(Object.keys(ENGINES) as Engine[]).map((engine) =>
        route('POST', `/databases/${engine}`, 'write', (req) => this.create(engine, req)),
      ),
      route(
        'POST',
        '/databases/{uuid}/start',
        'deploy',
        withDb((db) => this.power(db, 'start')),
      ),
      route(
        'POST',
        '/databases/{uuid}/stop',
        'deploy',
        withDb((db) => this.power(db, 'stop')),
      ),
      route(
        'POST',
        '/databases/{uuid}/restart',
        'deploy',
        withDb((db) => this.power(db, 'restart')),
      ),
      route(
        'GET',
        '/databases/{uuid}/backups',
        'read',
        withDb((db) =>
          ok(
            db.backups.map((c) => ({ ...this.configurationJson(db, c), executions: this.executions(db, c) })),
          ),
        ),
      ),
      route(
        'POST',
        '/databases/{uuid}/backups',
        'write',
        withDb((db, req) => this.createBackup(db, req)),
      ),
      route(
        'PATCH',
        '/databases/{uuid}/backups/{scheduled_backup_uuid}',
        'write',
        withDb((db, req) => this.withConfiguration(db, req, (c) => this.updateBackup(c, req))),
      ),
      route(
        'GET',
        '/databases/{uuid}/backups/{scheduled_backup_uuid}/executions',
        'read',
        withDb((db, req) =>
          this.withConfiguration(db, req, (c) => ok({ executions: this.executions(db, c) })),
        ),
      ),
    ];
  }

  /** The status word Coolify shows now, computed from the last action. */
  status(db: SimDatabase): string {
    if (!db.power) return 'running:healthy';
    const elapsed = this.sim.clock.now() - db.power.at;
    switch (db.power.action) {
      case 'stop':
        return elapsed < STOP_MS ? 'running:healthy' : 'exited';
      case 'restart':
        if (elapsed < RESTARTING_MS) return 'restarting:unknown';
        return elapsed < RESTARTING_MS + START_MS ? 'starting:unknown' : 'running:healthy';
      case 'start':
        return elapsed < START_MS ? 'starting:unknown' : 'running:healthy';
    }
  }

  /** POST /deploy starts a database too. */
  start(db: SimDatabase): void {
    if (!this.status(db).startsWith('running')) db.power = { action: 'start', at: this.sim.clock.now() };
  }

  json(db: SimDatabase) {
    const spec = ENGINES[db.engine];
    const sensitive = this.sim.sensitive();
    return {
      uuid: db.uuid,
      name: db.name,
      description: null,
      database_type: `standalone-${db.engine}`,
      status: this.status(db),
      image: db.image,
      ...(spec.user ? { [spec.user[0]]: db.user } : {}),
      ...(spec.db ? { [spec.db[0]]: db.db } : {}),
      ...(sensitive
        ? {
            ...(spec.password ? { [spec.password]: db.password } : {}),
            ...(db.engine === 'mongodb' ? { mongo_initdb_root_password: db.password } : {}),
            internal_db_url: this.url(db),
          }
        : {}),
      is_public: false,
      public_port: null,
      environment_id: db.environmentId,
      ...this.host.destination(db.serverUuid),
      server_status: true,
      created_at: iso(db.createdAt),
      updated_at: iso(db.power?.at ?? db.createdAt),
    };
  }

  private url(db: SimDatabase): string {
    const spec = ENGINES[db.engine];
    const user = db.user ?? (spec.scheme === 'redis' ? '' : 'default');
    const path =
      db.engine === 'mongodb'
        ? '/?directConnection=true'
        : spec.scheme === 'redis'
          ? '/0'
          : db.db
            ? `/${db.db}`
            : '';
    return `${spec.scheme}://${user}:${encodeURIComponent(db.password)}@${db.uuid}:${spec.port}${path}`;
  }

  private create(engine: Engine, req: SimRequest): SimResponse {
    const invalid = requireJson(req);
    if (invalid) return invalid;
    const body = asObject(req.body);
    const allowed = Object.keys(
      coolifyApiCatalog.operations[CREATE_OPS[engine]].body?.schema.properties ?? {},
    );
    const errors = notAllowed(body, allowed);
    if (typeof body.name === 'string' && body.name.length > 255)
      add(errors, 'name', 'The name field must not be greater than 255 characters.');
    const spec = ENGINES[engine];
    if (spec.password && typeof body[spec.password] === 'string' && /\s/.test(String(body[spec.password])))
      add(errors, spec.password, `The ${spec.password} field must not contain whitespace.`);
    if (Object.keys(errors).length) return validation(errors);
    const environment = this.host.environment(body);
    if ('status' in environment) return environment;
    const serverUuid = String(body.server_uuid);
    if (!this.host.destination(serverUuid)) return notFound('Server not found.');
    const id = this.sim.nextId();
    const uuid = publicId(id);
    const db: SimDatabase = {
      id,
      uuid,
      name: typeof body.name === 'string' && body.name ? body.name : `${engine}-database-${uuid}`,
      engine,
      serverUuid,
      environmentId: environment.id,
      image: typeof body.image === 'string' ? body.image : spec.image,
      user: spec.user
        ? typeof body[spec.user[0]] === 'string'
          ? String(body[spec.user[0]])
          : spec.user[1]
        : null,
      password:
        spec.password && typeof body[spec.password] === 'string'
          ? String(body[spec.password])
          : pseudoRandom(`${uuid}-password`).slice(0, 32),
      db: spec.db ? (typeof body[spec.db[0]] === 'string' ? String(body[spec.db[0]]) : spec.db[1]) : null,
      logs: [`${engine} init process complete; ready for start up.`, 'ready to accept connections'],
      createdAt: this.sim.clock.now(),
      power:
        body.instant_deploy === true
          ? { action: 'start', at: this.sim.clock.now() }
          : { action: 'stop', at: 0 },
      backups: [],
    };
    this.all.set(uuid, db);
    // Coolify answers 201; the document lists only 200, and the simulator answers as it does.
    return ok({ uuid, internal_db_url: this.url(db) });
  }

  private power(db: SimDatabase, action: 'start' | 'stop' | 'restart'): SimResponse {
    const running = this.status(db).startsWith('running');
    if (action === 'start' && running)
      return { status: 400, body: { message: 'Database is already running.' } };
    if (action === 'stop' && this.status(db) === 'exited')
      return { status: 400, body: { message: 'Database is already stopped.' } };
    db.power = { action, at: this.sim.clock.now() };
    const verb = action === 'start' ? 'starting' : action === 'stop' ? 'stopping' : 'restarting';
    return ok({ message: `Database ${verb} request queued.` });
  }

  // ---- backups --------------------------------------------------------------------------------

  private withConfiguration(
    db: SimDatabase,
    req: SimRequest,
    handler: (c: BackupConfiguration) => SimResponse,
  ): SimResponse {
    const configuration = db.backups.find((c) => c.uuid === req.params.scheduled_backup_uuid);
    return configuration ? handler(configuration) : notFound('Backup configuration not found.');
  }

  private createBackup(db: SimDatabase, req: SimRequest): SimResponse {
    const invalid = requireJson(req);
    if (invalid) return invalid;
    const body = asObject(req.body);
    const errors = this.backupErrors(body, 'create-database-backup');
    if (Object.keys(errors).length) return validation(errors);
    const id = this.sim.nextId();
    const configuration: BackupConfiguration = {
      id,
      uuid: publicId(id),
      frequency: String(body.frequency),
      enabled: body.enabled !== false,
      saveS3: body.save_s3 === true,
      databasesToBackup: typeof body.databases_to_backup === 'string' ? body.databases_to_backup : db.db,
      executions: [],
    };
    db.backups.push(configuration);
    if (body.backup_now === true) this.runNow(configuration);
    return {
      status: 201,
      body: { uuid: configuration.uuid, message: 'Backup configuration created successfully.' },
    };
  }

  private updateBackup(configuration: BackupConfiguration, req: SimRequest): SimResponse {
    const invalid = requireJson(req);
    if (invalid) return invalid;
    const body = asObject(req.body);
    const errors = this.backupErrors(body, 'update-database-backup');
    if (Object.keys(errors).length) return validation(errors);
    if (typeof body.frequency === 'string') configuration.frequency = body.frequency;
    if (typeof body.enabled === 'boolean') configuration.enabled = body.enabled;
    if (typeof body.save_s3 === 'boolean') configuration.saveS3 = body.save_s3;
    if (body.backup_now === true) this.runNow(configuration);
    return ok({ message: 'Database backup configuration updated' });
  }

  private backupErrors(body: Record<string, unknown>, id: CoolifyOperationId): Record<string, string[]> {
    const allowed = Object.keys(coolifyApiCatalog.operations[id].body?.schema.properties ?? {});
    const errors = notAllowed(body, allowed);
    if (typeof body.frequency === 'string' && !validFrequency(body.frequency))
      add(errors, 'frequency', 'Invalid cron expression or frequency format.');
    if (body.save_s3 === true && typeof body.s3_storage_uuid !== 'string')
      add(errors, 's3_storage_uuid', 'The s3_storage_uuid field is required when save_s3 is true.');
    return errors;
  }

  /** DatabaseBackupJob is queued; its execution row appears when the job starts. */
  private runNow(configuration: BackupConfiguration): void {
    const id = this.sim.nextId();
    configuration.executions.push({
      id,
      uuid: publicId(id),
      startAt: this.sim.clock.now() + BACKUP_QUEUE_MS,
      fails: this.failNext(),
      size: 0,
    });
  }

  private configurationJson(db: SimDatabase, c: BackupConfiguration) {
    return {
      id: c.id,
      uuid: c.uuid,
      enabled: c.enabled,
      save_s3: c.saveS3,
      frequency: c.frequency,
      database_backup_retention_amount_locally: 0,
      database_backup_retention_days_locally: 0,
      database_type: `App\\Models\\Standalone${db.engine[0]!.toUpperCase()}${db.engine.slice(1)}`,
      database_id: db.id,
      databases_to_backup: c.databasesToBackup,
      dump_all: false,
      timeout: 3600,
      created_at: iso(db.createdAt),
      updated_at: iso(db.createdAt),
    };
  }

  /** The runs that have started, newest first, each running until it finishes. */
  private executions(db: SimDatabase, c: BackupConfiguration) {
    const now = this.sim.clock.now();
    return c.executions
      .filter((e) => e.startAt <= now)
      .sort((a, b) => b.startAt - a.startAt || b.id - a.id)
      .map((e) => {
        const endAt = e.startAt + BACKUP_RUN_MS;
        const done = now >= endAt;
        const status = !done ? 'running' : e.fails ? 'failed' : 'success';
        const size = status === 'success' ? e.size || 1_048_576 + e.id * 4096 : 0;
        const database = c.databasesToBackup ?? db.db ?? db.name;
        return {
          id: e.id,
          uuid: e.uuid,
          scheduled_database_backup_id: c.id,
          status,
          message:
            status === 'failed'
              ? `pg_dump: error: connection to server at "${db.uuid}" failed: FATAL: the database system is shutting down`
              : status === 'success'
                ? 'Backup completed successfully.'
                : '',
          size,
          filename: `/data/coolify/backups/databases/root-team-0/${db.name}-${db.uuid}/pg-dump-${database}-${Math.floor(e.startAt / 1000)}.dmp`,
          database_name: database,
          finished_at: done ? iso(endAt) : null,
          local_storage_deleted: false,
          s3_storage_deleted: false,
          s3_uploaded: c.saveS3 && status === 'success',
          created_at: iso(e.startAt),
          updated_at: iso(done ? endAt : now),
        };
      });
  }
}

const FREQUENCIES = ['every_minute', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'];

function validFrequency(value: string): boolean {
  return FREQUENCIES.includes(value) || /^(\S+\s+){4}\S+$/.test(value.trim());
}
