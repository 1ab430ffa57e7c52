import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { parseInput, targetServer } from '../shared.js';
import type { SitesCapability, WriteResult } from '../types.js';
import { type CoolifyAccount, readBack } from './account.js';
import { applicationRequest } from './application-request.js';
import { hostOf } from './fqdn.js';
import { mapServer } from './map-server.js';
import { mapApplication, mapService } from './map-site.js';
import { IMAGE, pickProject, placementInput } from './placement.js';
import * as v from './schemas.js';

/** Create-application arguments: a public git repository, an inline Dockerfile or an image. */
const createSiteInput = z
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
    ...placementInput,
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

export function coolifySites({ title, client, refs }: CoolifyAccount): SitesCapability {
  return {
    list: async (ctx, query) => {
      const [apps, services, scope] = await Promise.all([
        client.list('list-applications', {}, v.applicationList, ctx),
        client.list('list-services', {}, v.serviceList, ctx),
        query.server
          ? refs.server(ctx, query.server).then((server) => refs.resourcesOf(ctx, server.uuid))
          : undefined,
      ]);
      const keep = (uuid: string) => !scope || scope.has(uuid);
      const items = [
        ...apps.filter((app) => keep(app.uuid)).map((app) => mapApplication(app)),
        // Service domains live on their containers, which only the single read returns.
        ...(
          await refs.serviceDetails(
            ctx,
            services.filter((service) => keep(service.uuid)),
          )
        ).map(mapService),
      ];
      return { items: items.slice(0, query.limit), truncated: items.length > query.limit };
    },
    get: async (ctx, ref) => {
      const site = await refs.site(ctx, ref, true);
      return site.kind === 'application' ? mapApplication(site.app) : mapService(site.service);
    },
    create: {
      input: createSiteInput,
      /** Creates an application (public git repo, inline Dockerfile or image); it is not deployed yet. */
      run: async (ctx, target, raw): Promise<WriteResult> => {
        const input = parseInput(createSiteInput, raw, verb('sites.create'), title);
        const serverRef = targetServer(target, 'Coolify creates an application on a server');
        const host = input.domain === undefined ? undefined : hostOf(input.domain);
        if (input.domain !== undefined && !host) {
          throw new HostingError('invalid_argument', `"${input.domain}" is not a valid domain.`, {
            hint: 'Pass a host name such as app.example.com (or a full https:// URL).',
          });
        }
        const [server, project] = await Promise.all([
          refs.server(ctx, serverRef),
          pickProject(client, ctx, input.project),
        ]);
        const { operation, body } = applicationRequest(input, { project: project.uuid, server: server.uuid });
        const created = await client.post(operation, {}, body, v.created, ctx);
        const app = await readBack(
          () => client.get('get-application-by-uuid', { uuid: created.uuid }, v.application, ctx),
          () =>
            v.application.parse({
              uuid: created.uuid,
              name: input.name ?? created.uuid,
              fqdn: created.domains,
            }),
        );
        const site = mapApplication(app, server.uuid);
        const { ready, status } = mapServer(server);
        const steps = [`Deploy it with ${verb('deployments.deploy')} {"site":"${app.uuid}"}.`];
        if (host && site.https === false) {
          steps.push(
            `Point ${host} at ${server.ip ?? 'the server'}, then ${verb('certificates.issue')} to serve it over https.`,
          );
        }
        if (!ready) {
          steps.unshift(`Server ${server.name} is not usable yet (${status}): deployments fail until it is.`);
        }
        return {
          message: `Coolify created application "${app.name}" (${app.uuid}) in ${project.name}/${input.environment} on ${server.name}; nothing is deployed yet.`,
          resource: site,
          next_steps: steps,
        };
      },
    },
  };
}
