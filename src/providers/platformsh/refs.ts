import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http.js';
import { verb } from '../kit/hints.js';
import { matchRef, type RefLookup, resolveRef } from '../kit/resolve-ref.js';
import type { SiteRef } from '../types.js';
import type { PlatformshClient } from './client.js';
import type { LocatedSubscription } from './map-server.js';
import { mapSite, siteId, splitSiteId } from './map-site.js';
import * as v from './schemas.js';

const TITLE = 'Platform.sh';

/** Project ids are short lowercase alphanumerics; anything else is looked up by title. */
const PROJECT_ID = /^[a-z0-9]{8,20}$/;
/** Looking for an environment across projects reads this many projects at most, a few at a time. */
const MAX_PROJECTS_SCANNED = 50;
const SCAN_CONCURRENCY = 5;

export interface LocatedProject {
  project?: v.PlatformshProject;
  subscription?: LocatedSubscription;
}

export interface LocatedEnvironment {
  projectId: string;
  env: v.PlatformshEnvironment;
}

/**
 * Turns what a user calls things into API ids: organizations by id, machine name or label;
 * projects by id (read directly), else by title or subscription id (projects are listed through
 * each organization's subscriptions); environments by `project:environment`, id, name or domain,
 * within one project or across all of them. An environment name such as `main` exists in every
 * project, so without `server` it is ambiguous and the error lists the candidates.
 */
export class PlatformshRefs {
  private user: Promise<string> | undefined;

  constructor(private readonly client: PlatformshClient) {}

  /** The token's user id (cached: it cannot change for one API token). */
  private userId(ctx: RequestContext): Promise<string> {
    this.user ??= this.client
      .get('get-current-user', {}, v.user, { signal: ctx.signal })
      .then((me) => me.id)
      .catch((error) => {
        this.user = undefined;
        throw error;
      });
    return this.user;
  }

  async organizations(ctx: RequestContext): Promise<v.PlatformshOrganization[]> {
    const userId = await this.userId(ctx);
    return (await this.client.pages('list-user-orgs', { user_id: userId }, v.organization, ctx, 500)).items;
  }

  async organization(ctx: RequestContext, ref: string): Promise<v.PlatformshOrganization> {
    const orgs = await this.organizations(ctx);
    const wanted = ref.trim().toLowerCase();
    const byId = orgs.filter((org) => org.id.toLowerCase() === wanted);
    const found = byId.length
      ? byId
      : orgs.filter((org) => [org.name, org.label].some((name) => name?.toLowerCase() === wanted));
    if (found.length === 1) return found[0]!;
    throw new HostingError(
      found.length ? 'ambiguous' : 'not_found',
      found.length
        ? `"${ref}" names ${found.length} Platform.sh organizations.`
        : `No Platform.sh organization "${ref}" for this token.`,
      {
        hint: orgs.length
          ? `Organizations: ${orgs.map((o) => `${o.name ?? o.id} (${o.id})`).join(', ')}.`
          : 'The token belongs to no organization: create one in the Console first.',
      },
    );
  }

  /** Every project the token sees, as subscriptions of its organizations. */
  async subscriptions(
    ctx: RequestContext,
    limit: number,
  ): Promise<{ items: LocatedSubscription[]; truncated: boolean }> {
    const items: LocatedSubscription[] = [];
    for (const org of await this.organizations(ctx)) {
      const page = await this.client.pages(
        'list-org-subscriptions',
        { organization_id: org.id },
        v.subscription,
        ctx,
        Math.max(1, limit - items.length),
      );
      items.push(...page.items.map((subscription) => ({ subscription, organizationId: org.id })));
      if (items.length > limit || page.truncated) return { items: items.slice(0, limit), truncated: true };
    }
    return { items, truncated: false };
  }

  project(ctx: RequestContext, ref: string): Promise<LocatedProject> {
    return resolveRef<LocatedProject>(ref, {
      kind: 'server',
      provider: TITLE,
      looksLikeId: (text) => PROJECT_ID.test(text),
      fetch: async (id) => ({
        project: await this.client.get('get-projects', { projectId: id }, v.project, ctx),
      }),
      list: async () => (await this.subscriptions(ctx, 500)).items.map((subscription) => ({ subscription })),
      id: ({ project, subscription }) =>
        project?.id ?? (subscription!.subscription.project_id || subscription!.subscription.id),
      name: ({ project, subscription }) => project?.title ?? subscription?.subscription.project_title ?? '',
      aliases: ({ subscription }) => [subscription?.subscription.id],
    });
  }

