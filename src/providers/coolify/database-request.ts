import { HostingError } from '../../core/errors.js';
import type { CoolifyOperationId } from './catalog.gen.js';

/**
 * Every engine Coolify's API creates, and the fields of its create body that name the user, its
 * password and the first database. Coolify fills in what is left out (users `postgres`, `mysql`…,
 * passwords it generates); MongoDB's create takes no password at all, so Coolify's own comes back
 * in the answer's connection URL.
 */
interface Engine {
  operation: CoolifyOperationId;
  /** The user Coolify creates when none is named. */
  defaultUser: string;
  userField?: string;
  passwordField?: string;
  databaseField?: string;
}

export const ENGINES = {
  postgresql: {
    operation: 'create-database-postgresql',
    defaultUser: 'postgres',
    userField: 'postgres_user',
    passwordField: 'postgres_password',
    databaseField: 'postgres_db',
  },
  mysql: {
    operation: 'create-database-mysql',
    defaultUser: 'mysql',
    userField: 'mysql_user',
    passwordField: 'mysql_password',
    databaseField: 'mysql_database',
  },
  mariadb: {
    operation: 'create-database-mariadb',
    defaultUser: 'mariadb',
    userField: 'mariadb_user',
    passwordField: 'mariadb_password',
    databaseField: 'mariadb_database',
  },
  mongodb: {
    operation: 'create-database-mongodb',
    defaultUser: 'root',
    userField: 'mongo_initdb_root_username',
  },
  redis: { operation: 'create-database-redis', defaultUser: 'default', passwordField: 'redis_password' },
  keydb: { operation: 'create-database-keydb', defaultUser: 'default', passwordField: 'keydb_password' },
  dragonfly: {
    operation: 'create-database-dragonfly',
    defaultUser: 'default',
    passwordField: 'dragonfly_password',
  },
  clickhouse: {
    operation: 'create-database-clickhouse',
    defaultUser: 'default',
    userField: 'clickhouse_admin_user',
    passwordField: 'clickhouse_admin_password',
  },
} as const satisfies Record<string, Engine>;

export type EngineName = keyof typeof ENGINES;
export const ENGINE_NAMES = Object.keys(ENGINES) as EngineName[];

const ALIASES: Record<string, EngineName> = { postgres: 'postgresql', pg: 'postgresql', mongo: 'mongodb' };

/** The engine a `type` names (default PostgreSQL), or a clear error listing them all. */
export function engineOf(type: string | undefined): EngineName {
  const wanted = (type ?? 'postgresql').trim().toLowerCase();
  const name = Object.hasOwn(ALIASES, wanted) ? ALIASES[wanted]! : wanted;
  if (Object.hasOwn(ENGINES, name)) return name as EngineName;
  throw new HostingError('invalid_argument', `Coolify cannot create a "${type}" database.`, {
    hint: `Types: ${ENGINE_NAMES.join(', ')}.`,
  });
}

/** `standalone-postgresql` → postgresql: the engine of a database Coolify lists. */
export function engineOfType(databaseType: string | null | undefined): string | null {
  return databaseType ? databaseType.replace(/^standalone-/, '') : null;
}

export interface DatabaseRequest {
  operation: CoolifyOperationId;
  body: Record<string, unknown>;
  /** The user whose password is kept, and the password when it is made here (else Coolify makes it). */
  user: string;
  password?: string;
}

/** The create request of one engine: started at once, every field one the operation allows. */
export function databaseRequest(
  engine: EngineName,
  input: {
    name: string;
    user?: string;
    server: string;
    project: string;
    environment: string;
    image?: string;
    password: () => string;
  },
): DatabaseRequest {
  const spec: Engine = ENGINES[engine];
  if (input.user && !spec.userField) {
    throw new HostingError('invalid_argument', `A Coolify ${engine} database has no user to name.`, {
      hint: `Leave user out: ${engine} uses a password only (kept in a file for you).`,
    });
  }
  const password = spec.passwordField ? input.password() : undefined;
  return {
    operation: spec.operation,
    user: input.user ?? spec.defaultUser,
    password,
    body: {
      server_uuid: input.server,
      project_uuid: input.project,
      environment_name: input.environment,
      name: input.name,
      instant_deploy: true,
      ...(input.image ? { image: input.image } : {}),
      ...(spec.userField && input.user ? { [spec.userField]: input.user } : {}),
      ...(spec.passwordField ? { [spec.passwordField]: password } : {}),
      ...(spec.databaseField ? { [spec.databaseField]: input.name } : {}),
    },
  };
}

/** The password in a connection URL (scheme://user:password@host…), decoded; undefined when there is none. */
export function passwordInUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password || undefined;
  } catch {
    return undefined;
  }
}
