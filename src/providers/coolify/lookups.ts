import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { matchRef } from '../../core/resolve.js';
import type { CallContext, SiteRef } from '../types.js';
import type { CoolifyClient } from './client.js';
import { hostOf, parseDomains } from './fqdn.js';
import { proxyType, serviceDomains } from './mapping.js';
import * as v from './schemas.js';

/**
 * Resolves what the user named — servers, sites (applications and services), SSH keys, projects —
 * against Coolify's lists. Lists come whole (Coolify does not paginate them), so matching is by
 * uuid first, then name or alias, with candidates listed when a name is ambiguous.
 */

const TITLE = 'Coolify';

export type LocatedSite =
  | { kind: 'application'; app: v.CoolifyApplication }
  | { kind: 'service'; service: v.CoolifyService };

export const serverList = z.array(v.server);
export const applicationList = z.array(v.application);
export const serviceList = z.array(v.service);
const keyList = z.array(v.privateKey);
const projectList = z.array(v.project);
const resourceList = z.array(v.resource);

export class CoolifyLookups {
  constructor(private readonly client: CoolifyClient) {}

  /** A server by uuid, name or IP (Coolify lists every server in one response). */
  async findServer(ctx: CallContext, ref: string): Promise<v.CoolifyServer> {
    const servers = await this.client.get('servers.list', {}, serverList, ctx);
    return matchRef(
      servers.map((server) => ({ id: server.uuid, name: server.name, server })),
      ref,
      { kind: 'server', listTool: 'list_servers', provider: TITLE, aliases: (item) => [item.server.ip] },
    ).server;
  }

  /**
   * A site by uuid, name or domain among applications and services, optionally on one server.
   * Service domains live on their containers, which only the single read returns: they are
   * fetched when `detailed` is asked for, or when nothing else matched.
   */
  async findSite(ctx: CallContext, ref: SiteRef, detailed = false): Promise<LocatedSite> {
    const [apps, services, scope] = await Promise.all([
      this.client.get('applications.list', {}, applicationList, ctx),
      this.client.get('services.list', {}, serviceList, ctx),
      ref.server ? this.findServer(ctx, ref.server).then((s) => this.resourcesOf(ctx, s.uuid)) : undefined,
    ]);
    const inScope = (uuid: string) => !scope || scope.has(uuid);
    // A pasted URL ("https://shop.example.com/") names its host.
    const wanted = /^[a-z][a-z0-9+.-]*:\/\//i.test(ref.site) ? (hostOf(ref.site) ?? ref.site) : ref.site;
    const candidates = (detailedServices: v.CoolifyService[]) => [
      ...apps
        .filter((app) => inScope(app.uuid))
        .map((app) => ({
          id: app.uuid,
          name: app.name,
          hosts: parseDomains(app.fqdn).map((d) => d.host),
          site: { kind: 'application', app } as LocatedSite,
        })),
      ...detailedServices
        .filter((service) => inScope(service.uuid))
        .map((service) => ({
          id: service.uuid,
          name: service.name,
          hosts: serviceDomains(service).map((d) => d.host),
          site: { kind: 'service', service } as LocatedSite,
        })),
    ];
    const options = {
      kind: 'site',
      listTool: 'list_sites',
      provider: TITLE,
      aliases: (c: { hosts: string[] }) => c.hosts,
    };
    let found: LocatedSite;
    try {
      found = matchRef(candidates(services), wanted, options).site;
    } catch (error) {
      if (!(error instanceof HostingError && error.code === 'not_found') || services.length === 0)
        throw error;
      found = matchRef(
        candidates(
          await this.serviceDetails(
            ctx,
            services.filter((s) => inScope(s.uuid)),
          ),
        ),
        wanted,
        options,
      ).site;
      return found;
    }
    if (detailed && found.kind === 'service' && !found.service.applications) {
      return {
        kind: 'service',
        service: await this.client.get('services.get', { uuid: found.service.uuid }, v.service, ctx),
      };
    }
    return found;
  }

  /** Finds a site that must be an application for `tool`; services get a clear `unsupported`. */
  async findApplication(
    ctx: CallContext,
    ref: SiteRef,
    tool: string,
    forService: { message: string; hint: string },
  ): Promise<v.CoolifyApplication> {
    const site = await this.findSite(ctx, ref);
    if (site.kind === 'service') {
      throw new HostingError('unsupported', `${site.service.name} is a service. ${forService.message}`, {
        hint: forService.hint,
        details: { tool },
      });
    }
    return site.app;
  }

