import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http.js';
import { matchRef } from '../../core/resolve.js';
import type { SiteRef } from '../types.js';
import type { PlatformshClient } from './client.js';
import { mapSite, siteId, splitSiteId } from './mapping.js';
import * as v from './schemas.js';

const TITLE = 'Platform.sh';

/** Project ids are short lowercase alphanumerics; anything else is looked up by title. */
const PROJECT_ID = /^[a-z0-9]{8,20}$/;
/** Looking for an environment across projects reads this many projects at most, a few at a time. */
const MAX_PROJECTS_SCANNED = 50;
const SCAN_CONCURRENCY = 5;

export interface LocatedSubscription {
  subscription: v.PlatformshSubscription;
  organizationId: string;
}

export interface LocatedProject {
  project?: v.PlatformshProject;
  subscription?: LocatedSubscription;
}

/**
 * Turns what a user calls things into API ids: organizations by id, machine name or label;
 * projects by id, title or subscription id (projects are listed through each organization's
 * subscriptions); environments by id, name or domain, within one project or across all of them.
 * An environment name such as `main` exists in every project, so without `server` it is ambiguous
 * and the error lists the candidates.
 */
export class PlatformshDirectory {
  private user: Promise<string> | undefined;

  constructor(private readonly client: PlatformshClient) {}

  /** The token's user id (cached: it cannot change for one API token). */
  private userId(ctx: RequestContext): Promise<string> {
    this.user ??= this.client
      .get('users.me', {}, v.user, { signal: ctx.signal })
      .then((me) => me.id)
      .catch((error) => {
        this.user = undefined;
        throw error;
      });
    return this.user;
  }

  async organizations(ctx: RequestContext): Promise<v.PlatformshOrganization[]> {
    const userId = await this.userId(ctx);
    return (await this.client.pages('users.organizations', { userId }, v.organization, ctx, 500)).items;
  }

  async findOrganization(ctx: RequestContext, ref: string): Promise<v.PlatformshOrganization> {
    const orgs = await this.organizations(ctx);
    try {
      return matchRef(
        orgs.map((org) => ({ id: org.id, name: org.name ?? org.id, org })),
        ref,
        {
          kind: 'organization',
          listTool: 'list_servers',
          provider: TITLE,
          aliases: (item) => [item.org.label],
        },
      ).org;
    } catch (error) {
      if (!(error instanceof HostingError) || error.code !== 'not_found') throw error;
      throw new HostingError('not_found', `No Platform.sh organization "${ref}" for this token.`, {
        hint: orgs.length
          ? `Organizations: ${orgs.map((o) => `${o.name ?? o.id} (${o.id})`).join(', ')}.`
          : 'The token belongs to no organization: create one in the Console first.',
      });
    }
  }

  /** Every project the token sees, as subscriptions of its organizations. */
  async subscriptions(
    ctx: RequestContext,
    limit: number,
  ): Promise<{ items: LocatedSubscription[]; truncated: boolean }> {
    const items: LocatedSubscription[] = [];
    for (const org of await this.organizations(ctx)) {
      const page = await this.client.pages(
        'subscriptions.index',
        { organizationId: org.id },
        v.subscription,
        ctx,
        Math.max(1, limit - items.length),
      );
      items.push(...page.items.map((subscription) => ({ subscription, organizationId: org.id })));
      if (items.length > limit || page.truncated) return { items: items.slice(0, limit), truncated: true };
    }
    return { items, truncated: false };
  }

  async findProject(ctx: RequestContext, ref: string): Promise<LocatedProject> {
    const wanted = ref.trim();
    if (PROJECT_ID.test(wanted)) {
      try {
        return { project: await this.client.get('projects.show', { projectId: wanted }, v.project, ctx) };
      } catch (error) {
        if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
      }
    }
    const subs = await this.subscriptions(ctx, 500);
    const match = matchRef(
      subs.items.map((located) => ({
        id: located.subscription.project_id || located.subscription.id,
        name: located.subscription.project_title ?? '',
        located,
      })),
      wanted,
      {
        kind: 'project',
        listTool: 'list_servers',
        provider: TITLE,
        aliases: (item) => [item.located.subscription.id],
      },
    );
    return { subscription: match.located };
  }

  /** The id of a project that exists and can hold environments. */
  async projectId(ctx: RequestContext, ref: string): Promise<string> {
    const found = await this.findProject(ctx, ref);
    if (found.project) return found.project.id;
    const sub = found.subscription!.subscription;
    if (sub.project_id && sub.status === 'active') return sub.project_id;
    throw new HostingError(
      'conflict',
      `Project ${sub.project_title ?? sub.id} is not ready (subscription status ${sub.status ?? 'unknown'}).`,
      { hint: 'Follow its creation with get_operation; its environments exist once it is active.' },
    );
  }

