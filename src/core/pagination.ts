/** One page of a provider list and the cursor of the next, if any. */
export interface Page<T> {
  items: T[];
  next?: string | null;
}

/** Hard ceiling on pages followed, whatever the caller's limit: a safety net against cursor loops. */
const MAX_PAGES = 50;

/**
 * Follows a cursor-paginated list until `limit` items are collected or the provider runs out,
 * and says whether the result was cut short.
 */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  limit: number,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (items.length >= limit) {
      return { items: items.slice(0, limit), truncated: items.length > limit || Boolean(result.next) };
    }
    if (!result.next || seen.has(result.next)) return { items, truncated: false };
    seen.add(result.next);
    cursor = result.next;
  }
  return { items, truncated: true };
}
