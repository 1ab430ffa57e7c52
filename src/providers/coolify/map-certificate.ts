import { isDone } from '../kit/status-map.js';
import { compact } from '../shared.js';
import type { Certificate, Operation, OperationState } from '../types.js';
import { type DomainEntry, parseDomains } from './fqdn.js';
import { coolifyHandles, NO_RESTART } from './handles.js';
import { isRunning } from './map-site.js';
import type { CoolifyApplication, CoolifyDeployment } from './schemas.js';
import { deploymentState } from './states.js';

/**
 * Coolify reports no certificate objects: the proxy obtains and renews Let's Encrypt certificates
 * for every https:// domain of a running resource. So a domain's certificate is "active" when its
 * URL is https and the resource runs, "pending" while a deployment or restart that applies new
 * domains is still under way, and "inactive" otherwise.
 */
export function mapCertificates(
  entries: readonly DomainEntry[],
  status: string | null | undefined,
  applying = false,
): Certificate[] {
  const running = isRunning(status);
  const seen = new Set<string>();
  const certificates: Certificate[] = [];
  for (const entry of entries) {
    if (seen.has(entry.host)) continue;
    seen.add(entry.host);
    const pending = entry.https && applying;
    const active = entry.https && running && !pending;
    certificates.push({
      id: entry.host,
      domain: entry.host,
      type: entry.https ? 'letsencrypt' : 'none',
      state: pending ? 'pending' : active ? 'active' : 'inactive',
      status: entry.https
        ? pending
          ? 'https, waiting for the deployment under way'
          : running
            ? 'https'
            : 'https, not running'
        : 'http',
      active,
      expires_at: null,
    });
  }
  return certificates;
}

/**
 * The certificate operation follows the two things the API can show: the domain is stored as
 * https, and the restart that regenerates the proxy labels finished. Whether Let's Encrypt then
 * issued is visible only on the domain itself (the proxy serves a default certificate until then).
 */
export function certificateOperation(
  account: string,
  app: CoolifyApplication,
  host: string,
  restart?: CoolifyDeployment,
  /** The domain was just changed and nothing has applied it yet. */
  changed = false,
): Operation {
  const entry = parseDomains(app.fqdn).find((candidate) => candidate.host === host);
  let state: OperationState;
  let status: string;
  if (!entry?.https) {
    state = 'failed';
    status = entry ? 'domain is http' : 'domain removed';
  } else if (restart) {
    state = deploymentState(restart.status);
    status = `https, restart ${restart.status}`;
  } else {
    state = 'succeeded';
    status = changed ? 'https, applied at the next restart or deployment' : 'https';
  }
  return {
    id: coolifyHandles.encode(account, 'certificate', {
      application: app.uuid,
      domain: host,
      restart: restart?.deployment_uuid ?? NO_RESTART,
    }),
    kind: 'certificate',
    state,
    done: isDone(state),
    status,
    description: `Let's Encrypt via the proxy for ${host} on ${app.name}`,
    started_at: restart?.created_at ?? null,
    ended_at: restart && isDone(state) ? (restart.updated_at ?? null) : null,
    site_id: app.uuid,
    details: compact({
      domain: host,
      url: entry?.url,
      restart: restart?.deployment_uuid,
      applied: restart ? state === 'succeeded' : changed ? false : undefined,
    }),
  };
}
