import { encodeHandle } from '../../core/operations.js';
import { compact, isDone } from '../shared.js';
import type { Certificate, Deployment, Operation, OperationState, Server, Site } from '../types.js';
import type { ForgeCertificate, ForgeDeployment, ForgeDomain, ForgeServer, ForgeSite } from './schemas.js';

/**
 * Forge vendor shapes → our normalized, allow-listed shapes. Fields not copied here never reach the
 * model; notably a site's `deployment_url` (it embeds the deploy-hook token) is left out on purpose.
 */

export function mapServer(server: ForgeServer): Server {
  const a = server.attributes;
  return {
    id: server.id,
    name: a.name,
    status: a.is_ready ? (a.connection_status ?? 'ready') : 'provisioning',
    ready: a.is_ready,
    ip_address: a.ip_address ?? null,
    region: a.region ?? null,
    size: a.size ?? null,
    created_at: a.created_at ?? null,
    details: compact({
      cloud: a.provider,
      type: a.type,
      php_version: a.php_version,
      ubuntu_version: a.ubuntu_version,
      database_type: a.database_type,
      private_ip_address: a.private_ip_address,
      revoked: a.revoked,
    }),
  };
}

export function siteServerId(site: ForgeSite): string | null {
  return site.relationships?.server?.data?.id ?? null;
}

export function mapSite(site: ForgeSite): Site {
  const a = site.attributes;
  const aliases = (a.aliases ?? []).filter((alias): alias is string => typeof alias === 'string');
  return {
    id: site.id,
    name: a.name,
    server_id: siteServerId(site),
    domains: [a.name, ...aliases],
    status: a.status ?? 'unknown',
    url: a.url ?? null,
    https: a.https ?? null,
    repository: a.repository?.url ?? null,
    branch: a.repository?.branch ?? null,
    created_at: a.created_at ?? null,
    details: compact({
      deployment_status: a.deployment_status,
      php_version: a.php_version,
      app_type: a.app_type,
      quick_deploy: a.quick_deploy,
      zero_downtime_deployments: a.zero_downtime_deployments,
    }),
  };
}

/** DeploymentStatus: queued, pending, deploying, finished, failed, failed-build, cancelled. */
export function deploymentState(status: string): OperationState {
  switch (status) {
    case 'queued':
    case 'pending':
      return 'pending';
    case 'deploying':
      return 'running';
    case 'finished':
      return 'succeeded';
    case 'cancelled':
      return 'cancelled';
    case 'failed':
    case 'failed-build':
      return 'failed';
    default:
      return 'running';
  }
}

export function mapDeployment(
  account: string,
  serverId: string,
  siteId: string,
  deployment: ForgeDeployment,
): Deployment {
  const a = deployment.attributes;
  return {
    id: deployment.id,
    site_id: siteId,
    state: deploymentState(a.status),
    status: a.status,
    commit: a.commit
      ? {
          hash: a.commit.hash ?? null,
          message: a.commit.message ?? null,
          author: a.commit.author ?? null,
          branch: a.commit.branch ?? null,
        }
      : null,
    started_at: a.started_at ?? null,
    ended_at: a.ended_at ?? null,
    operation_id: encodeHandle({
      provider: 'forge',
      account,
      kind: 'deployment',
      ids: [serverId, siteId, deployment.id],
    }),
  };
}

export function deploymentOperation(
  account: string,
  serverId: string,
  siteId: string,
  deployment: ForgeDeployment,
): Operation {
  const mapped = mapDeployment(account, serverId, siteId, deployment);
  return {
    id: mapped.operation_id,
    kind: 'deployment',
    state: mapped.state,
    done: isDone(mapped.state),
    status: mapped.status,
    description: `Deployment ${deployment.id} of site ${siteId}`,
    started_at: mapped.started_at,
    ended_at: mapped.state === 'running' || mapped.state === 'pending' ? null : mapped.ended_at,
    server_id: serverId,
    site_id: siteId,
    details: mapped.commit?.hash ? { commit: mapped.commit } : undefined,
  };
}

export function serverOperation(account: string, server: ForgeServer): Operation {
  const mapped = mapServer(server);
  const state: OperationState = mapped.ready ? 'succeeded' : 'running';
  return {
    id: encodeHandle({ provider: 'forge', account, kind: 'server', ids: [server.id] }),
    kind: 'server',
    state,
    done: mapped.ready,
    status: mapped.status,
    description: `Provisioning of server ${mapped.name} (${server.id})`,
    started_at: mapped.created_at,
    ended_at: null,
    server_id: server.id,
    details: compact({ ip_address: mapped.ip_address }),
  };
}

/** SiteStatus: creating/installing while Forge sets the site up; installed/deployed/never-deployed after. */
export function siteState(status: string | null | undefined): OperationState {
  switch (status) {
    case 'creating':
    case 'installing':
      return 'running';
    case 'failed':
      return 'failed';
    case 'removing':
    case 'uninstalling':
      return 'cancelled';
    default:
      return 'succeeded';
  }
}

export function siteOperation(account: string, serverId: string, site: ForgeSite): Operation {
  const state = siteState(site.attributes.status);
  return {
    id: encodeHandle({ provider: 'forge', account, kind: 'site', ids: [serverId, site.id] }),
    kind: 'site',
    state,
    done: isDone(state),
    status: site.attributes.status ?? 'unknown',
    description: `Installation of site ${site.attributes.name} (${site.id})`,
    started_at: site.attributes.created_at ?? null,
    ended_at: null,
    server_id: serverId,
    site_id: site.id,
  };
}

/** CertificateRequestStatus verifying → creating → created; ResourceState failed* means it failed. */
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
    id: encodeHandle({
      provider: 'forge',
      account,
      kind: 'certificate',
      ids: [ids.server, ids.site, ids.domain, cert.id],
    }),
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
