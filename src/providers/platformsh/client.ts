import type { z } from 'zod';
import type { HttpClient, RequestContext } from '../../core/http.js';
import type { Logger } from '../../core/logger.js';
import { collectPages } from '../../core/pagination.js';
import { type PathParams, parseBody } from '../../core/routes.js';
import { CatalogClient } from '../kit/catalog-client.js';
import { verb } from '../kit/hints.js';
import { type PlatformshOperationId, platformshCatalog } from './catalog.gen.js';
import { resolveLink } from './links.js';
import { type ActivityLog, parseLogStream } from './log-stream.js';
import * as v from './schemas.js';

/** The accounts API documents `page[size]` from 1 to 100 on every list (PageSize parameter). */
const MAX_PAGE_SIZE = 100;

/**
 * Platform.sh operations by catalog id: HAL envelopes, accounts-API pages followed by
 * `_links.next`, the activities a project-API write starts (`_embedded.activities`) and the
 * streaming activity log. Nothing about MCP.
 */
export class PlatformshClient extends CatalogClient<PlatformshOperationId> {
  constructor(
    http: HttpClient,
    private readonly apiUrl: string,
    private readonly logger: Logger,
  ) {
    super(http, platformshCatalog);
  }

  /**
   * A project-API write: the accepted answer and the activities it started. `destroys` tells the
   * person confirming a destructive one what it takes away.
   */
  async act(
    id: PlatformshOperationId,
    params: PathParams,
    body: unknown,
    ctx: RequestContext,
    destroys?: string,
  ): Promise<{ accepted: v.PlatformshAccepted; activities: v.PlatformshActivity[] }> {
    const accepted = await this.call(id, { params, body, destroys }, v.accepted, ctx);
    return { accepted, activities: accepted._embedded?.activities ?? [] };
  }

  /**
   * An accounts-API list, asking for the largest page the API allows and following
   * `_links.next.href` (the API says cursors are not to be built by clients) until `limit` items
   * are collected. Works for cursor and page-number lists alike.
   */
  async pages<S extends z.ZodType>(
    id: PlatformshOperationId,
    params: PathParams,
    item: S,
    ctx: RequestContext,
    limit: number,
  ): Promise<{ items: z.output<S>[]; truncated: boolean }> {
    const schema = v.halPage(item);
    const first = this.request(id, { params, query: { 'page[size]': Math.min(MAX_PAGE_SIZE, limit) } });
    const firstUrl = this.http.url(first).href;
    return collectPages(async (cursor) => {
      const response = await this.http.send(
        cursor ? { ...first, path: cursor, query: undefined } : first,
        ctx,
      );
      const body = parseBody(schema, response.body, `Platform.sh ${id}`);
      const next = v.linkHref(body._links, 'next');
      return {
        items: (body.items ?? []) as z.output<S>[],
        next: next ? resolveLink(next, cursor ?? firstUrl, this.apiUrl).href : undefined,
      };
    }, limit);
  }

  /**
   * An activity's log. Prefers the streaming log link (newline-delimited JSON ending with a `seal`
   * line), asked not to wait for new lines; falls back to the deprecated `log` field when the link
   * is absent or points outside the API. The stream is not an operation of the API's document.
   */
  async activityLog(activity: v.PlatformshActivity, ctx: RequestContext): Promise<ActivityLog> {
    const href = v.linkHref(activity._links, 'log');
    const fallback = { text: activity.log ?? '', sealed: false };
    if (!href) return fallback;
    let url: URL;
    try {
      url = resolveLink(href, v.linkHref(activity._links, 'self') ?? this.apiUrl, this.apiUrl);
    } catch (error) {
      this.logger.warn('refused an activity log link outside the API', {
        activity: activity.id,
        reason: error instanceof Error ? error.message : String(error),
      });
      return fallback;
    }
    const response = await this.http.send<string>(
      {
        method: 'GET',
        path: url.href,
        route: 'activity log stream',
        query: { start_at: 0, max_items: 0, max_delay: 0 },
        responseType: 'text',
        notFoundHint: `Use ${verb('deployments.list')} to see recent activity ids.`,
      },
      ctx,
    );
    return parseLogStream(typeof response.body === 'string' ? response.body : '');
  }
}
