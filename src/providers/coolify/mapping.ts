import { encodeHandle } from '../../core/operations.js';
import { compact, isDone, tail } from '../shared.js';
import type { Certificate, Deployment, Operation, OperationState, Server, Site } from '../types.js';
import { type DomainEntry, parseDomains } from './fqdn.js';
import type {
  CoolifyApplication,
  CoolifyDeployment,
  CoolifyServer,
  CoolifyService,
  CoolifySubResource,
} from './schemas.js';
import { logEntry } from './schemas.js';

/**
 * Coolify vendor shapes → normalized, allow-listed shapes. Nothing here copies a secret: the
 * schemas already dropped private keys, passwords, env values and tokens, and these functions
 * name every field they pass on.
 */

const PROVIDER = 'coolify';

// ---- servers ------------------------------------------------------------------------------------

export function serverFlags(server: CoolifyServer): { reachable: boolean; usable: boolean } {
  return {
    reachable: Boolean(server.settings?.is_reachable ?? server.is_reachable),
    usable: Boolean(server.settings?.is_usable ?? server.is_usable),
  };
}

/**
 * Coolify has no single status field for a server: it keeps reachability and usability flags and
 * the output of the last failed validation. The status word is composed from those.
 */
export function serverStatus(server: CoolifyServer): string {
  const { reachable, usable } = serverFlags(server);
  if (reachable && usable) return 'usable';
  if (server.validation_logs) return 'validation-failed';
  return reachable ? 'not-usable' : 'unreachable';
}

export function proxyType(server: CoolifyServer): string | undefined {
  const type = server.proxy_type ?? server.proxy?.type;
  return type ? type.toLowerCase() : undefined;
}

export function mapServer(server: CoolifyServer): Server {
  const { reachable, usable } = serverFlags(server);
  return {
    id: server.uuid,
    name: server.name,
    status: serverStatus(server),
    ready: reachable && usable,
    ip_address: server.ip ?? null,
    region: null,
    size: null,
    created_at: server.created_at ?? null,
    details: compact({
      user: server.user,
      port: server.port,
      proxy: proxyType(server),
      proxy_status: server.proxy?.status,
      build_server: server.settings?.is_build_server || undefined,
      wildcard_domain: server.settings?.wildcard_domain || undefined,
      description: server.description || undefined,
    }),
  };
}

/** Validation output is stored as HTML for the dashboard; the model gets plain lines. */
export function validationText(html: string | null | undefined): string {
  if (!html) return '';
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(div|p)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}

export function serverOperation(account: string, server: CoolifyServer): Operation {
  const { reachable, usable } = serverFlags(server);
  const state: OperationState =
    reachable && usable ? 'succeeded' : server.validation_logs ? 'failed' : 'running';
  return {
    id: encodeHandle({ provider: PROVIDER, account, kind: 'server', ids: [server.uuid] }),
    kind: 'server',
    state,
    done: isDone(state),
    status: state === 'running' ? 'validating' : serverStatus(server),
    description: `Validation of server ${server.name} (${server.uuid}) over SSH`,
    started_at: server.created_at ?? null,
    ended_at: null,
    server_id: server.uuid,
    ...(state === 'failed' ? { log_tail: tail(validationText(server.validation_logs)) } : {}),
    details: compact({ ip_address: server.ip, reachable, usable }),
  };
}

// ---- sites: applications and services -----------------------------------------------------------

function uniqueHosts(entries: readonly DomainEntry[]): string[] {
  return [...new Set(entries.map((entry) => entry.host))];
}

/** Git fields of Dockerfile and image apps are placeholders; only apps with a source have a repo. */
function gitBacked(app: CoolifyApplication): boolean {
  return app.source_id !== null && app.source_id !== undefined && app.build_pack !== 'dockerimage';
}

export function imageRef(app: CoolifyApplication): string | undefined {
  if (!app.docker_registry_image_name) return undefined;
  const tag = app.docker_registry_image_tag;
  return tag ? `${app.docker_registry_image_name}:${tag}` : app.docker_registry_image_name;
}

export function mapApplication(app: CoolifyApplication, serverId?: string | null): Site {
  const domains = parseDomains(app.fqdn);
  const git = gitBacked(app);
  return {
    id: app.uuid,
    name: app.name,
    server_id: serverId ?? null,
    domains: uniqueHosts(domains),
    status: app.status || 'unknown',
    url: domains[0]?.public ?? null,
    https: domains[0] ? domains[0].https : null,
    repository: git ? (app.git_repository ?? null) : null,
    branch: git ? (app.git_branch ?? null) : null,
    created_at: app.created_at ?? null,
    details: compact({
      kind: 'application',
      build_pack: app.build_pack,
      image: imageRef(app),
      ports_exposes: app.ports_exposes,
      commit: git && app.git_commit_sha && app.git_commit_sha !== 'HEAD' ? app.git_commit_sha : undefined,
      description: app.description || undefined,
    }),
  };
}

export function serviceDomains(service: CoolifyService): DomainEntry[] {
  return (service.applications ?? []).flatMap((sub) => parseDomains(sub.fqdn));
}

export function mapService(service: CoolifyService, serverId?: string | null): Site {
  const domains = serviceDomains(service);
  const names = (list: CoolifySubResource[] | null | undefined) =>
    list?.length ? list.map((sub) => sub.name) : undefined;
  return {
    id: service.uuid,
    name: service.name,
    server_id: serverId ?? null,
    domains: uniqueHosts(domains),
    status: service.status || 'unknown',
    url: domains[0]?.public ?? null,
    https: domains[0] ? domains[0].https : null,
    repository: null,
    branch: null,
    created_at: service.created_at ?? null,
    details: compact({
      kind: 'service',
      service_type: service.service_type,
      containers: names(service.applications),
      databases: names(service.databases),
      description: service.description || undefined,
    }),
  };
}

