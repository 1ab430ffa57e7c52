import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { compact, parseInput } from '../shared.js';
import type { CallContext, SitesCapability, WriteResult } from '../types.js';
import { intId, newest, type PanelAlphaAccount } from './account.js';
import { domainArg, userArg } from './inputs.js';
import { instanceOperation, mapSite } from './map-site.js';
import * as v from './schemas.js';

/**
 * Create instance (create-instance). No argument takes a password: PanelAlpha generates the
 * WordPress admin password, and SSO is the way in.
 */
const createSiteInput = z
  .object({
    name: z.string().min(1).max(255).describe('PanelAlpha: WordPress site title.'),
    domain: domainArg.optional().describe('Site domain.'),
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

export function panelalphaSites(pa: PanelAlphaAccount): SitesCapability {
  const { title, account, client, refs } = pa;
  return {
    list: async (ctx, query) => {
      const serverId = query.server ? (await refs.server(ctx, query.server)).id : undefined;
      const page = await client.list('admin-list-instances', {}, v.instance, ctx, query.limit, {
        server_id: serverId,
      });
      return { items: page.items.map(mapSite), truncated: page.truncated };
    },
    get: async (ctx, ref) => mapSite(await refs.site(ctx, ref)),
    create: {
      input: createSiteInput,
      run: async (ctx, target, raw): Promise<WriteResult> => {
        const input = parseInput(createSiteInput, raw, verb('sites.create'), title);
        const user = await refs.user(ctx, input.user);
        const serverId = target.server ? (await refs.server(ctx, target.server)).id : undefined;
        const service = await refs.service(ctx, user, input.service, serverId);
        const clone = input.clone_from ? await refs.site(ctx, { site: input.clone_from }) : undefined;
        const domain = input.domain?.toLowerCase();
        const body = compact({
          service_id: intId(service.id),
          install_type: input.install_type,
          template_id: input.template_id,
          clone_instance_id: clone ? intId(clone.id) : undefined,
          name: input.name,
          protocol: input.protocol,
          domain,
          dir: input.dir,
          version: input.version,
          language: input.language,
          admin_username: input.admin_username,
          admin_email: input.admin_email,
        });
        const answer = await client.sendAs(user, 'create-instance', { body }, ctx);
        const instance = await installedInstance(pa, ctx, answer, {
          service: service.id,
          user,
          domain,
          name: input.name,
        });
        return {
          message: `PanelAlpha is installing WordPress "${input.name}" on ${instance.domain} (site ${instance.id}).`,
          operation: instanceOperation(account, 'site', instance),
          resource: mapSite(instance),
          next_steps: [
            `Point ${instance.domain} at the hosting server, then ${verb('certificates.issue')}.`,
            'PanelAlpha generates the WordPress admin password; sign in through PanelAlpha SSO.',
          ],
        };
      },
    },
  };
}

/** The instance an install created: from the answer when it names one, else found by search. */
async function installedInstance(
  { client }: PanelAlphaAccount,
  ctx: CallContext,
  answer: unknown,
  where: { service: string; user: string; domain?: string; name: string },
): Promise<v.PaInstance> {
  const full = v.single(v.instance).safeParse(answer);
  if (full.success) return full.data.data;
  const id = v.createdInstance.safeParse(answer).data?.data?.id;
  if (id) return client.instance(id, ctx);
  const page = await client.list('admin-list-instances', {}, v.instance, ctx, 100, {
    filter: where.domain ?? where.name,
    service_id: where.service,
    user_id: where.user,
  });
  const found = newest(
    page.items.filter((i) =>
      where.domain ? i.domain.toLowerCase() === where.domain : i.name === where.name,
    ),
  );
  if (!found) {
    throw new HostingError(
      'malformed_response',
      'PanelAlpha accepted the install but no instance for it was found.',
      {
        hint: `Check ${verb('sites.list')} in a minute; do not repeat the install before that.`,
      },
    );
  }
  return found;
}
