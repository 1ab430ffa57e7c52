import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { matchRef } from '../kit/resolve-ref.js';
import type { CallContext, SiteRef } from '../types.js';
import type { CoolifyAccount } from './account.js';
import { applicationServerId, serviceServerId } from './map-site.js';
import { type LocatedSite, looksLikeUuid } from './refs.js';
import * as v from './schemas.js';

/**
 * The resources the everyday operations act on: applications and services (the sites), and
 * standalone databases, which have their own environment variables, start/stop and backups.
 */
export type LocatedResource = LocatedSite | { kind: 'database'; database: v.CoolifyDatabase };

export function resourceUuid(resource: LocatedResource): string {
  return resource.kind === 'application'
    ? resource.app.uuid
    : resource.kind === 'service'
      ? resource.service.uuid
      : resource.database.uuid;
}

export function resourceName(resource: LocatedResource): string {
  return resource.kind === 'application'
    ? resource.app.name
    : resource.kind === 'service'
      ? resource.service.name
      : resource.database.name;
}

/** The server a resource is on, as Coolify nests it; null when absent. */
export function resourceServer(resource: LocatedResource): string | null {
  return resource.kind === 'application'
    ? applicationServerId(resource.app)
    : resource.kind === 'service'
      ? serviceServerId(resource.service)
      : (resource.database.destination?.server?.uuid ?? null);
}

const notFound = <T>(error: unknown): T | undefined => {
  if (error instanceof HostingError && error.code === 'not_found') return undefined;
  throw error;
};

/**
 * An application, service or database named by uuid, name or domain (optionally on one server).
 * Sites and databases are looked up side by side; a name both carry is never guessed between.
 */
export async function locateResource(
  coolify: CoolifyAccount,
  ctx: CallContext,
  ref: SiteRef,
): Promise<LocatedResource> {
  const [site, database] = await Promise.all([
    coolify.refs.site(ctx, ref).catch(notFound<LocatedSite>),
    findDatabase(coolify, ctx, ref).catch(notFound<v.CoolifyDatabase>),
  ]);
  if (site && database) {
    throw new HostingError('ambiguous', `"${ref.site}" names a ${site.kind} and a database on Coolify.`, {
      hint: 'Pass the uuid of the one you mean.',
      details: {
        candidates: [
          { id: resourceUuid(site), name: resourceName(site), kind: site.kind },
          { id: database.uuid, name: database.name, kind: 'database' },
        ],
      },
    });
  }
  if (site) return site;
  if (database) return { kind: 'database', database };
  throw new HostingError('not_found', `Coolify has no application, service or database "${ref.site}".`, {
    hint: `Use ${verb('sites.list')} or ${verb('databases.list')} to see valid names and ids.`,
  });
}

/** The standalone databases Coolify lists, narrowed to one server (by uuid) when given. */
export async function databasesOn(
  coolify: CoolifyAccount,
  ctx: CallContext,
  serverUuid: string | undefined,
): Promise<v.CoolifyDatabase[]> {
  const [databases, scope] = await Promise.all([
    coolify.client.list('list-databases', {}, v.databaseList, ctx),
    serverUuid ? coolify.refs.resourcesOf(ctx, serverUuid) : undefined,
  ]);
  return scope ? databases.filter((db) => scope.has(db.uuid)) : databases;
}

async function findDatabase(
  coolify: CoolifyAccount,
  ctx: CallContext,
  ref: SiteRef,
): Promise<v.CoolifyDatabase> {
  const wanted = ref.site.trim();
  if (looksLikeUuid(wanted) && !ref.server) {
    const found = await coolify.client
      .get('get-database-by-uuid', { uuid: wanted }, v.database, ctx)
      .catch(notFound<v.CoolifyDatabase>);
    if (found) return found;
  }
  const server = ref.server ? (await coolify.refs.server(ctx, ref.server)).uuid : undefined;
  return matchRef(await databasesOn(coolify, ctx, server), wanted, {
    kind: 'database',
    provider: 'Coolify',
    listedBy: verb('databases.list'),
    id: (db) => db.uuid,
    name: (db) => db.name,
  });
}
