import type { Certificate } from '../types.js';
import type { PlatformshCertificate, PlatformshDomain } from './schemas.js';

/**
 * TLS as Platform.sh has it: an attached domain gets its certificate automatically, or is covered
 * by one uploaded to the project. Private keys are never read: the schema does not declare them.
 */

function covers(names: readonly string[], domain: string): boolean {
  const wanted = domain.toLowerCase();
  return names.some((raw) => {
    const name = raw.toLowerCase();
    if (name === wanted) return true;
    // A wildcard covers exactly one more label: *.acme.test covers shop.acme.test, not a.shop.acme.test.
    if (!name.startsWith('*.')) return false;
    const suffix = name.slice(1);
    const label = wanted.endsWith(suffix) ? wanted.slice(0, -suffix.length) : '';
    return label !== '' && !label.includes('.');
  });
}

function usable(cert: PlatformshCertificate, now: number): boolean {
  if (cert.is_invalid) return false;
  const expires = cert.expires_at ? Date.parse(cert.expires_at) : Number.NaN;
  return Number.isNaN(expires) || expires > now;
}

/** TLS state of an attached domain: the certificate that covers it, or still waiting for one. */
export function mapDomainTls(
  domain: PlatformshDomain,
  certificates: readonly PlatformshCertificate[],
  now = Date.now(),
): Certificate {
  const cert = certificates.find((c) => usable(c, now) && covers(c.domains ?? [], domain.name));
  return {
    id: domain.id ?? domain.name,
    domain: domain.name,
    type: cert && !cert.is_provisioned ? 'custom' : 'letsencrypt',
    state: cert ? 'active' : 'pending',
    status: cert
      ? `domain covered by ${cert.is_provisioned ? 'automatic' : 'custom'} certificate ${cert.id}`
      : 'domain awaiting its automatic certificate (issued on deploy once DNS points at Platform.sh)',
    active: Boolean(cert),
    expires_at: cert?.expires_at ?? null,
  };
}

/** A certificate uploaded by the user (automatic ones show through their domains). */
export function mapCustomCertificate(cert: PlatformshCertificate, now = Date.now()): Certificate {
  const expired = cert.expires_at ? Date.parse(cert.expires_at) <= now : false;
  const active = !cert.is_invalid && !expired;
  return {
    id: cert.id,
    domain: (cert.domains ?? []).join(', ') || '(no domain)',
    type: 'custom',
    state: active ? 'active' : 'inactive',
    status: cert.is_invalid
      ? 'custom certificate marked invalid'
      : expired
        ? 'custom certificate expired'
        : 'custom certificate',
    active,
    expires_at: cert.expires_at ?? null,
  };
}
