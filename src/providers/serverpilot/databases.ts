import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { keepPassword, newPassword } from '../kit/password.js';
import type { DatabasesCapability, WriteResult } from '../types.js';
import type { ServerPilotAccount } from './account.js';
import { cap } from './client.js';
import { appOperation, openAction } from './map-action.js';
import { mapDatabase } from './map-database.js';
import * as v from './schemas.js';

/** The reference's limit on a Database User name. */
const USER_MAX = 16;

/**
 * MySQL databases, each belonging to an app and having exactly one Database User. ServerPilot
 * needs the user's password on create: it is made here, known to the redactor before it is sent,
 * and kept only in a 0600 file.
 */
export function serverpilotDatabases(sp: ServerPilotAccount): DatabasesCapability {
  const { account, client, refs, deps } = sp;
  return {
    list: async (ctx, place, query) => {
      const [app, server, databases] = await Promise.all([
        place.site ? refs.app(ctx, { site: place.site, server: place.server }) : undefined,
        place.server && !place.site ? refs.server(ctx, place.server) : undefined,
        client.read('list-databases', {}, v.databases, ctx),
      ]);
      const items = databases
        .filter((db) => (app ? db.appid === app.id : !server || db.serverid === server.id))
        .map(mapDatabase);
      return cap(items, query.limit);
    },
    create: {
      input: z.object({}),
      run: async (ctx, target): Promise<WriteResult> => {
        if (target.type && !/^mysql$/i.test(target.type.trim())) {
          throw new HostingError(
            'invalid_argument',
            `ServerPilot creates MySQL databases only, not ${target.type}.`,
            {
              hint: 'Leave type out (or pass mysql).',
            },
          );
        }
        if (!target.site) {
          throw new HostingError(
            'invalid_argument',
            'A ServerPilot database belongs to an app: pass `site`.',
            {
              hint: `Use ${verb('sites.list')} to pick the app (server narrows it).`,
            },
          );
        }
        const user = target.user ?? userFor(target.name);
        if (user.length > USER_MAX) {
          throw new HostingError(
            'invalid_argument',
            `ServerPilot database user names are at most ${USER_MAX} characters.`,
            {
              hint: 'Pass a shorter `user`.',
            },
          );
        }
        const app = await refs.app(ctx, { site: target.site, server: target.server });
        const password = newPassword(deps.redactor);
        const body = { appid: app.id, name: target.name, user: { name: user, password } };
        // Kept before it is sent: a password that cannot be kept is never set.
        const kept = ctx.dryRun
          ? undefined
          : await keepPassword(deps.secretFiles, `serverpilot-${app.name}-${user}`, user, password);
        const created = await client.write(
          'create-database',
          {},
          body,
          v.database,
          ctx,
          `A database named ${target.name} or a user named ${user} already exists on this app's server: pick other names or use ${verb('databases.list')}.`,
        );
        const actions = created.actionid ? [openAction(created.actionid, app.serverid)] : [];
        return {
          message: `ServerPilot is creating MySQL database ${created.data.name} with user ${user} for app ${app.name}.`,
          operation: actions.length ? appOperation(account, 'database', app.id, actions) : undefined,
          resource: mapDatabase(created.data),
          next_steps: kept ? [kept] : [],
        };
      },
    },
  };
}

/** A user name from the database name: what MySQL and the reference allow, at most 16 characters. */
function userFor(name: string): string {
  const user = name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, USER_MAX);
  if (user.length === 0) {
    throw new HostingError(
      'invalid_argument',
      'Pass `user`: no user name can be made from this database name.',
      {
        hint: `At most ${USER_MAX} letters and digits.`,
      },
    );
  }
  return user;
}
