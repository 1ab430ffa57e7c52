import { compact } from '../shared.js';
import type { Database } from '../types.js';
import { engineOfType } from './database-request.js';
import type { CoolifyDatabase } from './schemas.js';

/** A standalone database, allow-listed: its user and first database by name, never a password or URL. */
export function mapDatabase(db: CoolifyDatabase, serverId: string | null = null): Database {
  return {
    id: db.uuid,
    name: db.name,
    type: engineOfType(db.database_type),
    status: db.status || 'unknown',
    server_id: db.destination?.server?.uuid ?? serverId,
    created_at: db.created_at ?? null,
    details: compact({
      image: db.image,
      user:
        db.postgres_user ??
        db.mysql_user ??
        db.mariadb_user ??
        db.mongo_initdb_root_username ??
        db.clickhouse_admin_user,
      database: db.postgres_db ?? db.mysql_database ?? db.mariadb_database,
      public_port: db.is_public ? db.public_port : undefined,
    }),
  };
}
