import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http.js';
import { verb } from '../kit/hints.js';
import { compact, parseInput } from '../shared.js';
import type { CertificatesCapability, WriteResult } from '../types.js';
import type { PlatformshAccount } from './account.js';
import type { PlatformshClient } from './client.js';
import { activityOperation } from './map-activity.js';
import { mapCustomCertificate, mapDomainTls } from './map-certificate.js';
import { isProduction } from './map-site.js';
import * as v from './schemas.js';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;
const PEM_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----/;

/** A domain (automatic Let's Encrypt) and/or a custom certificate upload. */
const issueCertificateInput = z
  .object({
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be a domain name')
      .optional()
      .describe('Domain to add; Platform.sh issues its certificate automatically.'),
    certificate: z
      .string()
      .regex(PEM_CERT, 'must be a PEM certificate')
      .optional()
      .describe('Platform.sh: PEM certificate to upload instead of the automatic one.'),
    private_key: z
      .string()
      .regex(PEM_KEY, 'must be a PEM private key')
      .optional()
      .describe('Platform.sh: PEM private key of `certificate` (sent, never echoed).'),
    chain: z
      .array(z.string().regex(PEM_CERT, 'must be a PEM certificate'))
      .max(10)
      .optional()
      .describe('Platform.sh: PEM intermediate certificates.'),
    replacement_for: z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .describe('Platform.sh: production domain this one stands in for (non-production environments).'),
  })
  .refine((input) => input.domain || input.certificate, {
    message: 'pass `domain`, or `certificate` with `private_key`',
    path: ['domain'],
  })
  .refine((input) => Boolean(input.certificate) === Boolean(input.private_key), {
    message: '`certificate` and `private_key` go together',
    path: ['private_key'],
  });

/**
 * TLS on Platform.sh: attaching a domain is what gets it a certificate (issued automatically on
 * the next deployment), and a custom certificate can be uploaded to the project instead. Listing
 * shows each attached domain with the certificate that covers it, plus the uploaded certificates.
 */
export function platformshCertificates({
  title,
  account,
  client,
  refs,
  redactor,
}: PlatformshAccount): CertificatesCapability {
  return {
    list: async (ctx, ref) => {
      const { projectId, env } = await refs.environment(ctx, ref);
      const [domains, certs] = await Promise.all([
        domainsOf(client, ctx, projectId, env),
        client.get('list-projects-certificates', { projectId }, z.array(v.certificate), ctx),
      ]);
      const items = [
        ...domains.map((d) => mapDomainTls(d, certs)),
        ...certs.filter((c) => !c.is_provisioned).map((c) => mapCustomCertificate(c)),
      ];
      return { items, truncated: false };
    },
    issue: {
      input: issueCertificateInput,
      run: async (ctx, ref, raw): Promise<WriteResult> => {
        const input = parseInput(issueCertificateInput, raw, verb('certificates.issue'), title);
        // Known from now on, so it is masked wherever it might surface (errors, logs, dry runs).
        redactor.addSecret(input.private_key);
        const { projectId, env } = await refs.environment(ctx, ref);
        const steps: string[] = [];
        let message = '';
        let resource: Record<string, unknown> | undefined;
        if (input.certificate && input.private_key) {
          const uploaded = await client.post(
            'create-projects-certificates',
            { projectId },
            compact({ certificate: input.certificate, key: input.private_key, chain: input.chain }),
            v.accepted,
            ctx,
          );
          const entity = v.certificate.safeParse(uploaded._embedded?.entity);
          if (entity.success) resource = mapCustomCertificate(entity.data);
          message = `Platform.sh stored the custom certificate${entity.success ? ` ${entity.data.id} for ${(entity.data.domains ?? []).join(', ')}` : ''} in project ${projectId}.`;
          steps.push('Routes pick it up on the next deployment of each environment that serves its domains.');
        }
        if (!input.domain) return { message, resource, next_steps: steps };

        const domains = await domainsOf(client, ctx, projectId, env);
        if (domains.some((d) => d.name.toLowerCase() === input.domain)) {
          return {
            message:
              `${message} ${input.domain} is already attached to ${env.id}; ${verb('certificates.list')} shows its TLS state.`.trim(),
            resource,
            next_steps: steps,
          };
        }
        const production = isProduction(env);
        if (!production && !input.replacement_for) {
          const prod = await client.get('list-projects-domains', { projectId }, z.array(v.domain), ctx);
          throw new HostingError(
            'invalid_argument',
            `${env.id} is not the production environment: Platform.sh needs \`replacement_for\`, the production domain that ${input.domain} stands in for.`,
            {
              hint: prod.length
                ? `Production domains: ${prod.map((d) => d.name).join(', ')}.`
                : 'Add the domain to the production environment first.',
            },
          );
        }
        const { activities } = production
          ? await client.act('create-projects-domains', { projectId }, { name: input.domain }, ctx)
          : await client.act(
              'create-projects-environments-domains',
              { projectId, environmentId: env.id },
              { name: input.domain, replacement_for: input.replacement_for },
              ctx,
            );
        const activity = activities[0];
        const target = env.edge_hostname ?? env.default_domain;
        return {
          message:
            `${message} Platform.sh is adding ${input.domain} to ${env.id}; its certificate is issued automatically when the environment redeploys.`.trim(),
          operation: activity ? activityOperation(account, projectId, activity) : undefined,
          resource,
          next_steps: [
            ...steps,
            target
              ? `Point ${input.domain} at ${target} (CNAME) so the certificate can be validated.`
              : `Point ${input.domain}'s DNS at the environment so the certificate can be validated.`,
          ],
        };
      },
    },
  };
}

/** Production domains live on the project; other environments have their own. */
function domainsOf(
  client: PlatformshClient,
  ctx: RequestContext,
  projectId: string,
  env: v.PlatformshEnvironment,
) {
  return isProduction(env)
    ? client.get('list-projects-domains', { projectId }, z.array(v.domain), ctx)
    : client.get(
        'list-projects-environments-domains',
        { projectId, environmentId: env.id },
        z.array(v.domain),
        ctx,
      );
}
