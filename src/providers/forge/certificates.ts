import { z } from 'zod';
import { certificateDomainArg } from '../kit/args.js';
import { verb } from '../kit/hints.js';
import { parseInput } from '../shared.js';
import type { CertificatesCapability, WriteResult } from '../types.js';
import type { ForgeAccount } from './account.js';
import { certificateOperation, mapCertificate } from './map-certificate.js';
import * as v from './schemas.js';

/** Let's Encrypt arguments (CreateDomainCertificateRequest, type letsencrypt). */
const issueCertificateInput = z.object({
  domain: certificateDomainArg,
  verification: z
    .enum(v.VERIFICATION_METHODS)
    .default('http-01')
    .describe("Forge: Let's Encrypt challenge (default http-01)."),
  key_type: z.enum(v.KEY_TYPES).default('ecdsa').describe('Forge: key type (default ecdsa).'),
});

export function forgeCertificates({ title, account, client, refs }: ForgeAccount): CertificatesCapability {
  return {
    issue: {
      input: issueCertificateInput,
      run: async (ctx, ref, raw): Promise<WriteResult> => {
        const input = parseInput(issueCertificateInput, raw, verb('certificates.issue'), title);
        const { serverId, site } = await refs.site(ctx, ref);
        const ids = { server: serverId, site: site.id };
        const name = (input.domain ?? site.attributes.name).toLowerCase();
        const domains = await client.list(
          'organizations.servers.sites.domains.index',
          ids,
          v.domain,
          ctx,
          100,
        );
        let domain = domains.items.find((d) => d.attributes.name.toLowerCase() === name);
        const steps: string[] = [];
        if (!domain) {
          const created = await client.post(
            'organizations.servers.sites.domains.store',
            ids,
            { name, allow_wildcard_subdomains: false, www_redirect_type: 'none' },
            v.single(v.domain),
            ctx,
          );
          domain = created.data;
          steps.push(`Added domain ${name} to the site.`);
        }
        const body = {
          type: 'letsencrypt',
          letsencrypt: { verification_method: input.verification, key_type: input.key_type },
          enable: true,
        };
        const cert = await client.post(
          'organizations.servers.sites.domains.certificates.store',
          { ...ids, domainRecord: domain.id },
          body,
          v.single(v.certificate),
          ctx,
        );
        return {
          message: `Forge is requesting a Let's Encrypt certificate for ${name} (${input.verification}).`,
          operation: certificateOperation(account, { ...ids, domain: domain.id }, domain, cert.data),
          resource: mapCertificate(domain, cert.data),
          next_steps: [
            ...steps,
            input.verification === 'http-01'
              ? `${name} must resolve to the server's IP for validation to pass.`
              : 'Create the DNS TXT record Forge asks for, or validation will not pass.',
          ],
        };
      },
    },
    list: async (ctx, ref) => {
      const { serverId, site } = await refs.site(ctx, ref);
      const ids = { server: serverId, site: site.id };
      const domains = await client.list('organizations.servers.sites.domains.index', ids, v.domain, ctx, 100);
      const perDomain = await Promise.all(
        domains.items.map(async (domain) => {
          const certs = await client.get(
            'organizations.servers.sites.domains.certificates.index',
            { ...ids, domainRecord: domain.id },
            v.page(v.certificate),
            ctx,
          );
          return certs.data.map((cert) => mapCertificate(domain, cert));
        }),
      );
      return { items: perDomain.flat(), truncated: domains.truncated };
    },
  };
}
