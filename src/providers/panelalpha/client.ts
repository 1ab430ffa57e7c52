import type { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { HttpClient, QueryValue, RequestContext } from '../../core/http.js';
import { collectPages } from '../../core/pagination.js';
import { type CallOptions, type PathParams, RouteClient } from '../../core/routes.js';
import { type PanelAlphaRoute, panelalphaRoutes } from './routes.js';
import * as v from './schemas.js';

/** Items asked for per page; PanelAlpha's own limit is undocumented, 100 is what its WHMCS module asks. */
const PAGE_SIZE = 100;

export const USER_HEADER = 'X-PanelAlpha-User';

/**
 * Typed access to the PanelAlpha routes: admin calls, user calls (which carry the
 * `X-PanelAlpha-User` header naming the user they act as), the `{data}` envelope and Laravel-style
 * pagination. Knows nothing about MCP.
 */
export class PanelAlphaClient extends RouteClient<typeof panelalphaRoutes> {
  constructor(http: HttpClient) {
    super(http, panelalphaRoutes);
  }

  /** Reads a list, following `meta.current_page`/`last_page` until `limit` items are collected. */
  async list<S extends z.ZodType>(
    route: PanelAlphaRoute,
    params: PathParams,
    item: S,
    ctx: RequestContext,
    limit: number,
    query: Record<string, QueryValue> = {},
    user?: string,
  ): Promise<{ items: z.output<S>[]; truncated: boolean }> {
    const schema = v.page(item);
    return collectPages(async (cursor) => {
      const options: CallOptions = {
        query: { ...query, per_page: Math.min(PAGE_SIZE, Math.max(1, limit)), page: cursor },
      };
      const body = user
        ? await this.asUser(user, () => this.call(route, params, schema, ctx, withUser(options, user)))
        : await this.call(route, params, schema, ctx, options);
      const meta = body.meta;
      const current = meta?.current_page ?? undefined;
      const last = meta?.last_page ?? undefined;
      const next = current !== undefined && last !== undefined && current < last ? String(current + 1) : null;
      return { items: body.data as z.output<S>[], next };
    }, limit);
  }

  /** A user-endpoint call acting as `user` (a PanelAlpha user id); the body is validated. */
  userCall<S extends z.ZodType>(
    user: string,
    route: PanelAlphaRoute,
    params: PathParams,
    schema: S,
    ctx: RequestContext,
    options: CallOptions = {},
  ): Promise<z.output<S>> {
    return this.asUser(user, () => this.call(route, params, schema, ctx, withUser(options, user)));
  }

  /** A user-endpoint call whose (undocumented) body is not needed. */
  async userSend(
    user: string,
    route: PanelAlphaRoute,
    params: PathParams,
    ctx: RequestContext,
    options: CallOptions = {},
  ): Promise<unknown> {
    const response = await this.asUser(user, () => this.raw(route, params, ctx, withUser(options, user)));
    return response.body;
  }

  /** Turns a user id or email into the numeric id the user header takes. */
  async resolveUser(ref: string, ctx: RequestContext): Promise<string> {
    const trimmed = ref.trim();
    if (/^\d+$/.test(trimmed)) return trimmed;
    if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) {
      throw new HostingError('invalid_argument', `"${trimmed.slice(0, 80)}" is not a PanelAlpha user.`, {
        hint: 'Pass a numeric PanelAlpha user id or the user’s email address.',
      });
    }
    const found = await this.get(
      'users.byEmail',
      {},
      v.single(v.user),
      { signal: ctx.signal },
      { email: trimmed },
    );
    return found.data.id;
  }

  /** A 401 on a user endpoint means a bad token or an unknown user: say which user was used. */
  private async asUser<T>(user: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof HostingError && error.code === 'unauthorized') {
        throw new HostingError(
          'unauthorized',
          `PanelAlpha refused the call made as user ${user}: the API token is not accepted or user ${user} does not exist.`,
          {
            status: error.status,
            hint: 'Check PANELALPHA_API_TOKEN, and PANELALPHA_USER_ID or the `user` argument (a PanelAlpha user id or email).',
          },
        );
      }
      throw error;
    }
  }
}

function withUser(options: CallOptions, user: string): CallOptions {
  return { ...options, headers: { ...options.headers, [USER_HEADER]: user } };
}
