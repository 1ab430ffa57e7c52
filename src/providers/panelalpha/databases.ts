import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { keepPassword, newPassword } from '../kit/password.js';
import type { DatabasesCapability, WriteResult } from '../types.js';
import type { PanelAlphaAccount } from './account.js';
import { mapDatabase } from './map-database.js';
import { hostingAccountOf, siteOfPlace } from './place.js';
import * as v from './schemas.js';

const databaseList = v.single(z.array(v.mysqlDatabase));

/**
 * MySQL databases of the hosting account a WordPress site is on, created as the site's owner. A
 * new user gets a password made here, known to the redactor before it is sent, kept only in a
 * 0600 file, and access to the new database (the user is created with it).
 */
export function panelalphaDatabases(pa: PanelAlphaAccount): DatabasesCapability {
  const { client } = pa;
  return {
    list: async (ctx, place, query) => {
      const { instance, user } = await siteOfPlace(pa, ctx, place, 'databases');
      const params = { id: hostingAccountOf(instance) };
      const found = await client.asUser(user, 'list-mysql-databases', { params }, databaseList, ctx);
      const items = found.data.map((database) => mapDatabase(instance, database));
      return { items: items.slice(0, query.limit), truncated: items.length > query.limit };
    },
    create: {
      input: z.object({}),
      run: async (ctx, target): Promise<WriteResult> => {
        if (target.type && !/^(mysql|mariadb)$/i.test(target.type.trim())) {
          throw new HostingError(
            'invalid_argument',
            `PanelAlpha creates MySQL databases only, not ${target.type}.`,
            {
              hint: 'Leave type out (or pass mysql).',
            },
          );
        }
        const { instance, user } = await siteOfPlace(pa, ctx, target, 'databases');
        const params = { id: hostingAccountOf(instance) };
        const created = await client.asUser(
          user,
          'create-mysql-database',
          { params, body: { name: target.name } },
          v.single(v.mysqlDatabase),
          ctx,
        );
        const database = created.data;
        const where = `hosting account ${params.id} (site ${instance.domain})`;
        if (!target.user) {
          return {
            message: `PanelAlpha created MySQL database ${database.name} on ${where}.`,
            resource: mapDatabase(instance, database),
          };
        }
        const password = newPassword(pa.redactor);
        await client.asUser(
          user,
          'create-mysql-user',
          { params, body: { name: target.user, password, database: database.name } },
          v.single(v.mysqlUser),
          ctx,
        );
        const kept = await keepPassword(
          pa.secretFiles,
          `panelalpha-${instance.domain}-${target.user}`,
          target.user,
          password,
        );
        return {
          message: `PanelAlpha created MySQL database ${database.name} and user ${target.user} with access to it on ${where}.`,
          resource: mapDatabase(instance, database),
          next_steps: [kept],
        };
      },
    },
  };
}