/** Coolify's aggregated container status, e.g. "running:healthy", "exited", "degraded:unhealthy". */
export function isRunning(status: string | null | undefined): boolean {
  return Boolean(status?.startsWith('running'));
}

// ---- deployments --------------------------------------------------------------------------------

/** ApplicationDeploymentStatus: queued, in_progress, finished, failed, cancelled-by-user. */
export function deploymentState(status: string): OperationState {
  switch (status) {
    case 'queued':
      return 'pending';
    case 'in_progress':
      return 'running';
    case 'finished':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'cancelled-by-user':
    case 'cancelled':
      return 'cancelled';
    default:
      // An unknown word is never read as success.
      return 'running';
  }
}

export function deploymentHandle(account: string, appUuid: string, deploymentUuid: string): string {
  return encodeHandle({ provider: PROVIDER, account, kind: 'deployment', ids: [appUuid, deploymentUuid] });
}

export function mapDeployment(account: string, appUuid: string, deployment: CoolifyDeployment): Deployment {
  const state = deploymentState(deployment.status);
  const hash = deployment.commit && deployment.commit !== 'HEAD' ? deployment.commit : null;
  return {
    id: deployment.deployment_uuid,
    site_id: appUuid,
    state,
    status: deployment.status,
    commit:
      hash || deployment.commit_message
        ? { hash, message: deployment.commit_message ?? null, author: null, branch: null }
        : null,
    started_at: deployment.created_at ?? null,
    ended_at: isDone(state) ? (deployment.updated_at ?? null) : null,
    operation_id: deploymentHandle(account, appUuid, deployment.deployment_uuid),
  };
}

export function deploymentOperation(
  account: string,
  appUuid: string,
  deployment: CoolifyDeployment,
): Operation {
  const mapped = mapDeployment(account, appUuid, deployment);
  const what = deployment.restart_only ? 'Restart' : deployment.rollback ? 'Rollback' : 'Deployment';
  return {
    id: mapped.operation_id,
    kind: 'deployment',
    state: mapped.state,
    done: isDone(mapped.state),
    status: mapped.status,
    description: `${what} ${deployment.deployment_uuid} of ${deployment.application_name ?? appUuid}`,
    started_at: mapped.started_at,
    ended_at: mapped.ended_at,
    site_id: appUuid,
    details: compact({
      server: deployment.server_name,
      commit: mapped.commit?.hash ?? undefined,
      force_rebuild: deployment.force_rebuild || undefined,
      restart_only: deployment.restart_only || undefined,
    }),
  };
}

/**
 * A deployment's `logs` is a JSON array of entries; entries marked hidden are Coolify's own debug
 * commands and stay out. Returns undefined when the field is absent (the token cannot read it).
 */
export function deploymentLogText(logs: string | null | undefined): string | undefined {
  if (logs === null || logs === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(logs);
  } catch {
    return logs;
  }
  if (!Array.isArray(parsed)) return logs;
  const lines: string[] = [];
  for (const raw of parsed) {
    const entry = logEntry.safeParse(raw);
    if (!entry.success || entry.data.hidden || !entry.data.output) continue;
    lines.push(entry.data.output);
  }
  return lines.join('\n');
}

// ---- certificates -------------------------------------------------------------------------------

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

export function certificateHandle(account: string, appUuid: string, host: string, restart?: string): string {
  return encodeHandle({
    provider: PROVIDER,
    account,
    kind: 'certificate',
    ids: restart ? [appUuid, host, restart] : [appUuid, host],
  });
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
    id: certificateHandle(account, app.uuid, host, restart?.deployment_uuid),
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

// ---- service restarts ---------------------------------------------------------------------------

export interface ServiceWindow {
  /** How long after the request the status is not trusted (Coolify refreshes it periodically). */
  graceMs: number;
  /** When a service is still not running after this, the restart counts as failed. */
  giveUpMs: number;
}

export function serviceHandle(account: string, serviceUuid: string, requestedAt: number): string {
  return encodeHandle({
    provider: PROVIDER,
    account,
    kind: 'service',
    ids: [serviceUuid, String(requestedAt)],
  });
}

/**
 * Coolify tracks no job for a service restart, so the operation reads the service's aggregated
 * container status: it is trusted only after a grace window, and a service that is still not
 * running (or unhealthy) when the give-up time passes counts as failed.
 */
export function serviceOperation(
  account: string,
  service: CoolifyService,
  requestedAt: number,
  now: number,
  window: ServiceWindow,
): Operation {
  const status = service.status || 'unknown';
  const elapsed = now - requestedAt;
  const healthy = isRunning(status) && !status.includes('unhealthy');
  let state: OperationState = 'running';
  if (elapsed >= window.graceMs && healthy) state = 'succeeded';
  else if (elapsed >= window.giveUpMs) state = 'failed';
  return {
    id: serviceHandle(account, service.uuid, requestedAt),
    kind: 'service',
    state,
    done: isDone(state),
    status,
    description: `Restart of service ${service.name} (${service.uuid})`,
    started_at: new Date(requestedAt).toISOString(),
    ended_at: null,
    site_id: service.uuid,
    details: { note: 'Coolify tracks no job for service restarts; the state is read from container status.' },
  };
}
