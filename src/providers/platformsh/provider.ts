import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { OperationHandle } from '../../core/operations.js';
import { matchRef } from '../../core/resolve.js';
import {
  compact,
  createProviderHttp,
  logNeeds,
  needId,
  parseInput,
  tail,
  unknownLogSource,
} from '../shared.js';
import type {
  AccountConfig,
  CallContext,
  Deployment,
  HostingProvider,
  LogRequest,
  LogSource,
  LogText,
  Operation,
  ProviderDeps,
  SiteRef,
  WriteResult,
} from '../types.js';
import { AccessTokenAuthenticator } from './auth.js';
import { PlatformshClient } from './client.js';
import { PlatformshDirectory } from './directory.js';
import { platformshDoctor } from './doctor.js';
import { createServerInput, createSiteInput, deployInput, issueCertificateInput } from './inputs.js';
import { apiHosts } from './links.js';
import {
  activityOperation,
  activityState,
  activityStatus,
  isDeploying,
  mapDeployment,
  mapSite,
  projectOperation,
  serverFromProject,
  serverFromSubscription,
  siteId,
} from './mapping.js';
import * as v from './schemas.js';
import { PlatformshTls } from './tls.js';

export const DEFAULT_API_URL = 'https://api.platform.sh';
export const DEFAULT_AUTH_URL = 'https://auth.api.platform.sh';

const TITLE = 'Platform.sh';
const AUTH_HINT =
  'Set PLATFORMSH_API_TOKEN to a Platform.sh API token (Console → Account Settings → API Tokens); for Upsun also set PLATFORMSH_API_URL and PLATFORMSH_AUTH_URL.';

/** Project provisioning takes minutes; activities are worth a look every few seconds. */
const PROJECT_POLL_MS = 15_000;
const ACTIVITY_POLL_MS = 3_000;

const LOG_SOURCES: readonly LogSource[] = [
  {
    id: 'deployment',
    needs: 'site',
    description: 'build/deploy log of an activity (id = activity id, default latest). Runtime logs: SSH only',
  },
  {
    id: 'activity',
    needs: 'server',
    description: 'log of any project activity (id = activity id, default latest)',
  },
];

/** Activity types a write starts, to pick the right one from `_embedded.activities`. */
const STARTS = {
  'environments.redeploy': 'environment.redeploy',
  'environments.activate': 'environment.activate',
  'environments.resume': 'environment.resume',
} as const;

export class PlatformshProvider implements HostingProvider {
  readonly id = 'platformsh' as const;
  readonly title = TITLE;
  readonly account: string;
  readonly doctor = platformshDoctor(() => this.client.http);
  private readonly auth: AccessTokenAuthenticator;
  private readonly client: PlatformshClient;
  private readonly directory: PlatformshDirectory;
  private readonly tls: PlatformshTls;
  private readonly closeAuth: () => Promise<void>;

