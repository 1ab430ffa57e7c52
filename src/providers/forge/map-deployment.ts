import { isDone } from '../kit/status-map.js';
import type { Deployment, Operation } from '../types.js';
import { forgeHandles } from './handles.js';
import type { ForgeDeployment } from './schemas.js';
import { deploymentState } from './states.js';

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
    operation_id: forgeHandles.encode(account, 'deployment', {
      server: serverId,
      site: siteId,
      deployment: deployment.id,
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