  /** Projects whose environments can be listed, capped for cross-project lookups. */
  async scannableProjects(
    ctx: RequestContext,
  ): Promise<{ projects: Array<{ projectId: string; title: string }>; truncated: boolean }> {
    const subs = await this.subscriptions(ctx, MAX_PROJECTS_SCANNED);
    const projects = subs.items
      .filter((s) => s.subscription.project_id && s.subscription.status === 'active')
      .map((s) => ({
        projectId: s.subscription.project_id!,
        title: s.subscription.project_title ?? s.subscription.project_id!,
      }));
    return { projects, truncated: subs.truncated };
  }

  environments(ctx: RequestContext, projectId: string): Promise<v.PlatformshEnvironment[]> {
    return this.client.get('environments.index', { projectId }, z.array(v.environment), ctx);
  }

  /** Environments of several projects, a few requests at a time, in the projects' order. */
  async environmentsOf(
    ctx: RequestContext,
    projectIds: readonly string[],
  ): Promise<Array<{ projectId: string; environments: v.PlatformshEnvironment[] }>> {
    const out: Array<{ projectId: string; environments: v.PlatformshEnvironment[] }> = [];
    for (let i = 0; i < projectIds.length; i += SCAN_CONCURRENCY) {
      const batch = projectIds.slice(i, i + SCAN_CONCURRENCY);
      out.push(
        ...(await Promise.all(
          batch.map(async (projectId) => ({
            projectId,
            environments: await this.environments(ctx, projectId),
          })),
        )),
      );
    }
    return out;
  }

  /** An environment by `project:env` site id, or by id/name/domain within `server` or across projects. */
  async findEnvironment(
    ctx: RequestContext,
    ref: SiteRef,
  ): Promise<{ projectId: string; env: v.PlatformshEnvironment }> {
    const wanted = ref.site.trim();
    const composite = splitSiteId(wanted);
    if (ref.server) {
      const projectId = await this.projectId(ctx, ref.server);
      if (composite && composite.projectId !== projectId) {
        throw new HostingError('invalid_argument', `Site ${wanted} is not in project ${projectId}.`, {
          hint: 'Drop `server`, or pass the environment name alone.',
        });
      }
      const envs = await this.environments(ctx, projectId);
      const env = matchEnvironment(
        envs.map((e) => ({ projectId, env: e })),
        composite ? composite.environmentId : wanted,
        (item) => item.env.id,
      );
      return env;
    }
    if (composite) {
      const env = await this.client.get(
        'environments.show',
        { projectId: composite.projectId, environmentId: composite.environmentId },
        v.environment,
        ctx,
      );
      return { projectId: composite.projectId, env };
    }
    const { projects, truncated } = await this.scannableProjects(ctx);
    const all = await this.environmentsOf(
      ctx,
      projects.map((p) => p.projectId),
    );
    const items = all.flatMap(({ projectId, environments }) =>
      environments.map((env) => ({ projectId, env })),
    );
    try {
      return matchEnvironment(items, wanted, (item) => siteId(item.projectId, item.env.id));
    } catch (error) {
      if (error instanceof HostingError && error.code === 'not_found' && truncated) {
        throw new HostingError(
          'not_found',
          `No environment "${wanted}" in the first ${projects.length} projects.`,
          {
            hint: 'Pass `server` (the project) to look in one project.',
          },
        );
      }
      if (!(error instanceof HostingError) || error.code !== 'ambiguous') throw error;
      const titles = new Map(projects.map((p) => [p.projectId, p.title]));
      const candidates = (error.details?.candidates as Array<{ id: string }> | undefined) ?? [];
      throw new HostingError(
        'ambiguous',
        `"${wanted}" names an environment in ${candidates.length} projects.`,
        {
          hint: 'Pass `server` (the project), or one of these site ids as `site`.',
          details: {
            candidates: candidates.map((c) => ({
              id: c.id,
              project: titles.get(splitSiteId(c.id)?.projectId ?? '') ?? null,
            })),
          },
        },
      );
    }
  }
}

/** matchRef over environments: exact id first, then name, machine name or domain. */
function matchEnvironment(
  items: Array<{ projectId: string; env: v.PlatformshEnvironment }>,
  wanted: string,
  idOf: (item: { projectId: string; env: v.PlatformshEnvironment }) => string,
): { projectId: string; env: v.PlatformshEnvironment } {
  return matchRef(
    items.map((item) => ({ id: idOf(item), name: item.env.name ?? item.env.id, item })),
    wanted,
    {
      kind: 'environment',
      listTool: 'list_sites',
      provider: TITLE,
      aliases: ({ item }) => [
        item.env.id,
        item.env.machine_name,
        ...mapSite(item.projectId, item.env).domains,
      ],
    },
  ).item;
}
