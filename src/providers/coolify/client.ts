import type { z } from 'zod';
import type { HttpClient, ProviderErrorBody, RequestContext } from '../../core/http.js';
import { collectPages } from '../../core/pagination.js';
import type { PathParams } from '../../core/routes.js';
import { CatalogClient } from '../kit/catalog-client.js';
import { PageSizeLadder } from '../kit/page-size.js';
import { coolifyApiCatalog } from './api-catalog.js';
import type { CoolifyOperationId } from './catalog.gen.js';
import * as v from './schemas.js';

/** Coolify's error bodies: `{message}`, on 422 with `errors` whose values are a string or a list. */
export function parseCoolifyError(body: unknown): ProviderErrorBody {
  const parsed = v.errorBody.parse(body);
  const fields = parsed.errors
    ? Object.fromEntries(
        Object.entries(parsed.errors).map(([key, value]) => [key, Array.isArray(value) ? value : [value]]),
      )
    : undefined;
  return { message: parsed.message, fields };
}

/** The API root: the instance URL plus /api/v1 (tolerating a base URL that already ends in it). */
export function coolifyApiBase(baseUrl: string): string {
  return `${baseUrl
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api(\/v1)?$/i, '')}/api/v1`;
}

/**
 * The per-application deployment list is the only one Coolify pages (skip/take, default 10; the
 * document sets no maximum): it is asked for everything wanted at once, stepping down if refused.
 */
const DEPLOYMENT_PAGE_SIZES = [200, 100, 50] as const;

/**
 * Coolify operations by catalog id. Coolify answers bare JSON (no envelope), and every list of its
 * document except an application's deployments is unpaginated: one request returns the whole
 * collection, so `list` is a single read.
 */
export class CoolifyClient extends CatalogClient<CoolifyOperationId> {
  private readonly deploymentPages = new PageSizeLadder(DEPLOYMENT_PAGE_SIZES);

  constructor(http: HttpClient) {
    super(http, coolifyApiCatalog);
  }

  /** A whole collection in one request (`list` is one of the array schemas in schemas.ts). */
  list<S extends z.ZodType<unknown[]>>(
    id: CoolifyOperationId,
    params: PathParams,
    list: S,
    ctx: RequestContext,
  ): Promise<z.output<S>> {
    return this.get(id, params, list, ctx);
  }

  /** Newest first, following skip/take until `limit` deployments are collected. */
  async deployments(
    appUuid: string,
    ctx: RequestContext,
    limit: number,
  ): Promise<{ items: v.CoolifyDeployment[]; truncated: boolean }> {
    let collected = 0;
    return collectPages(async (cursor) => {
      const skip = cursor ? Number(cursor) : 0;
      let take = 0;
      const page = await this.deploymentPages.fetch(limit - collected, (size) => {
        take = size;
        return this.get('list-deployments-by-app-uuid', { uuid: appUuid }, v.deploymentPage, ctx, {
          skip,
          take,
        });
      });
      collected += page.deployments.length;
      const seen = skip + page.deployments.length;
      const more =
        page.count !== undefined && page.count !== null
          ? seen < page.count
          : page.deployments.length === take;
      return { items: page.deployments, next: more && page.deployments.length > 0 ? String(seen) : null };
    }, limit);
  }
}
