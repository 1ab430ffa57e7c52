import { z } from 'zod';

/**
 * Arguments of the Coolify write verbs. Names match Forge where the meaning is the same (name,
 * ip_address, domain, repository, branch); Coolify-only fields say so in their description.
 */

export const createServerInput = z.object({
  name: z.string().min(1).max(255).describe('Server name.'),
  ip_address: z.string().min(1).max(253).describe('IP address or hostname of your machine.'),
  private_key: z
    .string()
    .min(1)
    .optional()
    .describe('Coolify: SSH key (uuid or name) from Keys & Tokens (default: the only key).'),
  user: z.string().min(1).max(64).optional().describe('Coolify: SSH user (default root).'),
  port: z.number().int().min(1).max(65535).optional().describe('Coolify: SSH port (default 22).'),
  proxy_type: z
    .enum(['traefik', 'caddy', 'none'])
    .optional()
    .describe('Coolify: reverse proxy (default traefik; none = no domains/TLS).'),
  install: z
    .boolean()
    .optional()
    .describe('Coolify: let validation install Docker if missing (may restart Docker).'),
});
export type CreateServerInput = z.infer<typeof createServerInput>;

const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]*$/i;

export const createSiteInput = z
  .object({
    kind: z
      .enum(['public', 'dockerfile', 'dockerimage'])
      .default('public')
      .describe('Coolify: public (public git repo, default), dockerfile or dockerimage.'),
    domain: z.string().min(3).max(253).optional().describe('Site domain.'),
    name: z.string().min(1).max(255).optional().describe('Coolify: application name.'),
    repository: z.string().min(3).max(500).optional().describe('Git repository, owner/name.'),
    branch: z.string().min(1).max(255).optional().describe('Git branch (default main).'),
    build_pack: z
      .enum(['nixpacks', 'railpack', 'static', 'dockerfile', 'dockercompose'])
      .default('nixpacks')
      .describe('Coolify: build pack for git apps (default nixpacks).'),
    ports_exposes: z
      .string()
      .regex(/^\d+(,\d+)*$/, 'comma-separated port numbers')
      .optional()
      .describe('Coolify: port(s) the app listens on, e.g. 3000.'),
    dockerfile: z
      .string()
      .min(1)
      .max(100_000)
      .optional()
      .describe('Coolify: Dockerfile content (kind dockerfile).'),
    image: z
      .string()
      .regex(IMAGE, 'an image reference')
      .max(500)
      .optional()
      .describe('Coolify: image, e.g. nginx:1.27.'),
    project: z.string().min(1).optional().describe('Coolify: project uuid or name (default: the only one).'),
    environment: z
      .string()
      .min(1)
      .max(255)
      .default('production')
      .describe('Coolify: environment name (default production).'),
    destination_uuid: z
      .string()
      .min(1)
      .optional()
      .describe('Coolify: Docker network uuid, if the server has several.'),
  })
  .superRefine((input, ctx) => {
    const need = (field: 'repository' | 'dockerfile' | 'image') => {
      if (!input[field])
        ctx.addIssue({ code: 'custom', path: [field], message: `required for kind ${input.kind}` });
    };
    if (input.kind === 'public') need('repository');
    if (input.kind === 'dockerfile') need('dockerfile');
    if (input.kind === 'dockerimage') need('image');
  });
export type CreateSiteInput = z.infer<typeof createSiteInput>;

export const deployInput = z.object({
  force: z.boolean().optional().describe('Coolify: rebuild without cache (services: pull latest images).'),
});

export const issueCertificateInput = z.object({
  domain: z
    .string()
    .min(3)
    .max(253)
    .optional()
    .describe('Domain to secure (default: the site’s primary domain).'),
  restart: z
    .boolean()
    .optional()
    .describe('Coolify: restart the app so its proxy applies the domain (default: if it changed).'),
});
