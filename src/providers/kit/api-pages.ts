import type { CatalogOperation } from './catalog.js';
import type { ClientContext, OperationArgs, ProviderApi } from './catalog-client.js';

/**
 * Follows a list operation's pages as its document describes them — a cursor (`page[cursor]`,
 * JSON:API `meta.next_cursor`) or page numbers (`page` with `per_page`) — until `limit` items, and
 * says whether the list was cut. Operations without pagination parameters are one request.
 */
export interface Collected {
  body: unknown;
  /** Items gathered across pages, when the body carries a list. */
  items?: unknown[];
  truncated: boolean;
  pages: number;
}

const MAX_PAGES = 25;

export async function collect(
  api: ProviderApi,
  op: CatalogOperation,
  args: OperationArgs,
  ctx: ClientContext,
  limit: number,
): Promise<Collected> {
  const names = new Set(op.params.filter((p) => p.in === 'query').map((p) => p.name));
  const style = names.has('page[cursor]') ? 'cursor' : names.has('page') ? 'page' : undefined;
  const sizeParam = ['page[size]', 'per_page', 'limit'].find((name) => names.has(name));
  const items: unknown[] = [];
  let body: unknown;
  let cursor: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const query = { ...args.query };
    if (sizeParam && query[sizeParam] === undefined) query[sizeParam] = Math.min(limit, 100);
    if (style === 'cursor' && cursor) query['page[cursor]'] = cursor;
    if (style === 'page') query.page = page;
    body = (await api.send(op.id, { ...args, query }, ctx)).body;
    const list = listIn(body);
    if (!list) return { body, truncated: false, pages: page };
    items.push(...list);
    if (items.length >= limit) {
      return {
        body,
        items: items.slice(0, limit),
        truncated: items.length > limit || hasMore(body, list),
        pages: page,
      };
    }
    if (!style || !hasMore(body, list)) return { body, items, truncated: false, pages: page };
    cursor = style === 'cursor' ? nextCursor(body) : undefined;
    if (style === 'cursor' && !cursor) return { body, items, truncated: false, pages: page };
  }
  return { body, items, truncated: true, pages: MAX_PAGES };
}

/** The list a body carries: the body itself, or its first array property (`data`, `items`, …). */
export function listIn(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object') {
    for (const value of Object.values(body)) if (Array.isArray(value)) return value;
  }
  return undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function nextCursor(body: unknown): string | undefined {
  const cursor = record(record(body).meta).next_cursor;
  return typeof cursor === 'string' && cursor ? cursor : undefined;
}

function hasMore(body: unknown, list: unknown[]): boolean {
  const meta = record(record(body).meta);
  const links = record(record(body).links);
  if (typeof meta.next_cursor === 'string' && meta.next_cursor) return true;
  if (typeof meta.current_page === 'number' && typeof meta.last_page === 'number') {
    return meta.current_page < meta.last_page;
  }
  if (typeof links.next === 'string' && links.next) return true;
  return list.length > 0 && typeof meta.per_page === 'number' && list.length >= meta.per_page;
}
