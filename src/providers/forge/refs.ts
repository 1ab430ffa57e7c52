import { HostingError } from '../../core/errors.js';
import { resolveRef } from '../kit/resolve-ref.js';
import type { CallContext, SiteRef } from '../types.js';
import type { ForgeClient } from './client.js';
import { mapSite, siteServerId } from './map-site.js';
import * as v from './schemas.js';

const TITLE = 'Laravel Forge';
const numeric = (ref: string) => /^\d+$/.test(ref);

export interface LocatedSite {
  serverId: string;
  site: v.ForgeSite;
}

/** Servers by id, name or IP address; sites by id or domain, optionally within one server. */
export class ForgeRefs {
  constructor(private readonly client: ForgeClient) {}

  server(ctx: CallContext, ref: string): Promise<v.ForgeServer> {
    return resolveRef(ref, {
      kind: 'server',
      provider: TITLE,
      looksLikeId: numeric,
      fetch: async (id) =>
        (await this.client.get('organizations.servers.show', { server: id }, v.single(v.server), ctx)).data,
      list: async (wanted) => {
        const filter = /^[\d.]+$|:/.test(wanted) ? 'filter[ip_address]' : 'filter[name]';
        const page = await this.client.list('organizations.servers.index', {}, v.server, ctx, 100, {
          [filter]: wanted,
        });
        return page.items;
      },
      id: (server) => server.id,
      name: (server) => server.attributes.name,
      aliases: (server) => [server.attributes.ip_address],
    });
  }

  async site(ctx: CallContext, ref: SiteRef): Promise<LocatedSite> {
    const server = ref.server ? await this.server(ctx, ref.server) : undefined;
    const inServer = (site: v.ForgeSite) => !server || (siteServerId(site) ?? server.id) === server.id;
    const site = await resolveRef(ref.site, {
      kind: 'site',
      provider: TITLE,
      looksLikeId: numeric,
      fetch: async (id) => {
        const found = (await this.client.get('organizations.sites.show', { site: id }, v.single(v.site), ctx))
          .data;
        if (!inServer(found)) throw new HostingError('not_found', `Site ${id} is not on that server.`);
        return found;
      },
      list: async (wanted) => {
        const query = { 'filter[name]': wanted };
        const page = server
          ? await this.client.list(
              'organizations.servers.sites.index',
              { server: server.id },
              v.site,
              ctx,
              100,
              query,
            )
          : await this.client.list('organizations.sites.index', {}, v.site, ctx, 100, query);
        return page.items.filter(inServer);
      },
      id: (item) => item.id,
      name: (item) => item.attributes.name,
      aliases: (item) => mapSite(item).domains,
    });
    const serverId = siteServerId(site) ?? server?.id;
    if (!serverId) {
      throw new HostingError(
        'invalid_argument',
        `Forge did not say which server hosts site ${site.attributes.name}.`,
        {
          hint: 'Pass `server` as well.',
        },
      );
    }
    return { serverId, site };
  }
}
