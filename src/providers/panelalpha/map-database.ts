import { compact } from '../shared.js';
import type { Database } from '../types.js';
import type { PaInstance, PaMysqlDatabase } from './schemas.js';

/**
 * A MySQL database of a hosting account. PanelAlpha knows it by name and reports no status for
 * it: one that is listed exists.
 */
export function mapDatabase(instance: PaInstance, database: PaMysqlDatabase): Database {
  return {
    id: database.name,
    name: database.name,
    type: 'mysql',
    status: 'exists',
    server_id: instance.server_id,
    created_at: null,
    details: compact({
      hosting_account_id: instance.hosting_account_id,
      users: database.users ?? undefined,
      size: database.size,
    }),
  };
}
