import type { HttpClient, ProviderErrorBody, RequestContext } from '../../core/http.js';
import { collectPages } from '../../core/pagination.js';
import { RouteClient } from '../../core/routes.js';
import { coolifyRoutes } from './routes.js';
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

/** Coolify pages deployments with skip/take (default take 10); we ask for at most this many at once. */
const DEPLOYMENT_PAGE = 50;

/**
 * Typed access to the Coolify routes. Coolify answers bare JSON (no envelope) and paginates only the
 * per-application deployment list; every other list comes whole.
 */
export class CoolifyClient extends RouteClient<typeof coolifyRoutes> {
  constructor(http: HttpClient) {
    super(http, coolifyRoutes);
  }

  /** Newest first, following skip/take until `limit` deployments are collected. */
  async deployments(
    appUuid: string,
    ctx: RequestContext,
    limit: number,
  ): Promise<{ items: v.CoolifyDeployment[]; truncated: boolean }> {
    const take = Math.min(DEPLOYMENT_PAGE, Math.max(1, limit));
    return collectPages(async (cursor) => {
      const skip = cursor ? Number(cursor) : 0;
      const page = await this.get('deployments.byApplication', { uuid: appUuid }, v.deploymentPage, ctx, {
        skip,
        take,
      });
      const seen = skip + page.deployments.length;
      const more =
        page.count !== undefined && page.count !== null
          ? seen < page.count
          : page.deployments.length === take;
      return { items: page.deployments, next: more && page.deployments.length > 0 ? String(seen) : null };
    }, limit);
  }
}
