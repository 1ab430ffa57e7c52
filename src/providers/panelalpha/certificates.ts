import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { parseInput } from '../shared.js';
import type { CallContext, CertificatesCapability, WriteResult } from '../types.js';
import { compareIds, intId, newest, type PanelAlphaAccount } from './account.js';
import { domainArg, userArg } from './inputs.js';
import { certificateOperation, mapCertificate } from './map-certificate.js';
import * as v from './schemas.js';

/** Order SSL certificate (order-ssl-certificate). */
const issueCertificateInput = z.object({
  domain: domainArg.optional().describe('Domain to secure (default: the site’s domain).'),
  ssl_provider: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("PanelAlpha: SSL offer id or name (default: the only one, else Let's Encrypt)."),
  user: userArg,
});

/**
 * Certificates live on the site's hosting account. An order answers no order id the document
 * promises: the order is the newest certificate of the domain created after the call.
 */
export function panelalphaCertificates(pa: PanelAlphaAccount): CertificatesCapability {
  const { title, account, client, refs } = pa;
  return {
    issue: {
      input: issueCertificateInput,
      run: async (ctx, ref, raw): Promise<WriteResult> => {
        const input = parseInput(issueCertificateInput, raw, verb('certificates.issue'), title);
        const site = await refs.site(ctx, ref);
        const hostingAccount = hostingAccountOf(site);
        const user = await refs.user(ctx, input.user, site.user_id);
        const domain = (input.domain ?? site.domain).toLowerCase();
        const domains = await client.asUser(
          user,
          'list-ssl-domains',
          { params: { id: hostingAccount } },
          v.single(z.array(v.sslDomain)),
          ctx,
        );
        const known = domains.data.map((d) => d.domain.toLowerCase());
        if (known.length && !known.includes(domain)) {
          throw new HostingError(
            'invalid_argument',
            `${domain} is not a domain of hosting account ${hostingAccount}.`,
            { hint: `Domains it can secure: ${known.slice(0, 20).join(', ')}.` },
          );
        }
        const offer = await refs.sslOffer(ctx, user, input.ssl_provider);
        const before = newest(await certificatesFor(pa, ctx, user, hostingAccount, domain));
        await client.sendAs(
          user,
          'order-ssl-certificate',
          { params: { id: hostingAccount }, body: { domain, provider_id: intId(offer.id) } },
          ctx,
        );
        const ids = { account: hostingAccount, domain, user, site: site.id, since: before?.id ?? '0' };
        const cert = newer(await certificatesFor(pa, ctx, user, hostingAccount, domain), ids.since);
        return {
          message: `PanelAlpha ordered a ${offer.name} certificate for ${domain}.`,
          operation: certificateOperation(account, ids, cert),
          ...(cert ? { resource: mapCertificate(cert) } : {}),
          next_steps: [`${domain} must resolve to the hosting server for validation to pass.`],
        };
      },
    },
    list: async (ctx, ref) => {
      const site = await refs.site(ctx, ref);
      const user = await refs.user(ctx, undefined, site.user_id);
      const certs = await certificatesFor(pa, ctx, user, hostingAccountOf(site), site.domain);
      return { items: certs.map(mapCertificate), truncated: false };
    },
  };
}

/** The certificates a hosting account lists for one domain. */
export async function certificatesFor(
  { client }: PanelAlphaAccount,
  ctx: CallContext,
  user: string,
  hostingAccount: string,
  domain: string,
): Promise<v.PaCertificate[]> {
  const page = await client.list(
    'list-ssl-certificates',
    { id: hostingAccount },
    v.certificate,
    ctx,
    100,
    { domain },
    user,
  );
  return page.items.filter((cert) => cert.domain.toLowerCase() === domain.toLowerCase());
}

/** The newest certificate created after the one that was newest when the order was sent. */
export function newer(certs: v.PaCertificate[], since: string): v.PaCertificate | undefined {
  return newest(certs.filter((cert) => compareIds(cert.id, since) > 0));
}

function hostingAccountOf(site: v.PaInstance): string {
  if (site.hosting_account_id) return site.hosting_account_id;
  throw new HostingError(
    'malformed_response',
    `PanelAlpha did not say which hosting account holds ${site.domain}.`,
    { hint: 'Check the site in the PanelAlpha admin area; its hosting account may have been removed.' },
  );
}
