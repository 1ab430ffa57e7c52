import { isDone } from '../kit/status-map.js';
import { compact } from '../shared.js';
import type { Certificate, Operation } from '../types.js';
import { panelalphaHandles } from './handles.js';
import type { PaCertificate } from './schemas.js';
import { certificateOrderState } from './states.js';

const LISTED: Record<ReturnType<typeof certificateOrderState>, Certificate['state']> = {
  pending: 'pending',
  running: 'pending',
  succeeded: 'active',
  failed: 'failed',
  cancelled: 'inactive',
};

/** A certificate's state in a listing; a word outside the known ones reads as pending. */
export function certificateState(status: string): Certificate['state'] {
  return LISTED[certificateOrderState(status)];
}

/** A certificate, allow-listed: a private key the panel may send is never copied. */
export function mapCertificate(cert: PaCertificate): Certificate {
  const state = certificateState(cert.status);
  return {
    id: cert.id,
    domain: cert.domain,
    type: cert.provider ?? 'unknown',
    state,
    status: cert.status,
    active: state === 'active',
    expires_at: cert.expires_at ?? null,
  };
}

export interface CertificateIds {
  account: string;
  domain: string;
  user: string;
  site: string;
  /** Newest certificate id before the order: only later ones belong to it. */
  since: string;
}

/** An SSL order, followed through the newest certificate the account lists for the domain. */
export function certificateOperation(
  account: string,
  ids: CertificateIds,
  cert: PaCertificate | undefined,
): Operation {
  // Until the order shows up in the list, it is still being placed.
  const state = cert ? certificateOrderState(cert.status) : 'running';
  return {
    id: panelalphaHandles.encode(account, 'certificate', ids),
    kind: 'certificate',
    state,
    done: isDone(state),
    status: cert?.status ?? 'ordered',
    description: `SSL certificate order for ${ids.domain}`,
    started_at: cert?.created_at ?? null,
    ended_at: isDone(state) ? (cert?.updated_at ?? null) : null,
    site_id: ids.site,
    details: compact({ domain: ids.domain, provider: cert?.provider, expires_at: cert?.expires_at }),
  };
}
