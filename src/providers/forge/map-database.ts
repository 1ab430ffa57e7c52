import { compact } from '../shared.js';
import type { Database } from '../types.js';
import type { ForgeDatabase } from './schemas.js';

export function mapDatabase(serverId: string, database: ForgeDatabase, type: string | null): Database {
  const a = database.attributes;
  return {
    id: database.id,
    name: a.name,
    type,
    status: a.status ?? 'unknown',
    server_id: serverId,
    created_at: a.created_at ?? null,
    details: compact({ updated_at: a.updated_at }),
  };
}
