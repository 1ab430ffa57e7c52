import type { z } from 'zod';
import type { HttpClient, RequestContext } from '../../core/http.js';
import type { Logger } from '../../core/logger.js';
import { collectPages } from '../../core/pagination.js';
import { type PathParams, parseBody, RouteClient } from '../../core/routes.js';
import { resolveLink } from './links.js';
import { type PlatformshRoute, platformshRoutes } from './routes.js';
import * as v from './schemas.js';

export interface ActivityLog {
  text: string;
  /** True once the stream's seal line arrived (the log is final). */
  sealed: boolean;
}

/**
 * Typed access to the Platform.sh routes: HAL envelopes, cursor pages by `_links.next`, activities
 * started by a write (`_embedded.activities`) and the streaming activity log. Nothing about MCP.
 */
export class PlatformshClient extends RouteClient<typeof platformshRoutes> {
  constructor(
    http: HttpClient,
    private readonly apiUrl: string,
    private readonly logger: Logger,
  ) {
    super(http, platformshRoutes);
  }

  /** A project-API write: the accepted answer and the activities it started. */
  async act(
    route: PlatformshRoute,
    params: PathParams,
    body: unknown,
    ctx: RequestContext,
  ): Promise<{ accepted: v.PlatformshAccepted; activities: v.PlatformshActivity[] }> {
    const accepted = await this.post(route, params, body, v.accepted, ctx);
    return { accepted, activities: accepted._embedded?.activities ?? [] };
  }

  /**
   * An accounts-API list: follows `_links.next.href` (the API says cursors are not to be built by
   * clients) until `limit` items are collected. Works for cursor and page-number lists alike.
   */
  async pages<S extends z.ZodType>(
    route: PlatformshRoute,
    params: PathParams,
    item: S,
    ctx: RequestContext,
    limit: number,
  ): Promise<{ items: z.output<S>[]; truncated: boolean }> {
    const schema = v.halPage(item);
    const first = this.request(route, params);
    return collectPages(async (cursor) => {
      const url = cursor ?? this.http.url(first).href;
      const response = await this.http.send({ ...first, path: url }, ctx);
      const body = parseBody(schema, response.body, `Platform.sh ${route}`);
      const next = v.linkHref(body._links, 'next');
      return {
        items: (body.items ?? []) as z.output<S>[],
        next: next ? resolveLink(next, url, this.apiUrl).href : undefined,
      };
    }, limit);
  }

  /**
   * An activity's log. Prefers the streaming log link (newline-delimited JSON ending with a `seal`
   * line), asked not to wait for new lines; falls back to the deprecated `log` field when the link
   * is absent or points outside the API.
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
        route: 'activities.log',
        query: { start_at: 0, max_items: 0, max_delay: 0 },
        responseType: 'text',
        notFoundHint: 'Use list_deployments to see recent activity ids.',
      },
      ctx,
    );
    return parseLogStream(typeof response.body === 'string' ? response.body : '');
  }
}

/** Reads the streaming log: one JSON object per line, `{data: {message}}` items and a final seal. */
export function parseLogStream(body: string): ActivityLog {
  const messages: string[] = [];
  let sealed = false;
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      // A cut-off last line (stream closed mid-write) is skipped, not fatal.
      continue;
    }
    if (!item || typeof item !== 'object') continue;
    const record = item as { seal?: unknown; data?: { message?: unknown } };
    if (record.seal) sealed = true;
    if (typeof record.data?.message === 'string') messages.push(record.data.message);
  }
  // Messages carry their own newlines; joining them rebuilds the log text as it was written.
  return { text: messages.join(''), sealed };
}
