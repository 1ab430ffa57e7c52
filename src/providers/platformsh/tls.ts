import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import { compact } from '../shared.js';
import type { CallContext, Certificate, Listing, SiteRef, WriteResult } from '../types.js';
import type { PlatformshClient } from './client.js';
import type { PlatformshDirectory } from './directory.js';
import type { IssueCertificateInput } from './inputs.js';
import { activityOperation, mapCustomCertificate, mapDomainTls } from './mapping.js';
import * as v from './schemas.js';

/**
 * TLS on Platform.sh: attaching a domain is what gets it a certificate (issued automatically on
 * the next deployment), and a custom certificate can be uploaded to the project instead. Listing
 * shows each attached domain with the certificate that covers it, plus the uploaded certificates.
 */
export class PlatformshTls {
  constructor(
    private readonly client: PlatformshClient,
    private readonly directory: PlatformshDirectory,
    private readonly redactor: Redactor,
    private readonly account: string,
  ) {}

  async list(ctx: CallContext, ref: SiteRef): Promise<Listing<Certificate>> {
    const { projectId, env } = await this.directory.findEnvironment(ctx, ref);
    const [domains, certs] = await Promise.all([
      this.domainsOf(ctx, projectId, env),
      this.client.get('certificates.index', { projectId }, z.array(v.certificate), ctx),
    ]);
    const items = [
      ...domains.map((d) => mapDomainTls(d, certs)),
      ...certs.filter((c) => !c.is_provisioned).map((c) => mapCustomCertificate(c)),
    ];
    return { items, truncated: false };
  }

  async issue(ctx: CallContext, ref: SiteRef, input: IssueCertificateInput): Promise<WriteResult> {
    // Known from now on, so it is masked wherever it might surface (errors, logs, dry runs).
    this.redactor.addSecret(input.private_key);
    const { projectId, env } = await this.directory.findEnvironment(ctx, ref);
    const steps: string[] = [];
    let message = '';
    let resource: Record<string, unknown> | undefined;
    if (input.certificate && input.private_key) {
      const uploaded = await this.client.post(
        'certificates.store',
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

    const domains = await this.domainsOf(ctx, projectId, env);
    if (domains.some((d) => d.name.toLowerCase() === input.domain)) {
      return {
        message:
          `${message} ${input.domain} is already attached to ${env.id}; list_certificates shows its TLS state.`.trim(),
        resource,
        next_steps: steps,
      };
    }
    const production = isProduction(env);
    if (!production && !input.replacement_for) {
      const prod = await this.client.get('domains.index', { projectId }, z.array(v.domain), ctx);
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
      ? await this.client.act('domains.store', { projectId }, { name: input.domain }, ctx)
      : await this.client.act(
          'environments.domains.store',
          { projectId, environmentId: env.id },
          { name: input.domain, replacement_for: input.replacement_for },
          ctx,
        );
    const activity = activities[0];
    const target = env.edge_hostname ?? env.default_domain;
    return {
      message:
        `${message} Platform.sh is adding ${input.domain} to ${env.id}; its certificate is issued automatically when the environment redeploys.`.trim(),
      operation: activity ? activityOperation(this.account, projectId, activity) : undefined,
      resource,
      next_steps: [
        ...steps,
        target
          ? `Point ${input.domain} at ${target} (CNAME) so the certificate can be validated.`
          : `Point ${input.domain}'s DNS at the environment so the certificate can be validated.`,
      ],
    };
  }

  /** Production domains live on the project; other environments have their own. */
  private domainsOf(ctx: CallContext, projectId: string, env: v.PlatformshEnvironment) {
    return isProduction(env)
      ? this.client.get('domains.index', { projectId }, z.array(v.domain), ctx)
      : this.client.get(
          'environments.domains.index',
          { projectId, environmentId: env.id },
          z.array(v.domain),
          ctx,
        );
  }
}

function isProduction(env: v.PlatformshEnvironment): boolean {
  return env.type === 'production' || env.is_main === true;
}
