import { isDone } from '../kit/status-map.js';
import { compact } from '../shared.js';
import type { Operation, Server } from '../types.js';
import { platformshHandles } from './handles.js';
import type { PlatformshProject, PlatformshSubscription } from './schemas.js';
import { subscriptionState } from './states.js';

/** A project seen through its organization's subscription (the only view before it is provisioned). */
export interface LocatedSubscription {
  subscription: PlatformshSubscription;
  organizationId: string;
}

/** A project as a server, from its subscription: the repository's deploy key is never copied. */
export function serverFromSubscription(sub: PlatformshSubscription, organizationId: string): Server {
  return {
    // Until provisioning assigns a project id, the subscription id names the project.
    id: sub.project_id || sub.id,
    name: sub.project_title ?? `subscription ${sub.id}`,
    status: sub.status ?? 'unknown',
    ready: sub.status === 'active',
    ip_address: null,
    region: sub.project_region ?? null,
    size: sub.plan ?? null,
    created_at: sub.created_at ?? null,
    details: compact({
      organization_id: organizationId,
      subscription_id: sub.id,
      region_label: sub.project_region_label,
      console_url: sub.project_ui || undefined,
      environments: sub.environments,
      storage_mb: sub.storage,
    }),
  };
}

export function serverFromProject(project: PlatformshProject, sub?: LocatedSubscription): Server {
  const status = project.status?.code ?? sub?.subscription.status ?? 'active';
  return {
    id: project.id,
    name: project.title ?? project.id,
    status,
    ready: status === 'active',
    ip_address: null,
    region: project.region ?? sub?.subscription.project_region ?? null,
    size: project.subscription?.plan ?? sub?.subscription.plan ?? null,
    created_at: project.created_at ?? sub?.subscription.created_at ?? null,
    details: compact({
      organization_id: project.organization ?? sub?.organizationId,
      subscription_id: sub?.subscription.id,
      default_branch: project.default_branch,
      default_domain: project.default_domain,
      git_url: project.repository?.url,
      console_url: sub?.subscription.project_ui || undefined,
      status_message: project.status?.message,
    }),
  };
}

/** Creation of a project, followed through its subscription until it is active. */
export function projectOperation(
  account: string,
  organizationId: string,
  sub: PlatformshSubscription,
): Operation {
  const state = subscriptionState(sub.status);
  return {
    id: platformshHandles.encode(account, 'project', { organization: organizationId, subscription: sub.id }),
    kind: 'project',
    state,
    done: isDone(state),
    status: sub.status ?? 'unknown',
    description: `Creation of project ${sub.project_title ?? sub.id} (subscription ${sub.id})`,
    started_at: sub.created_at ?? null,
    ended_at: null,
    server_id: sub.project_id || sub.id,
    details: compact({ plan: sub.plan, region: sub.project_region, project_id: sub.project_id || undefined }),
  };
}
