import type { CatalogData, CatalogOperation } from '../providers/kit/catalog.js';

/**
 * What the whole-API tools let through: a response with the fields its document marks secret
 * removed (writeOnly, format password, the policy's secret fields — by path, and by name anywhere),
 * then cut to a size a model can use, saying how to narrow.
 */

const REMOVED = '[removed: secret]';
export const MAX_RESULT_BYTES = 50_000;

export function filterSecrets(
  body: unknown,
  op: CatalogOperation,
  catalog: CatalogData,
  itemsOnly: boolean,
): unknown {
  const names = new Set(catalog.secretFields.filter((name) => !name.includes('.')));
  const paths = (op.secrets ?? []).map((path) => path.split(/\.|(?=\[\])/).filter(Boolean));
  // Items gathered across pages sit where the list was: drop the path up to the list's `[]`.
  const relative = itemsOnly
    ? paths.filter((path) => path.includes('[]')).map((path) => path.slice(path.indexOf('[]')))
    : paths;
  const walk = (value: unknown, trail: string[]): unknown => {
    if (Array.isArray(value)) {
      return value.map((item) => walk(item, [...trail, '[]']));
    }
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const here = [...trail, key];
      const secret =
        names.has(key) ||
        relative.some((path) => path.length === here.length && path.every((part, i) => part === here[i]));
      out[key] = secret && inner !== null && inner !== undefined ? REMOVED : walk(inner, here);
    }
    return out;
  };
  return walk(body, []);
}

/** Cuts a result over MAX_RESULT_BYTES: the longest list is shortened, else the data is dropped. */
export function fitResult<T extends Record<string, unknown> & { data?: unknown }>(result: T): T {
  const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');
  if (size(result) <= MAX_RESULT_BYTES) return result;
  const data = result.data;
  const list = Array.isArray(data) ? data : undefined;
  if (list) {
    let keep = list.length;
    while (keep > 1 && size({ ...result, data: list.slice(0, keep) }) > MAX_RESULT_BYTES)
      keep = Math.floor(keep / 2);
    if (size({ ...result, data: list.slice(0, keep) }) <= MAX_RESULT_BYTES) {
      return {
        ...result,
        data: list.slice(0, keep),
        cut: `Showing ${keep} of ${list.length} items (results stop near 50 KB): lower limit or narrow with query filters.`,
      };
    }
  }
  return {
    ...result,
    data: undefined,
    cut: `The answer is ${Math.round(size(data) / 1024)} KB, over the 50 KB a result may hold: narrow it with query filters or read one item at a time.`,
  };
}
