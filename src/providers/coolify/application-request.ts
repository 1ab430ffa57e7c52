import { compact } from '../shared.js';
import type { CoolifyOperationId } from './catalog.gen.js';
import { domainForCreate } from './fqdn.js';
import type { CreateSiteInput } from './sites.js';

/** The create operation for the chosen kind and its body: every field is one the operation allows. */
export function applicationRequest(
  input: CreateSiteInput,
  ids: { project: string; server: string },
): { operation: CoolifyOperationId; body: Record<string, unknown> } {
  const common = compact({
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
        operation: 'create-dockerfile-application',
        body: { ...common, dockerfile: Buffer.from(input.dockerfile ?? '', 'utf8').toString('base64') },
      };
    case 'dockerimage':
      return {
        operation: 'create-dockerimage-application',
        body: { ...common, ...splitImage(input.image ?? '') },
      };
    default:
      return {
        operation: 'create-public-application',
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