  constructor(account: AccountConfig, deps: ProviderDeps) {
    this.account = account.name;
    const apiUrl = account.settings.api_url || DEFAULT_API_URL;
    const authHttp = createProviderHttp(account, deps, {
      title: `${TITLE} auth`,
      // The token endpoint takes HTTP Basic credentials the authenticator sets per request.
      authenticator: { headers: async () => ({}) },
      authHint: AUTH_HINT,
      requestsPerMinute: 0,
      baseUrl: account.settings.auth_url || DEFAULT_AUTH_URL,
      parseError: (body) => {
        const parsed = v.tokenError.parse(body);
        return { message: parsed.error_description ?? parsed.error ?? undefined };
      },
    });
    this.closeAuth = () => authHttp.close();
    this.auth = new AccessTokenAuthenticator({
      http: authHttp,
      apiToken: account.settings.api_token ?? '',
      redactor: deps.redactor,
      authHint: AUTH_HINT,
    });
    const http = createProviderHttp(account, deps, {
      title: TITLE,
      authenticator: this.auth,
      authHint: AUTH_HINT,
      // No request budget is documented.
      requestsPerMinute: 0,
      baseUrl: apiUrl,
      allowedHosts: apiHosts(apiUrl),
      parseError: parseError,
    });
    this.client = new PlatformshClient(
      http,
      apiUrl,
      deps.logger.child({ provider: 'platformsh', account: account.name }),
    );
    this.directory = new PlatformshDirectory(this.client);
    this.tls = new PlatformshTls(this.client, this.directory, deps.redactor, account.name);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.client.http.close(), this.closeAuth()]);
  }

  readonly servers = {
    list: async (ctx: CallContext, query: { limit: number }) => {
      const subs = await this.directory.subscriptions(ctx, query.limit);
      return {
        items: subs.items.map((s) => serverFromSubscription(s.subscription, s.organizationId)),
        truncated: subs.truncated,
      };
    },
    get: async (ctx: CallContext, ref: string) => {
      const found = await this.directory.findProject(ctx, ref);
      if (found.project) return serverFromProject(found.project, found.subscription);
      const sub = found.subscription!;
      if (sub.subscription.project_id && sub.subscription.status === 'active') {
        const project = await this.client.get(
          'projects.show',
          { projectId: sub.subscription.project_id },
          v.project,
          ctx,
        );
        return serverFromProject(project, sub);
      }
      return serverFromSubscription(sub.subscription, sub.organizationId);
    },
    create: {
      input: createServerInput,
      run: async (
        ctx: CallContext,
        _target: undefined,
        raw: Record<string, unknown>,
      ): Promise<WriteResult> => {
        const input = parseInput(createServerInput, raw, 'create_server', TITLE);
        const org = await this.directory.findOrganization(ctx, input.organization);
        const orgName = org.label ?? org.name ?? org.id;
        const check = await this.client.get(
          'subscriptions.canCreate',
          { organizationId: org.id },
          v.canCreate,
          ctx,
        );
        if (check.can_create === false) {
          const action = check.required_action;
          throw new HostingError(
            'payment_required',
            `Platform.sh will not create a project in ${orgName}${check.message ? `: ${check.message}` : ''}.`,
            {
              hint: action?.action
                ? `Do this first in the Console: ${action.action}${action.type ? ` (${action.type})` : ''}.`
                : 'Check the organization’s billing details in the Console.',
            },
          );
        }
        const body = compact({
          project_title: input.name,
          plan: input.plan,
          project_region: input.region,
          default_branch: input.default_branch,
        });
        const created = await this.client.post(
          'subscriptions.store',
          { organizationId: org.id },
          body,
          v.subscription,
          ctx,
        );
        return {
          message: `Platform.sh accepted project "${input.name}" (subscription ${created.id}) in ${orgName}: plan ${input.plan}, region ${input.region}. It is billed from now on; provisioning takes a few minutes.`,
          operation: projectOperation(this.account, org.id, created),
          resource: serverFromSubscription(created, org.id),
          next_steps: [
            'Follow it with get_operation; once active, its environments show in list_sites.',
            'Push code with git to the project repository (get_server shows git_url), then deploy_site.',
          ],
        };
      },
    },
  };

  readonly sites = {
    list: async (ctx: CallContext, query: { limit: number; server?: string }) => {
      const scope = query.server
        ? { projects: [{ projectId: await this.directory.projectId(ctx, query.server) }], truncated: false }
        : await this.directory.scannableProjects(ctx);
      const perProject = await this.directory.environmentsOf(
        ctx,
        scope.projects.map((p) => p.projectId),
      );
      const all = perProject.flatMap(({ projectId, environments }) =>
        environments.map((env) => mapSite(projectId, env)),
      );
      // Without `server` only the first projects are read: say so rather than look complete.
      return { items: all.slice(0, query.limit), truncated: scope.truncated || all.length > query.limit };
    },
    get: async (ctx: CallContext, ref: SiteRef) => {
      const { projectId, env } = await this.directory.findEnvironment(ctx, ref);
      return mapSite(projectId, env);
    },
    create: {
      input: createSiteInput,
      run: async (ctx: CallContext, target: { server?: string }, raw: Record<string, unknown>) =>
        this.branch(ctx, target, raw),
    },
  };

  readonly deployments = {
    deploy: {
      input: deployInput,
      run: (ctx: CallContext, ref: SiteRef, raw: Record<string, unknown>) => this.deploy(ctx, ref, raw),
    },
    list: async (ctx: CallContext, ref: SiteRef, query: { limit: number }) => {
      const { projectId, env } = await this.directory.findEnvironment(ctx, ref);
      const deploying = (await this.environmentActivities(ctx, projectId, env.id)).filter(isDeploying);
      return {
        items: deploying
          .slice(0, query.limit)
          .map((a) => mapDeployment(this.account, projectId, a, { environmentId: env.id })),
        truncated: deploying.length > query.limit,
      };
    },
  };

  readonly certificates = {
    issue: {
      input: issueCertificateInput,
      run: (ctx: CallContext, ref: SiteRef, raw: Record<string, unknown>) =>
        this.tls.issue(ctx, ref, parseInput(issueCertificateInput, raw, 'issue_certificate', TITLE)),
    },
    list: (ctx: CallContext, ref: SiteRef) => this.tls.list(ctx, ref),
  };

  readonly logs = {
    sources: LOG_SOURCES,
    read: (ctx: CallContext, request: LogRequest): Promise<LogText> => this.readLog(ctx, request),
  };

  readonly operations = {
    get: (ctx: CallContext, handle: OperationHandle): Promise<Operation> => this.getOperation(ctx, handle),
    pollIntervalMs: (handle: OperationHandle) =>
      handle.kind === 'project' ? PROJECT_POLL_MS : ACTIVITY_POLL_MS,
  };

  // ---- writes ---------------------------------------------------------------------------------

  private async branch(ctx: CallContext, target: { server?: string }, raw: Record<string, unknown>) {
    const input = parseInput(createSiteInput, raw, 'create_site', TITLE);
    if (!target.server) {
      throw new HostingError(
        'invalid_argument',
        'Platform.sh branches an environment inside a project: pass `server`.',
        {
          hint: 'Use list_servers to pick the project.',
        },
      );
    }
    const projectId = await this.directory.projectId(ctx, target.server);
    const environments = await this.directory.environments(ctx, projectId);
    if (environments.some((e) => e.id.toLowerCase() === input.name.toLowerCase())) {
      throw new HostingError('conflict', `Project ${projectId} already has an environment "${input.name}".`, {
        hint: 'Pick another name, or use deploy_site on the existing environment.',
      });
    }
    const parentRef =
      input.parent ??
      (await this.client.get('projects.show', { projectId }, v.project, ctx)).default_branch ??
      'main';
    const parent = matchRef(
      environments.map((env) => ({ id: env.id, name: env.name ?? env.id, env })),
      parentRef,
      { kind: 'environment', listTool: 'list_sites', provider: TITLE },
    ).env;
    if (parent.status !== 'active') {
      throw new HostingError('conflict', `The parent environment ${parent.id} is ${parent.status}.`, {
        hint: 'Branch from an active environment (pass `parent`), or activate this one with deploy_site activate: true.',
      });
    }
    const { activities } = await this.client.act(
      'environments.branch',
      { projectId, environmentId: parent.id },
      {
        name: input.name,
        title: input.title ?? input.name,
        type: input.environment_type,
        clone_parent: input.clone_parent,
        // Keep the platform's default resource allocation (the seed lists the field as required).
        resources: null,
      },
      ctx,
    );
    const activity =
      activities.find((a) => a.type === 'environment.branch') ??
      (await this.startedActivity(ctx, projectId, 'environment.branch', parent.id));
    return {
      message: `Platform.sh is branching environment ${input.name} from ${parent.id} in project ${projectId}${input.clone_parent ? ' with a copy of its data' : ''}.`,
      operation: activity ? activityOperation(this.account, projectId, activity, input.name) : undefined,
      resource: {
        id: siteId(projectId, input.name),
        name: input.name,
        server_id: projectId,
        parent: parent.id,
      },
      next_steps: [`Push to the git branch ${input.name} to deploy new code there.`],
    };
  }

  private async deploy(ctx: CallContext, ref: SiteRef, raw: Record<string, unknown>): Promise<WriteResult> {
    const input = parseInput(deployInput, raw, 'deploy_site', TITLE);
    const { projectId, env } = await this.directory.findEnvironment(ctx, ref);
    const route = deployRoute(env, input.activate);
    const { activities } = await this.client.act(
      route,
      { projectId, environmentId: env.id },
      route === 'environments.activate' ? { resources: null } : undefined,
      ctx,
    );
    const activity =
      activities.find((a) => a.type === STARTS[route]) ??
      activities[0] ??
      (await this.startedActivity(ctx, projectId, STARTS[route], env.id));
    if (!activity) {
      return {
        message: `Platform.sh accepted the ${route.split('.')[1]} of ${env.id} but named no activity.`,
        next_steps: ['Check list_deployments in a moment: the activity should appear there.'],
      };
    }
    const commit = await this.headCommit(ctx, projectId, env).catch(() => null);
    const verb =
      route === 'environments.redeploy'
        ? 'redeploying'
        : route === 'environments.activate'
          ? 'activating'
          : 'resuming';
    return {
      message: `Platform.sh is ${verb} environment ${env.id} of project ${projectId} (activity ${activity.id}).`,
      operation: activityOperation(this.account, projectId, activity, env.id),
      resource: mapDeployment(this.account, projectId, activity, { environmentId: env.id, commit }),
      next_steps: [
        'deploy_site redeploys the current commit; to ship new code, git push to the environment’s branch.',
      ],
    };
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** Newest first, whatever order the API used. */
  private async environmentActivities(ctx: CallContext, projectId: string, environmentId: string) {
    const list = await this.client.get(
      'environments.activities.index',
      { projectId, environmentId },
      z.array(v.activity),
      ctx,
    );
    return newestFirst(list);
  }

  /** When a write's answer embeds no activity: the newest one of that type on the environment. */
  private async startedActivity(ctx: CallContext, projectId: string, type: string, environmentId: string) {
    const list = await this.environmentActivities(ctx, projectId, environmentId);
    return list.find((a) => a.type === type);
  }

  /** The commit an environment runs: its head, or its branch ref when the head is not reported. */
  private async headCommit(
    ctx: CallContext,
    projectId: string,
    env: v.PlatformshEnvironment,
  ): Promise<Deployment['commit']> {
    const sha =
      env.head_commit ??
      (await this.client.get('git.refs.show', { projectId, refId: `heads/${env.id}` }, v.gitRef, ctx)).object
        .sha;
    const commit = await this.client.get('git.commits.show', { projectId, commitId: sha }, v.gitCommit, ctx);
    return {
      hash: commit.sha,
      message: commit.message?.split('\n')[0] ?? null,
      author: commit.author?.name ?? null,
      branch: env.id,
    };
  }

  private async readLog(ctx: CallContext, request: LogRequest): Promise<LogText> {
    let projectId: string;
    let activity: v.PlatformshActivity | undefined;
    let where: string;
    if (request.source === 'deployment') {
      if (!request.site) throw logNeeds('site', request.source);
      const found = await this.directory.findEnvironment(ctx, { site: request.site, server: request.server });
      projectId = found.projectId;
      where = `environment ${found.env.id}`;
      if (request.id) {
        activity = await this.client.get(
          'activities.show',
          { projectId, activityId: request.id },
          v.activity,
          ctx,
        );
        if (activity.environments && !activity.environments.includes(found.env.id)) {
          throw new HostingError(
            'not_found',
            `Activity ${request.id} is not on environment ${found.env.id}.`,
            {
              hint: 'Use list_deployments on this site, or tail_logs source "activity" with the project.',
            },
          );
        }
      } else {
        activity = (await this.environmentActivities(ctx, projectId, found.env.id)).find(isDeploying);
      }
    } else if (request.source === 'activity') {
      if (!request.server) throw logNeeds('server', request.source);
      projectId = await this.directory.projectId(ctx, request.server);
      where = `project ${projectId}`;
      activity = request.id
        ? await this.client.get('activities.show', { projectId, activityId: request.id }, v.activity, ctx)
        : newestFirst(await this.client.get('activities.index', { projectId }, z.array(v.activity), ctx))[0];
    } else {
      throw unknownLogSource(TITLE, request.source, LOG_SOURCES);
    }
    if (!activity) {
      throw new HostingError('not_found', `No activity with a log on ${where} yet.`, {
        hint: request.source === 'deployment' ? 'Run deploy_site first.' : 'Nothing has happened on it yet.',
      });
    }
    const log = await this.client.activityLog(activity, ctx);
    const state = activityState(activity);
    return {
      label: `activity ${activity.id} (${activity.type}, ${activityStatus(activity)}) of ${where}`,
      text: log.text,
      complete: log.sealed || (state !== 'pending' && state !== 'running'),
    };
  }

  private async getOperation(ctx: CallContext, handle: OperationHandle): Promise<Operation> {
    const [first, second] = handle.ids;
    switch (handle.kind) {
      case 'project': {
        const organizationId = needId(first);
        const sub = await this.client.get(
          'subscriptions.show',
          { organizationId, subscriptionId: needId(second) },
          v.subscription,
          ctx,
        );
        return projectOperation(this.account, organizationId, sub);
      }
      case 'activity': {
        const projectId = needId(first);
        const activity = await this.client.get(
          'activities.show',
          { projectId, activityId: needId(second) },
          v.activity,
          ctx,
        );
        const operation = activityOperation(this.account, projectId, activity, handle.ids[2]);
        if (operation.state === 'failed') {
          operation.log_tail = tail((await this.client.activityLog(activity, ctx)).text);
        }
        return operation;
      }
      default:
        throw new HostingError(
          'invalid_argument',
          `Platform.sh has no operations of kind "${handle.kind}".`,
          {
            hint: 'Use an operation id returned by a Platform.sh write tool or list_deployments.',
          },
        );
    }
  }
}

