import type { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { HttpClient, QueryValue, RequestContext } from '../../core/http.js';
import { collectPages } from '../../core/pagination.js';
import { type PathParams, parseBody, RouteClient } from '../../core/routes.js';
import { type ForgeRoute, forgeRoutes } from './routes.js';
import * as v from './schemas.js';

/** Forge caps list pages at its default size; we never ask for more per page than that. */
const PAGE_SIZE = 30;

/**
 * Typed access to the Forge v2 routes. Knows the organization slug (configured, or discovered when
 * the token sees exactly one organization) and how Forge paginates; nothing about MCP.
 */
export class ForgeClient extends RouteClient<typeof forgeRoutes> {
  private organization: Promise<string> | undefined;

  constructor(http: HttpClient, configuredOrganization: string | undefined) {
    super(http, forgeRoutes);
    if (configuredOrganization) this.organization = Promise.resolve(configuredOrganization);
  }

  protected override async pathDefaults(ctx: RequestContext): Promise<PathParams> {
    return { organization: await this.org(ctx) };
  }

  /** Follows `meta.next_cursor` until `limit` items are collected. */
  async list<S extends z.ZodType>(
    route: ForgeRoute,
    params: PathParams,
    item: S,
    ctx: RequestContext,
    limit: number,
    query: Record<string, QueryValue> = {},
  ): Promise<{ items: z.output<S>[]; truncated: boolean }> {
    const schema = v.page(item);
    return collectPages(async (cursor) => {
      const body = await this.get(route, params, schema, ctx, {
        ...query,
        'page[size]': Math.min(PAGE_SIZE, Math.max(1, limit)),
        'page[cursor]': cursor,
      });
      return { items: body.data as z.output<S>[], next: body.meta?.next_cursor };
    }, limit);
  }

  /** The organization slug: configured, or the only one the token can see. */
  org(ctx: RequestContext): Promise<string> {
    this.organization ??= this.discoverOrganization(ctx).catch((error) => {
      this.organization = undefined;
      throw error;
    });
    return this.organization;
  }

  private async discoverOrganization(ctx: RequestContext): Promise<string> {
    // Sent directly: /orgs is the one route without the organization it would otherwise wait for.
    const response = await this.http.send(this.request('orgs.index', {}), { signal: ctx.signal });
    const body = parseBody(v.page(v.organization), response.body, 'Laravel Forge orgs.index');
    const slugs = body.data.map((org) => org.attributes.slug);
    if (slugs.length === 1) return slugs[0]!;
    throw new HostingError(
      'config',
      slugs.length === 0
        ? 'The Forge token sees no organization.'
        : `The Forge token sees ${slugs.length} organizations: ${slugs.join(', ')}.`,
      {
        hint:
          slugs.length === 0
            ? 'Create an organization in Forge or use a token of a member.'
            : 'Set FORGE_ORGANIZATION (or "organization" in the config file) to one of these slugs.',
      },
    );
  }
}
