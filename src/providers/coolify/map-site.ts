import { compact } from '../shared.js';
import type { Site } from '../types.js';
import { type DomainEntry, parseDomains } from './fqdn.js';
import type { CoolifyApplication, CoolifyService, CoolifySubResource } from './schemas.js';

/** The server Coolify nests in an application (see `hostServer` in schemas.ts); null when absent. */
export function applicationServerId(app: CoolifyApplication): string | null {
  return app.destination?.server?.uuid ?? null;
}

/** The server Coolify nests in a service; null when absent. */
export function serviceServerId(service: CoolifyService): string | null {
  return service.server?.uuid ?? null;
}

function uniqueHosts(entries: readonly DomainEntry[]): string[] {
  return [...new Set(entries.map((entry) => entry.host))];
}

/** Git fields of Dockerfile and image apps are placeholders; only apps with a source have a repo. */
function gitBacked(app: CoolifyApplication): boolean {
  return app.source_id !== null && app.source_id !== undefined && app.build_pack !== 'dockerimage';
}

export function imageRef(app: CoolifyApplication): string | undefined {
  if (!app.docker_registry_image_name) return undefined;
  const tag = app.docker_registry_image_tag;
  return tag ? `${app.docker_registry_image_name}:${tag}` : app.docker_registry_image_name;
}

/** An application, allow-listed: env values, webhook secrets and basic-auth passwords stay out. */
export function mapApplication(app: CoolifyApplication, serverId = applicationServerId(app)): Site {
  const domains = parseDomains(app.fqdn);
  const git = gitBacked(app);
  return {
    id: app.uuid,
    name: app.name,
    server_id: serverId,
    domains: uniqueHosts(domains),
    status: app.status || 'unknown',
    url: domains[0]?.public ?? null,
    https: domains[0] ? domains[0].https : null,
    repository: git ? (app.git_repository ?? null) : null,
    branch: git ? (app.git_branch ?? null) : null,
    created_at: app.created_at ?? null,
    details: compact({
      kind: 'application',
      build_pack: app.build_pack,
      image: imageRef(app),
      ports_exposes: app.ports_exposes,
      commit: git && app.git_commit_sha && app.git_commit_sha !== 'HEAD' ? app.git_commit_sha : undefined,
      description: app.description || undefined,
    }),
  };
}

/** A service's domains live on its containers, which only the single read returns. */
export function serviceDomains(service: CoolifyService): DomainEntry[] {
  return (service.applications ?? []).flatMap((sub) => parseDomains(sub.fqdn));
}

/** A one-click service, allow-listed: its compose file and env values stay out. */
export function mapService(service: CoolifyService): Site {
  const domains = serviceDomains(service);
  const names = (list: CoolifySubResource[] | null | undefined) =>
    list?.length ? list.map((sub) => sub.name) : undefined;
  return {
    id: service.uuid,
    name: service.name,
    server_id: serviceServerId(service),
    domains: uniqueHosts(domains),
    status: service.status || 'unknown',
    url: domains[0]?.public ?? null,
    https: domains[0] ? domains[0].https : null,
    repository: null,
    branch: null,
    created_at: service.created_at ?? null,
    details: compact({
      kind: 'service',
      service_type: service.service_type,
      containers: names(service.applications),
      databases: names(service.databases),
      description: service.description || undefined,
    }),
  };
}

/** Coolify's aggregated container status, e.g. "running:healthy", "exited", "degraded:unhealthy". */
export function isRunning(status: string | null | undefined): boolean {
  return Boolean(status?.startsWith('running'));
}
