import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { matchRef, type RefLookup, resolveRef } from '../kit/resolve-ref.js';
import type { CallContext, SiteRef } from '../types.js';
import type { PanelAlphaClient } from './client.js';
import * as v from './schemas.js';

const TITLE = 'PanelAlpha';
/** Cap on records scanned when a name has to be matched client-side. */
const SCAN = 500;
const numeric = (ref: string) => /^\d+$/.test(ref);

/**
 * Turns what the user typed (an id, a name, a domain, an email) into PanelAlpha records: hosting
 * servers by id, name, hostname or IP; instances by id, domain or name; the user a user endpoint
 * acts as; the service an install goes on; the SSL offer to order from. Reads only.
 */
export class PanelAlphaRefs {
  constructor(private readonly client: PanelAlphaClient) {}

  /**
   * The user a user-endpoint call acts as: the `user` argument, else the owner of the record the
   * call is about (acting as anyone else would fail), else the configured default.
   */
  async user(ctx: CallContext, explicit: string | undefined, owner?: string | null): Promise<string> {
    if (explicit) return this.client.resolveUser(explicit, ctx);
    if (owner) return owner;
    return this.client.defaultUserId(ctx);
  }

  server(ctx: CallContext, ref: string): Promise<v.PaServer> {
    return resolveRef(ref, {
      kind: 'server',
      provider: TITLE,
      looksLikeId: numeric,
      fetch: async (id) =>
        (await this.client.get('admin-show-server-details', { id }, v.single(v.server), ctx)).data,
      // The server list has no name filter: names are matched over the list.
      list: async () => (await this.client.list('admin-list-servers', {}, v.server, ctx, SCAN)).items,
      id: (server) => server.id,
      name: (server) => server.name,
      aliases: (server) => [server.hostname, server.ip_address],
    });
  }

  /** A WordPress instance by id, domain or name, optionally on one server. */
  async site(ctx: CallContext, ref: SiteRef): Promise<v.PaInstance> {
    const server = ref.server ? await this.server(ctx, ref.server) : undefined;
    const onServer = (i: v.PaInstance) => !server || !i.server_id || i.server_id === server.id;
    const query = { server_id: server?.id };
    const instances = async (filter?: string) =>
      (
        await this.client.list('admin-list-instances', {}, v.instance, ctx, SCAN, { ...query, filter })
      ).items.filter(onServer);
    const lookup: RefLookup<v.PaInstance> = {
      kind: 'site',
      provider: TITLE,
      looksLikeId: numeric,
      fetch: async (id) => {
        const found = await this.client.instance(id, ctx);
        if (!onServer(found)) throw new HostingError('not_found', `Site ${id} is not on that server.`);
        return found;
      },
      // `filter` is the panel's own search; its exact semantics are undocumented, so a miss is
      // retried over the unfiltered list before giving up.
      list: (wanted) => instances(wanted),
      id: (instance) => instance.id,
      name: (instance) => instance.name || instance.domain,
      aliases: (instance) => [instance.domain, hostOf(instance.url)],
    };
    try {
      return await resolveRef(ref.site, lookup);
    } catch (error) {
      if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
    }
    return matchRef(await instances(), ref.site, lookup);
  }

  /** The service (a user on a plan) an instance is installed on: the one named, else the only active one. */
  async service(
    ctx: CallContext,
    user: string,
    ref: string | undefined,
    serverId: string | undefined,
  ): Promise<v.PaService> {
    const page = await this.client.list('admin-list-user-services', { userId: user }, v.service, ctx, SCAN);
    const services = page.items.filter(
      (s) => !serverId || !s.hosting_account?.server_id || s.hosting_account.server_id === serverId,
    );
    const name = (service: v.PaService) => service.plan?.name ?? `service ${service.id}`;
    if (ref) {
      return matchRef(services, ref, {
        kind: 'service',
        listedBy: 'the PanelAlpha admin area (Users › Services)',
        provider: TITLE,
        id: (service) => service.id,
        name,
        aliases: (service) => [service.hosting_account?.domain, service.hosting_account?.username],
      });
    }
    const active = services.filter((service) => !service.status || /^active$/i.test(service.status));
    if (active.length === 1) return active[0]!;
    const where = serverId ? ` on server ${serverId}` : '';
    throw new HostingError(
      active.length ? 'ambiguous' : 'invalid_argument',
      active.length
        ? `PanelAlpha user ${user} has ${active.length} active services${where}.`
        : `PanelAlpha user ${user} has no active service${where} to install on.`,
      {
        hint: active.length
          ? 'Pass `service` with one of these ids or plan names.'
          : 'Create a service for the user in PanelAlpha (Users › Services), or pass another `user`.',
        details: active.length
          ? {
              candidates: active.map((service) => ({
                id: service.id,
                name: name(service),
                domain: service.hosting_account?.domain ?? undefined,
              })),
            }
          : undefined,
      },
    );
  }

  /** The SSL offer to order from: the one named, the only one, or Let's Encrypt. */
  async sslOffer(ctx: CallContext, user: string, ref: string | undefined): Promise<v.PaSslOffer> {
    const body = await this.client.asUser(user, 'list-ssl-offer', {}, v.single(z.array(v.sslOffer)), ctx);
    const offers = body.data;
    if (ref) {
      return matchRef(offers, ref, {
        kind: 'SSL offer',
        listedBy: 'the PanelAlpha SSL offer',
        provider: TITLE,
        id: (offer) => offer.id,
        name: (offer) => offer.name,
      });
    }
    if (offers.length === 1) return offers[0]!;
    const free = offers.filter((offer) => /let'?s\s*encrypt/i.test(offer.name));
    if (free.length === 1) return free[0]!;
    throw new HostingError(
      offers.length ? 'ambiguous' : 'invalid_argument',
      offers.length
        ? `PanelAlpha offers ${offers.length} kinds of SSL certificate.`
        : 'PanelAlpha offers no SSL certificate to this user.',
      {
        hint: offers.length
          ? 'Pass `ssl_provider` with one of these ids or names.'
          : 'Enable an SSL provider in PanelAlpha (SSL settings) or install a certificate by hand.',
        details: offers.length ? { candidates: offers.map(({ id, name }) => ({ id, name })) } : undefined,
      },
    );
  }
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
