import { encodeHandle } from '../../core/operations.js';
import { compact, isDone } from '../shared.js';
import type { Certificate, Deployment, Operation, OperationState, Server, Site } from '../types.js';
import {
  linkHref,
  type PlatformshActivity,
  type PlatformshCertificate,
  type PlatformshDomain,
  type PlatformshEnvironment,
  type PlatformshProject,
  type PlatformshSubscription,
} from './schemas.js';

/**
 * Platform.sh vendor shapes → normalized shapes. A project is a "server", an environment a "site",
 * an activity an operation (and, for the types that deploy, a deployment). Nothing secret is copied:
 * the schemas already dropped deploy keys, variable values and certificate keys.
 */

const PROVIDER = 'platformsh';

/** Site ids are `project:environment`: environment names repeat across projects, `:` never appears in one. */
export function siteId(projectId: string, environmentId: string): string {
  return `${projectId}:${environmentId}`;
}

export function splitSiteId(value: string): { projectId: string; environmentId: string } | undefined {
  const at = value.indexOf(':');
  if (at <= 0 || at === value.length - 1) return undefined;
  return { projectId: value.slice(0, at), environmentId: value.slice(at + 1) };
}

// ---- projects ---------------------------------------------------------------------------------

/** Subscription status: requested/provisioning while the project is created, active when usable. */
export function subscriptionState(status: string | null | undefined): OperationState {
  switch (status) {
    case 'active':
      return 'succeeded';
    case 'provisioning failure':
    case 'failed':
    case 'suspended':
      return 'failed';
    case 'deleted':
      return 'cancelled';
    default:
      return 'running';
  }
}

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

export function serverFromProject(
  project: PlatformshProject,
  sub?: { subscription: PlatformshSubscription; organizationId: string },
): Server {
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

export function projectOperation(
  account: string,
  organizationId: string,
  sub: PlatformshSubscription,
): Operation {
  const state = subscriptionState(sub.status);
  return {
    id: encodeHandle({ provider: PROVIDER, account, kind: 'project', ids: [organizationId, sub.id] }),
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

// ---- environments -----------------------------------------------------------------------------

/** The environment's web address: the `public-url` link when given, else its default domain. */
export function environmentUrl(env: PlatformshEnvironment): string | null {
  const link = linkHref(env._links, 'public-url');
  if (link) return link;
  return env.default_domain ? `https://${env.default_domain}` : null;
}

export function mapSite(projectId: string, env: PlatformshEnvironment): Site {
  const url = environmentUrl(env);
  let host: string | undefined;
  try {
    host = url ? new URL(url).hostname : undefined;
  } catch {
    host = undefined;
  }
  const domains = [...new Set([env.default_domain, host].filter((d): d is string => Boolean(d)))];
  return {
    id: siteId(projectId, env.id),
    name: env.name ?? env.id,
    server_id: projectId,
    domains,
    status: env.status,
    url,
    https: url ? url.startsWith('https:') : null,
    repository: null,
    branch: env.id,
    created_at: env.created_at ?? null,
    details: compact({
      title: env.title,
      type: env.type,
      parent: env.parent,
      is_main: env.is_main,
      head_commit: env.head_commit,
      last_deployment_successful: env.deployment_state?.last_deployment_successful,
      last_deployment_at: env.deployment_state?.last_deployment_at,
    }),
  };
}

// ---- activities -------------------------------------------------------------------------------

/**
 * Activity state: pending/scheduled/staged wait, in_progress runs, complete carries a `result`
 * (success or failure), cancelled was stopped. Success is only reported from `result`.
 */
export function activityState(activity: Pick<PlatformshActivity, 'state' | 'result'>): OperationState {
  switch (activity.state) {
    case 'pending':
    case 'scheduled':
    case 'staged':
      return 'pending';
    case 'in_progress':
      return 'running';
    case 'complete':
      return activity.result === 'success' ? 'succeeded' : 'failed';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'running';
  }
}

export function activityStatus(activity: Pick<PlatformshActivity, 'state' | 'result'>): string {
  return activity.state === 'complete' && activity.result
    ? `${activity.state}/${activity.result}`
    : activity.state;
}

/** Activity types that end in a deployment of the environment. */
const DEPLOYING = new Set([
  'environment.push',
  'environment.redeploy',
  'environment.activate',
  'environment.resume',
  'environment.branch',
  'environment.merge',
  'environment.synchronize',
  'environment.initialize',
  'environment.restore',
  'environment.deploy',
  'environment.source-operation',
]);

export function isDeploying(activity: Pick<PlatformshActivity, 'type'>): boolean {
  return DEPLOYING.has(activity.type);
}

/**
 * Operation handle of an activity, as seen from one environment: an activity can span several
 * (a branch touches the parent and the child), and the site it reports is the one asked about.
 */
export function activityHandle(
  account: string,
  projectId: string,
  activity: PlatformshActivity,
  environmentId = activity.environments?.[0],
): string {
  return encodeHandle({
    provider: PROVIDER,
    account,
    kind: 'activity',
    ids: environmentId ? [projectId, activity.id, environmentId] : [projectId, activity.id],
  });
}

/** The commit a push carried, read leniently from the activity payload. */
function pushedCommit(activity: PlatformshActivity): Deployment['commit'] {
  const commits = activity.payload?.commits;
  if (!Array.isArray(commits) || commits.length === 0) return null;
  const last = commits[commits.length - 1] as Record<string, unknown>;
  const author = last.author as Record<string, unknown> | undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    hash: text(last.sha),
    message: text(last.message),
    author: text(author?.name),
    branch: activity.environments?.[0] ?? null,
  };
}

export function mapDeployment(
  account: string,
  projectId: string,
  activity: PlatformshActivity,
  options: { environmentId?: string; commit?: Deployment['commit'] } = {},
): Deployment {
  const state = activityState(activity);
  const env = options.environmentId ?? activity.environments?.[0] ?? '';
  return {
    id: activity.id,
    site_id: siteId(projectId, env),
    state,
    status: activityStatus(activity),
    commit: options.commit ?? pushedCommit(activity),
    started_at: activity.started_at ?? activity.created_at ?? null,
    ended_at: isDone(state) ? (activity.completed_at ?? activity.cancelled_at ?? null) : null,
    operation_id: activityHandle(account, projectId, activity, env || undefined),
  };
}

export function activityOperation(
  account: string,
  projectId: string,
  activity: PlatformshActivity,
  environmentId = activity.environments?.[0],
): Operation {
  const state = activityState(activity);
  const env = environmentId;
  return {
    id: activityHandle(account, projectId, activity, env),
    kind: 'activity',
    state,
    done: isDone(state),
    status: activityStatus(activity),
    description: `Activity ${activity.id} (${activity.type})${env ? ` on environment ${env}` : ''}`,
    started_at: activity.started_at ?? activity.created_at ?? null,
    ended_at: isDone(state) ? (activity.completed_at ?? activity.cancelled_at ?? null) : null,
    server_id: projectId,
    site_id: env ? siteId(projectId, env) : null,
    details: compact({ type: activity.type, completion_percent: activity.completion_percent }),
  };
}

// ---- domains and certificates -----------------------------------------------------------------

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
