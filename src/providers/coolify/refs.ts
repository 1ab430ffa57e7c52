import { HostingError } from '../../core/errors.js';
import { matchRef, type RefLookup, resolveRef } from '../kit/resolve-ref.js';
import type { CallContext, SiteRef } from '../types.js';
import type { CoolifyClient } from './client.js';
import { hostOf, parseDomains } from './fqdn.js';
import { applicationServerId, serviceDomains, serviceServerId } from './map-site.js';
import * as v from './schemas.js';

const TITLE = 'Coolify';

/** Coolify's public ids are lower-case letters and digits (cuid2: 24 of them, older ones 7+). */
export const looksLikeUuid = (ref: string) => /^(?=[a-z]*\d)[a-z0-9]{7,64}$/.test(ref);

export type LocatedSite =
  | { kind: 'application'; app: v.CoolifyApplication }
  | { kind: 'service'; service: v.CoolifyService };

const uuidOf = (site: LocatedSite) => (site.kind === 'application' ? site.app.uuid : site.service.uuid);
const nameOf = (site: LocatedSite) => (site.kind === 'application' ? site.app.name : site.service.name);
const serverOf = (site: LocatedSite) =>
  site.kind === 'application' ? applicationServerId(site.app) : serviceServerId(site.service);

/**
 * Servers by uuid, name or IP; sites (applications and services) by uuid, name or domain,
 * optionally on one server. A uuid is read directly — one request, whatever the size of the
 * team — and only a name is looked up in Coolify's (unpaginated) lists.
 */
export class CoolifyRefs {
  constructor(private readonly client: CoolifyClient) {}

  /** The server as its single read shows it (validation output, proxy, settings). */
  async server(ctx: CallContext, ref: string): Promise<v.CoolifyServer> {
    let read = false;
    const found = await resolveRef(ref, {
      kind: 'server',
      provider: TITLE,
      looksLikeId: looksLikeUuid,
      fetch: async (uuid) => {
        const server = await this.client.get('get-server-by-uuid', { uuid }, v.server, ctx);
        read = true;
        return server;
      },
      list: () => this.client.list('list-servers', {}, v.serverList, ctx),
      id: (server) => server.uuid,
      name: (server) => server.name,
      aliases: (server) => [server.ip],
    });
    return read ? found : this.client.get('get-server-by-uuid', { uuid: found.uuid }, v.server, ctx);
  }

  /**
   * A site among applications and services. Service domains live on their containers, which only
   * the single read returns: they are read when `detailed` is asked for, or when nothing else
   * matched by name.
   */
  async site(ctx: CallContext, ref: SiteRef, detailed = false): Promise<LocatedSite> {
    const server = ref.server ? await this.server(ctx, ref.server) : undefined;
    // A pasted URL ("https://shop.example.com/") names its host.
    const wanted = /^[a-z][a-z0-9+.-]*:\/\//i.test(ref.site) ? (hostOf(ref.site) ?? ref.site) : ref.site;
    let listed: LocatedSite[] = [];
    const lookup: RefLookup<LocatedSite> = {
      kind: 'site',
      provider: TITLE,
      looksLikeId: looksLikeUuid,
      fetch: async (uuid) => {
        const site = await this.fetchSite(ctx, uuid);
        if (server && !(await this.isOn(ctx, site, server.uuid))) {
          throw new HostingError('not_found', `Site ${uuid} is not on server ${server.name}.`);
        }
        return site;
      },
      list: async () => {
        const [apps, services, scope] = await Promise.all([
          this.client.list('list-applications', {}, v.applicationList, ctx),
          this.client.list('list-services', {}, v.serviceList, ctx),
          server ? this.resourcesOf(ctx, server.uuid) : undefined,
        ]);
        listed = [
          ...apps.map((app): LocatedSite => ({ kind: 'application', app })),
          ...services.map((service): LocatedSite => ({ kind: 'service', service })),
        ].filter((site) => !scope || scope.has(uuidOf(site)));
        return listed;
      },
      id: uuidOf,
      name: nameOf,
      aliases: (site) =>
        (site.kind === 'application' ? parseDomains(site.app.fqdn) : serviceDomains(site.service)).map(
          (domain) => domain.host,
        ),
    };
    let found: LocatedSite;
    try {
      found = await resolveRef(wanted, lookup);
    } catch (error) {
      const services = listed.flatMap((site) => (site.kind === 'service' ? [site.service] : []));
      if (!(error instanceof HostingError && error.code === 'not_found') || services.length === 0)
        throw error;
      // Not an application nor a service name: perhaps a domain of a service's container.
      const detailedServices = (await this.serviceDetails(ctx, services)).map(
        (service): LocatedSite => ({ kind: 'service', service }),
      );
      const apps = listed.filter((site) => site.kind === 'application');
      return matchRef([...apps, ...detailedServices], wanted, lookup);
    }
    if (detailed && found.kind === 'service' && !found.service.applications) {
      const service = await this.client.get(
        'get-service-by-uuid',
        { uuid: found.service.uuid },
        v.service,
        ctx,
      );
      return { kind: 'service', service };
    }
    return found;
  }

  /** A site that must be an application; a service gets a clear `unsupported` with what to use. */
  async application(
    ctx: CallContext,
    ref: SiteRef,
    forService: { verb: string; message: string; hint: string },
  ): Promise<v.CoolifyApplication> {
    const site = await this.site(ctx, ref);
    if (site.kind === 'service') {
      throw new HostingError('unsupported', `${site.service.name} is a service. ${forService.message}`, {
        hint: forService.hint,
        details: { tool: forService.verb },
      });
    }
    return site.app;
  }

  /** The single reads of services (their containers and domains); one deleted meanwhile stays as listed. */
  serviceDetails(ctx: CallContext, services: readonly v.CoolifyService[]): Promise<v.CoolifyService[]> {
    return Promise.all(
      services.map((service) =>
        this.client
          .get('get-service-by-uuid', { uuid: service.uuid }, v.service, ctx)
          .catch((error: unknown) => {
            if (error instanceof HostingError && error.code === 'not_found') return service;
            throw error;
          }),
      ),
    );
  }

  /** The uuids of every resource on one server. */
  async resourcesOf(ctx: CallContext, serverUuid: string): Promise<Set<string>> {
    const resources = await this.client.list(
      'get-resources-by-server-uuid',
      { uuid: serverUuid },
      v.resourceList,
      ctx,
    );
    return new Set(resources.map((resource) => resource.uuid));
  }

  /** An application or a service by uuid: the application is tried first, it is the common case. */
  private async fetchSite(ctx: CallContext, uuid: string): Promise<LocatedSite> {
    try {
      return {
        kind: 'application',
        app: await this.client.get('get-application-by-uuid', { uuid }, v.application, ctx),
      };
    } catch (error) {
      if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
    }
    return {
      kind: 'service',
      service: await this.client.get('get-service-by-uuid', { uuid }, v.service, ctx),
    };
  }

  private async isOn(ctx: CallContext, site: LocatedSite, serverUuid: string): Promise<boolean> {
    const host = serverOf(site);
    return host ? host === serverUuid : (await this.resourcesOf(ctx, serverUuid)).has(uuidOf(site));
  }
}
