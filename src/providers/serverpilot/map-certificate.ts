import type { Certificate } from '../types.js';
import type { SpApp } from './schemas.js';

/** One certificate entry per app domain: AutoSSL covers the domains its current certificate lists. */
export function mapCertificates(app: SpApp): Certificate[] {
  const ssl = app.ssl;
  if (!ssl) return [];
  const domains = app.domains ?? [];
  const covered = ssl.auto ? new Set(app.autossl?.domains ?? domains) : undefined;
  const status = [ssl.auto ? 'autossl' : 'custom', ssl.force ? 'forcessl' : undefined]
    .filter(Boolean)
    .join('+');
  return domains.map((domain) => {
    const active = covered ? covered.has(domain) : true;
    return {
      id: app.id,
      domain,
      type: ssl.auto ? 'autossl' : 'custom',
      state: active ? 'active' : 'pending',
      status,
      active,
      expires_at: null,
    };
  });
}
