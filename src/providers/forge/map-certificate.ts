import { isDone } from '../kit/status-map.js';
import type { Certificate, Operation, OperationState } from '../types.js';
import { forgeHandles } from './handles.js';
import type { ForgeCertificate, ForgeDomain } from './schemas.js';

/** CertificateRequestStatus verifying → creating → created; a ResourceState failed* means it failed. */
export function certificateState(cert: ForgeCertificate): OperationState {
  const a = cert.attributes;
  if (a.status?.startsWith('failed')) return 'failed';
  if (a.request_status === 'created') return 'succeeded';
  return 'running';
}

export function mapCertificate(domain: ForgeDomain, cert: ForgeCertificate): Certificate {
  const a = cert.attributes;
  const state = certificateState(cert);
  return {
    id: cert.id,
    domain: domain.attributes.name,
    type: a.type ?? 'unknown',
    state: state === 'failed' ? 'failed' : state === 'running' ? 'pending' : a.active ? 'active' : 'inactive',
    status: `${a.request_status ?? 'unknown'}/${a.status ?? 'unknown'}`,
    active: a.active ?? false,
    expires_at: null,
  };
}

export function certificateOperation(
  account: string,
  ids: { server: string; site: string; domain: string },
  domain: ForgeDomain,
  cert: ForgeCertificate,
): Operation {
  const state = certificateState(cert);
  return {
    id: forgeHandles.encode(account, 'certificate', { ...ids, certificate: cert.id }),
    kind: 'certificate',
    state,
    done: isDone(state),
    status: mapCertificate(domain, cert).status,
    description: `Let's Encrypt certificate for ${domain.attributes.name}`,
    started_at: cert.attributes.created_at ?? null,
    ended_at: isDone(state) ? (cert.attributes.updated_at ?? null) : null,
    server_id: ids.server,
    site_id: ids.site,
    details: { domain: domain.attributes.name, active: cert.attributes.active ?? false },
  };
}