/** Redeploy when active; activate or resume only when asked, since that starts billed resources. */
function deployRoute(
  env: v.PlatformshEnvironment,
  activate: boolean,
): 'environments.redeploy' | 'environments.activate' | 'environments.resume' {
  switch (env.status) {
    case 'active':
    case 'dirty':
      return 'environments.redeploy';
    case 'inactive':
      if (activate) return 'environments.activate';
      throw new HostingError(
        'conflict',
        `Environment ${env.id} is inactive, so there is nothing to redeploy.`,
        {
          hint: 'Pass activate: true to activate it (this starts billed resources), or deploy another environment.',
        },
      );
    case 'paused':
      if (activate) return 'environments.resume';
      throw new HostingError('conflict', `Environment ${env.id} is paused.`, {
        hint: 'Pass activate: true to resume it, then deploy.',
      });
    default:
      throw new HostingError(
        'conflict',
        `Environment ${env.id} is ${env.status} and cannot be deployed now.`,
        {
          hint: 'Check it with get_site and retry once it is active.',
        },
      );
  }
}

function newestFirst(list: v.PlatformshActivity[]): v.PlatformshActivity[] {
  const at = (a: v.PlatformshActivity) => Date.parse(a.created_at ?? '') || 0;
  return [...list].sort((a, b) => at(b) - at(a));
}

/** Reads both error families into one message; project-API `detail` maps become field errors. */
function parseError(body: unknown) {
  if (typeof body === 'string') return { message: body.slice(0, 300) };
  const parsed = v.errorBody.parse(body);
  const detail = parsed.detail;
  const fields =
    detail && typeof detail === 'object'
      ? Object.fromEntries(
          Object.entries(detail)
            .filter(([, value]) => typeof value === 'string')
            .map(([key, value]) => [key, [value as string]]),
        )
      : undefined;
  const hasFields = fields !== undefined && Object.keys(fields).length > 0;
  const base = parsed.message ?? parsed.error ?? (typeof detail === 'string' ? detail : parsed.title);
  // 400s carry their field errors in `detail`; fold them into the message the model sees.
  const said = hasFields
    ? `${base ? `${base}: ` : ''}${Object.entries(fields)
        .map(([k, [m]]) => `${k}: ${m}`)
        .join('; ')}`
    : base;
  // The client adds its own full stop.
  return { message: said?.replace(/[.\s]+$/, '') || undefined, fields: hasFields ? fields : undefined };
}
