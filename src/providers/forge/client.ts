import type { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { HttpClient, QueryValue, RequestContext } from '../../core/http.js';
import { collectPages } from '../../core/pagination.js';
import { type PathParams, parseBody } from '../../core/routes.js';
import { CatalogClient } from '../kit/catalog-client.js';
import { PageSizeLadder } from '../kit/page-size.js';
import { type ForgeOperationId, forgeCatalog } from './catalog.gen.js';
import * as v from './schemas.js';

/**
 * Forge's document gives only the default page size (30) and no maximum; lists ask for 200 and
 * step down if Forge refuses it.
 */
const PAGE_SIZES = [200, 100, 50, 30] as const;

/**
 * Forge v2 operations by catalog id. Knows the organization slug (configured, or discovered when
 * the token sees exactly one organization) and how Forge paginates; nothing about MCP.
 */
export class ForgeClient extends CatalogClient<ForgeOperationId> {
  private organization: Promise<string> | undefined;
  private readonly pages = new PageSizeLadder(PAGE_SIZES);

  constructor(http: HttpClient, configuredOrganization: string | undefined) {
    super(http, forgeCatalog);
    if (configuredOrganization) this.organization = Promise.resolve(configuredOrganization);
  }

  protected override async pathDefaults(ctx: RequestContext): Promise<PathParams> {
    return { organization: await this.org(ctx) };
  }

  /** Follows `meta.next_cursor` until `limit` items are collected. */
  async list<S extends z.ZodType>(
    id: ForgeOperationId,
    params: PathParams,
    item: S,
    ctx: RequestContext,
    limit: number,
    query: Record<string, QueryValue> = {},
  ): Promise<{ items: z.output<S>[]; truncated: boolean }> {
    const schema = v.page(item);
    let collected = 0;
    return collectPages(async (cursor) => {
      const body = await this.pages.fetch(limit - collected, (size) =>
        this.get(id, params, schema, ctx, { ...query, 'page[size]': size, 'page[cursor]': cursor }),
      );
      collected += body.data.length;
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
    // Sent directly: /orgs is the one operation without the organization it would otherwise wait for.
    const response = await this.http.send(this.request('organizations.index'), { signal: ctx.signal });
    const body = parseBody(v.page(v.organization), response.body, 'Laravel Forge organizations.index');
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
