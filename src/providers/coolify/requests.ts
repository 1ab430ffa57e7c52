import { domainForCreate } from './fqdn.js';
import type { CreateServerInput, CreateSiteInput } from './inputs.js';

/** Request bodies for Coolify's create endpoints: only fields each endpoint allows. */

/** CreateServer body; validation is started separately so its outcome can be followed. */
export function serverBody(input: CreateServerInput, privateKeyUuid: string): Record<string, unknown> {
  return definedOnly({
    name: input.name,
    ip: input.ip_address,
    port: input.port,
    user: input.user,
    private_key_uuid: privateKeyUuid,
    proxy_type: input.proxy_type,
    instant_validate: false,
  });
}

/** Builds the create request for the chosen kind; every field is one the endpoint allows. */
export function applicationRequest(
  input: CreateSiteInput,
  ids: { project: string; server: string },
): {
  route: 'applications.create.public' | 'applications.create.dockerfile' | 'applications.create.dockerimage';
  body: Record<string, unknown>;
} {
  const common = definedOnly({
    project_uuid: ids.project,
    server_uuid: ids.server,
    environment_name: input.environment,
    destination_uuid: input.destination_uuid,
    name: input.name,
    domains: input.domain === undefined ? undefined : domainForCreate(input.domain),
    ports_exposes: input.ports_exposes,
  });
  switch (input.kind) {
    case 'dockerfile':
      // Coolify rejects a Dockerfile that is not base64-encoded.
      return {
        route: 'applications.create.dockerfile',
        body: { ...common, dockerfile: Buffer.from(input.dockerfile ?? '', 'utf8').toString('base64') },
      };
    case 'dockerimage':
      return {
        route: 'applications.create.dockerimage',
        body: { ...common, ...splitImage(input.image ?? '') },
      };
    default:
      return {
        route: 'applications.create.public',
        body: {
          ...common,
          git_repository: repositoryUrl(input.repository ?? ''),
          git_branch: input.branch ?? 'main',
          build_pack: input.build_pack,
        },
      };
  }
}

/** owner/name means a GitHub repository; URLs (https or git@) pass through. */
export function repositoryUrl(repository: string): string {
  const trimmed = repository.trim();
  if (/^(https?:\/\/|git@)/i.test(trimmed)) return trimmed;
  return `https://github.com/${trimmed.replace(/\.git$/, '')}`;
}

/** "ghcr.io/acme/app:1.2" → name + tag; a registry port ("host:5000/app") is not a tag. */
export function splitImage(image: string): {
  docker_registry_image_name: string;
  docker_registry_image_tag?: string;
} {
  const trimmed = image.trim();
  if (trimmed.includes('@')) return { docker_registry_image_name: trimmed };
  const colon = trimmed.lastIndexOf(':');
  if (colon > trimmed.lastIndexOf('/')) {
    return {
      docker_registry_image_name: trimmed.slice(0, colon),
      docker_registry_image_tag: trimmed.slice(colon + 1),
    };
  }
  return { docker_registry_image_name: trimmed };
}

export function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
