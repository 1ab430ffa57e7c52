import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { keepPassword, newPassword } from '../kit/password.js';
import { parseInput } from '../shared.js';
import type { CallContext, DatabasesCapability, PlaceRef, WriteResult } from '../types.js';
import { type CoolifyAccount, readBack } from './account.js';
import { databaseRequest, engineOf, passwordInUrl } from './database-request.js';
import { controlOperation } from './map-control.js';
import { mapDatabase } from './map-database.js';
import { applicationServerId, serviceServerId } from './map-site.js';
import { IMAGE, pickProject, placementInput } from './placement.js';
import { databasesOn } from './resources.js';
import * as v from './schemas.js';

const createDatabaseInput = z.object({
  ...placementInput,
  image: z
    .string()
    .regex(IMAGE, 'an image reference')
    .max(500)
    .optional()
    .describe('Coolify: image, e.g. postgres:17-alpine.'),
});

/** The server of a database verb: the one named, or the one the named site runs on. */
export async function serverOf(coolify: CoolifyAccount, ctx: CallContext, place: PlaceRef): Promise<string> {
  if (place.server) return place.server;
  const site = await coolify.refs.site(ctx, { site: place.site! });
  const server = site.kind === 'application' ? applicationServerId(site.app) : serviceServerId(site.service);
  if (!server) {
    throw new HostingError('invalid_argument', `Coolify does not say which server ${place.site} is on.`, {
      hint: `Pass \`server\` (${verb('servers.list')}).`,
    });
  }
  return server;
}

/**
 * Standalone databases of every engine Coolify's API creates. A new one starts at once; its
 * password (made here, or by Coolify for MongoDB and read once from its answer) goes to a 0600
 * file and the redactor, never into a result.
 */
export function coolifyDatabases(coolify: CoolifyAccount): DatabasesCapability {
  const { title, account, client, refs, secretFiles, redactor, serviceWindow } = coolify;
  return {
    list: async (ctx, place, query) => {
      const server = await refs.server(ctx, await serverOf(coolify, ctx, place));
      const databases = await databasesOn(coolify, ctx, server.uuid);
      return {
        items: databases.slice(0, query.limit).map((db) => mapDatabase(db, server.uuid)),
        truncated: databases.length > query.limit,
      };
    },
    create: {
      input: createDatabaseInput,
      run: async (ctx, target, raw): Promise<WriteResult> => {
        const input = parseInput(createDatabaseInput, raw, verb('databases.create'), title);
        const engine = engineOf(target.type);
        const [server, project] = await Promise.all([
          serverOf(coolify, ctx, target).then((ref) => refs.server(ctx, ref)),
          pickProject(client, ctx, input.project),
        ]);
        const request = databaseRequest(engine, {
          name: target.name,
          user: target.user,
          server: server.uuid,
          project: project.uuid,
          environment: input.environment,
          image: input.image,
          password: () => newPassword(redactor),
        });
        const label = `coolify-${target.name}-${request.user}`;
        // A password made here is kept before it is sent: one that cannot be kept is never set.
        const kept =
          request.password && !ctx.dryRun
            ? await keepPassword(secretFiles, label, request.user, request.password)
            : undefined;
        const requestedAt = Date.now();
        const created = await client.post(request.operation, {}, request.body, v.createdDatabase, ctx);
        let step = kept;
        if (!request.password) {
          // Coolify made this password; its answer carries it once, in the connection URL.
          const password = passwordInUrl(created.internal_db_url);
          if (created.internal_db_url) redactor.addSecret(created.internal_db_url);
          if (password) redactor.addSecret(password);
          step = password
            ? await keepPassword(secretFiles, label, request.user, password)
            : `Coolify made the password of ${request.user}; it is shown in the Coolify dashboard (the database's General page), not here.`;
        }
        const db = await readBack(
          () => client.get('get-database-by-uuid', { uuid: created.uuid }, v.database, ctx),
          () => v.database.parse({ uuid: created.uuid, name: target.name, status: 'starting' }),
        );
        const resource = mapDatabase(db, server.uuid);
        return {
          message: `Coolify created ${engine} database ${db.name} (${db.uuid}) in ${project.name}/${input.environment} on ${server.name} and is starting it.`,
          resource,
          operation: controlOperation(
            account,
            { resource: 'database', uuid: db.uuid, name: db.name, status: resource.status },
            'running',
            requestedAt,
            Date.now(),
            serviceWindow,
          ),
          next_steps: [
            ...(step ? [step] : []),
            `Other resources reach it inside the server's Docker network at host ${db.uuid}.`,
          ],
        };
      },
    },
  };
}
