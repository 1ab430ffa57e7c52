import { z } from 'zod';

/**
 * Arguments of PanelAlpha's write verbs. Names shared with other providers (`name`, `domain`)
 * mean the same thing; PanelAlpha-only arguments say so in their description. No verb takes a
 * password: PanelAlpha generates the WordPress admin password, and SSO is the way in.
 */

const userArg = z
  .string()
  .min(1)
  .max(254)
  .optional()
  .describe('PanelAlpha: user id or email to act as (default: site owner, else PANELALPHA_USER_ID).');

const domain = z
  .string()
  .min(3)
  .max(253)
  .regex(/^(?!-)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, 'must be a domain name, e.g. example.com');

/** Add server (POST api/admin/servers): attaches an existing hosting panel to PanelAlpha. */
export const createServerInput = z.object({
  name: z.string().min(1).max(255).describe('Server name.'),
  server_type: z
    .string()
    .min(1)
    .max(64)
    .describe('PanelAlpha: hosting server type, e.g. cpanel, plesk, directadmin.'),
  connection_config: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .describe('PanelAlpha: connection settings of that type (host, port, username, token…).'),
  server_groups: z
    .array(z.number().int().positive())
    .max(50)
    .default([])
    .describe('PanelAlpha: server group ids to join.'),
});
export type CreateServerInput = z.infer<typeof createServerInput>;

/** Create instance (POST api/instances/install). */
export const createSiteInput = z
  .object({
    name: z.string().min(1).max(255).describe('PanelAlpha: WordPress site title.'),
    domain: domain.optional().describe('Site domain.'),
    service: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe('PanelAlpha: service id or plan name to install on (default: the user’s only one).'),
    install_type: z
      .enum(['clean', 'from_template', 'clone'])
      .default('clean')
      .describe('PanelAlpha: clean (default), from_template or clone.'),
    template_id: z.number().int().positive().optional().describe('PanelAlpha: template id (from_template).'),
    clone_from: z.string().min(1).max(253).optional().describe('PanelAlpha: site id or domain to clone.'),
    protocol: z
      .enum(['https://', 'http://'])
      .default('https://')
      .describe('PanelAlpha: https:// (default) or http://.'),
    dir: z
      .string()
      .max(255)
      .regex(/^[A-Za-z0-9_/-]*$/, 'letters, digits, -, _ and / only')
      .optional()
      .describe('PanelAlpha: sub-directory to install into.'),
    version: z.string().max(20).optional().describe('PanelAlpha: WordPress version (default latest).'),
    language: z.string().max(20).optional().describe('PanelAlpha: WordPress locale, e.g. en_US.'),
    admin_username: z.string().min(1).max(60).optional().describe('PanelAlpha: WordPress admin username.'),
    // A refinement, not z.email(): its long pattern would land in every client's tool list.
    admin_email: z
      .string()
      .max(254)
      .refine((value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'must be an email address')
      .optional()
      .describe('PanelAlpha: WordPress admin email.'),
    user: userArg.describe('PanelAlpha: user id or email to act as (default PANELALPHA_USER_ID).'),
  })
  .superRefine((input, ctx) => {
    if (input.install_type === 'from_template' && input.template_id === undefined)
      ctx.addIssue({ code: 'custom', path: ['template_id'], message: 'required for from_template' });
    if (input.install_type === 'clone' && !input.clone_from)
      ctx.addIssue({ code: 'custom', path: ['clone_from'], message: 'required for clone' });
  });
export type CreateSiteInput = z.infer<typeof createSiteInput>;

/** Push staging to live (PUT api/instances/{id}/push-to-live) or create the staging copy first. */
export const deployInput = z.object({
  create_staging: z
    .boolean()
    .default(false)
    .describe('PanelAlpha: create the staging copy instead of pushing it to live.'),
  staging_domain: domain
    .optional()
    .describe('PanelAlpha: staging domain (create_staging; default staging.<domain>).'),
  staging_dir: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, - and _ only')
    .optional()
    .describe('PanelAlpha: staging sub-directory (create_staging).'),
  user: userArg,
});
export type DeployInput = z.infer<typeof deployInput>;

/** Order SSL certificate (POST api/server-accounts/{id}/ssl/certificates/order). */
export const issueCertificateInput = z.object({
  domain: domain.optional().describe('Domain to secure (default: the site’s domain).'),
  ssl_provider: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("PanelAlpha: SSL offer id or name (default: the only one, else Let's Encrypt)."),
  user: userArg,
});
export type IssueCertificateInput = z.infer<typeof issueCertificateInput>;