  /** The id of a project that exists and can hold environments. */
  async projectId(ctx: RequestContext, ref: string): Promise<string> {
    const found = await this.project(ctx, ref);
    if (found.project) return found.project.id;
    const sub = found.subscription!.subscription;
    if (sub.project_id && sub.status === 'active') return sub.project_id;
    throw new HostingError(
      'conflict',
      `Project ${sub.project_title ?? sub.id} is not ready (subscription status ${sub.status ?? 'unknown'}).`,
      {
        hint: `Follow its creation with ${verb('operations.get')}; its environments exist once it is active.`,
      },
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
    return this.client.get('list-projects-environments', { projectId }, z.array(v.environment), ctx);
  }

  /** Environments of several projects, a few requests at a time, in the projects' order. */
  async environmentsOf(ctx: RequestContext, projectIds: readonly string[]): Promise<LocatedEnvironment[]> {
    const out: LocatedEnvironment[] = [];
    for (let i = 0; i < projectIds.length; i += SCAN_CONCURRENCY) {
      const batch = projectIds.slice(i, i + SCAN_CONCURRENCY);
      const lists = await Promise.all(batch.map((projectId) => this.environments(ctx, projectId)));
      lists.forEach((envs, index) => {
        out.push(...envs.map((env) => ({ projectId: batch[index]!, env })));
      });
    }
    return out;
  }

  /** An environment by `project:env` site id, or by id, name or domain within `server` or across projects. */
  async environment(ctx: RequestContext, ref: SiteRef): Promise<LocatedEnvironment> {
    const wanted = ref.site.trim();
    const composite = splitSiteId(wanted);
    if (ref.server) {
      const projectId = await this.projectId(ctx, ref.server);
      if (composite && composite.projectId !== projectId) {
        throw new HostingError('invalid_argument', `Site ${wanted} is not in project ${projectId}.`, {
          hint: 'Drop `server`, or pass the environment name alone.',
        });
      }
      return resolveRef(composite?.environmentId ?? wanted, this.inProject(ctx, projectId));
    }
    if (composite) return resolveRef(composite.environmentId, this.inProject(ctx, composite.projectId));
    return this.acrossProjects(ctx, wanted);
  }

  /** One project's environments: an id is read directly, anything else is matched in the list. */
  private inProject(ctx: RequestContext, projectId: string): RefLookup<LocatedEnvironment> {
    return {
      kind: 'site',
      provider: TITLE,
      fetch: async (environmentId) => ({
        projectId,
        env: await this.client.get('get-environment', { projectId, environmentId }, v.environment, ctx),
      }),
      list: async () => (await this.environments(ctx, projectId)).map((env) => ({ projectId, env })),
      id: (item) => item.env.id,
      name: (item) => item.env.name ?? item.env.id,
      aliases: environmentAliases,
    };
  }

  private async acrossProjects(ctx: RequestContext, wanted: string): Promise<LocatedEnvironment> {
    const { projects, truncated } = await this.scannableProjects(ctx);
    const items = await this.environmentsOf(
      ctx,
      projects.map((p) => p.projectId),
    );
    try {
      return matchRef(items, wanted, {
        kind: 'site',
        provider: TITLE,
        id: (item) => siteId(item.projectId, item.env.id),
        name: (item) => item.env.name ?? item.env.id,
        aliases: (item) => [item.env.id, ...environmentAliases(item)],
      });
    } catch (error) {
      if (!(error instanceof HostingError)) throw error;
      if (error.code === 'not_found' && truncated) {
        throw new HostingError(
          'not_found',
          `No environment "${wanted}" in the first ${projects.length} projects.`,
          { hint: 'Pass `server` (the project) to look in one project.' },
        );
      }
      if (error.code !== 'ambiguous') throw error;
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

/** Other names an environment answers to: its machine name and its domains. */
function environmentAliases({ projectId, env }: LocatedEnvironment): Array<string | null | undefined> {
  return [env.machine_name, ...mapSite(projectId, env).domains];
}