  async serviceDetails(ctx: CallContext, services: v.CoolifyService[]): Promise<v.CoolifyService[]> {
    return Promise.all(
      services.map((service) =>
        this.client.get('services.get', { uuid: service.uuid }, v.service, ctx).catch((error: unknown) => {
          // A service deleted between the list and the read is simply shown as listed.
          if (error instanceof HostingError && error.code === 'not_found') return service;
          throw error;
        }),
      ),
    );
  }

  async resourcesOf(ctx: CallContext, serverUuid: string): Promise<Set<string>> {
    const resources = await this.client.get('servers.resources', { uuid: serverUuid }, resourceList, ctx);
    return new Set(resources.map((r) => r.uuid));
  }

  /**
   * Which server hosts each resource. Applications do not name their server in the API (only
   * tokens with read:sensitive see it nested), so this reads every server's resource list.
   */
  async serverIndex(ctx: CallContext): Promise<Map<string, string>> {
    const servers = await this.client.get('servers.list', {}, serverList, ctx);
    const index = new Map<string, string>();
    const lists = await Promise.allSettled(servers.map((s) => this.resourcesOf(ctx, s.uuid)));
    lists.forEach((result, i) => {
      if (result.status !== 'fulfilled') return;
      for (const uuid of result.value) index.set(uuid, servers[i]!.uuid);
    });
    return index;
  }

  /** The SSH key for a new server: by uuid or name, or the only non-git key the team has. */
  async pickKey(ctx: CallContext, ref: string | undefined): Promise<v.CoolifyKey> {
    const keys = await this.client.get('keys.list', {}, keyList, ctx);
    const candidates = keys.map((key) => ({ id: key.uuid, name: key.name, key }));
    const listed = candidates.map(({ id, name }) => ({ id, name }));
    if (ref) {
      try {
        return matchRef(candidates, ref, {
          kind: 'private key',
          listTool: 'Coolify (Keys & Tokens)',
          provider: TITLE,
        }).key;
      } catch (error) {
        if (error instanceof HostingError && error.code === 'not_found') {
          throw new HostingError('not_found', `Coolify has no private key "${ref}".`, {
            hint: keys.length
              ? 'Pass private_key with one of the keys listed in details.'
              : 'Add one in Coolify (Keys & Tokens → Private Keys), then retry.',
            details: { keys: listed },
          });
        }
        throw error;
      }
    }
    const usable = keys.filter((key) => !key.is_git_related);
    if (usable.length === 1) return usable[0]!;
    throw new HostingError(
      usable.length ? 'ambiguous' : 'invalid_argument',
      usable.length
        ? `Coolify has ${usable.length} private keys: pass \`private_key\`.`
        : 'Coolify has no private key for SSH.',
      {
        hint: usable.length
          ? 'Pass private_key with the uuid or name of the key whose public half is on the machine.'
          : 'Add one in Coolify (Keys & Tokens → Private Keys) and put its public key on the machine.',
        details: usable.length ? { keys: listed } : undefined,
      },
    );
  }

  async pickProject(ctx: CallContext, ref: string | undefined): Promise<z.infer<typeof v.project>> {
    const projects = await this.client.get('projects.list', {}, projectList, ctx);
    const candidates = projects.map((project) => ({ id: project.uuid, name: project.name, project }));
    if (ref)
      return matchRef(candidates, ref, { kind: 'project', listTool: 'Coolify (Projects)', provider: TITLE })
        .project;
    if (projects.length === 1) return projects[0]!;
    throw new HostingError(
      projects.length ? 'ambiguous' : 'invalid_argument',
      projects.length
        ? `Coolify has ${projects.length} projects: pass \`project\`.`
        : 'Coolify has no project yet.',
      {
        hint: projects.length
          ? 'Pass project with one of these uuids or names.'
          : 'Create a project in Coolify first.',
        details: projects.length ? { projects: candidates.map(({ id, name }) => ({ id, name })) } : undefined,
      },
    );
  }

  /** Domains without a proxy are ignored by Coolify, so refuse early with the fix. */
  async requireProxy(ctx: CallContext, app: v.CoolifyApplication): Promise<void> {
    const serverUuid = (await this.serverIndex(ctx)).get(app.uuid);
    if (!serverUuid) return;
    const server = await this.client.get('servers.get', { uuid: serverUuid }, v.server, ctx);
    if (proxyType(server) === 'none') {
      throw new HostingError(
        'invalid_argument',
        `Server ${server.name} runs no proxy, so Coolify cannot obtain certificates there.`,
        {
          hint: 'Choose Traefik or Caddy for the server in Coolify (Servers → Proxy), then retry.',
        },
      );
    }
  }
}
