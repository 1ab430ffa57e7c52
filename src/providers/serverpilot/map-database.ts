import type { Database } from '../types.js';
import type { SpDatabase } from './schemas.js';

/** A MySQL database of an app, with its one user's name (ServerPilot never returns the password). */
export function mapDatabase(db: SpDatabase): Database {
  return {
    id: db.id,
    name: db.name,
    type: 'mysql',
    // ServerPilot keeps no database status: one that is listed exists on its server.
    status: 'active',
    server_id: db.serverid,
    created_at: null,
    details: { app_id: db.appid, user: db.user.name, user_id: db.user.id },
  };
}
