import { HostingError } from '../../core/errors.js';
import { verb } from './hints.js';

/**
 * One way to turn what a user typed into the one resource they meant: an id is fetched directly
 * (one request, whatever the size of the account); anything else is looked up in a list and
 * matched by name or alias. Several matches are never guessed between: the error lists them.
 */
export interface RefLookup<T> {
  /** What is looked up, for messages: a server, a site, or another record (a plan, an offer). */
  kind: string;
  /** Where valid values are listed, for the not-found hint (default: the servers or sites list verb). */
  listedBy?: string;
  /** Provider title, for messages. */
  provider: string;
  /** Whether the text has the shape of this provider's ids. */
  looksLikeId?: (ref: string) => boolean;
  /** Reads one item by id; a not-found answer falls through to the list. */
  fetch?: (id: string) => Promise<T>;
  /** Candidates, narrowed by the provider's own filter where it has one. */
  list: (ref: string) => Promise<readonly T[]>;
  id: (item: T) => string;
  name: (item: T) => string;
  /** Other names an item answers to (domains, IPs). */
  aliases?: (item: T) => readonly (string | null | undefined)[];
}

export async function resolveRef<T>(ref: string, lookup: RefLookup<T>): Promise<T> {
  const wanted = ref.trim();
  if (lookup.fetch && (lookup.looksLikeId?.(wanted) ?? true)) {
    try {
      return await lookup.fetch(wanted);
    } catch (error) {
      if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
    }
  }
  return matchRef(await lookup.list(wanted), wanted, lookup);
}

/** Picks the one item `ref` names among `items`: an exact id, else a case-insensitive name or alias. */
export function matchRef<T>(
  items: readonly T[],
  ref: string,
  lookup: Omit<RefLookup<T>, 'list' | 'fetch'>,
): T {
  const wanted = ref.trim().toLowerCase();
  const byId = items.filter((item) => lookup.id(item).toLowerCase() === wanted);
  if (byId.length === 1) return byId[0]!;
  const byName = items.filter(
    (item) =>
      lookup.name(item).toLowerCase() === wanted ||
      (lookup.aliases?.(item) ?? []).some((alias) => alias?.toLowerCase() === wanted),
  );
  const brief = (item: T) => ({ id: lookup.id(item), name: lookup.name(item) });
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new HostingError(
      'ambiguous',
      `"${ref}" matches ${byName.length} ${lookup.kind}s on ${lookup.provider}.`,
      {
        hint: `Pass one of these ${lookup.kind} ids instead.`,
        details: { candidates: byName.slice(0, 10).map(brief) },
      },
    );
  }
  const similar = items.filter((item) => lookup.name(item).toLowerCase().includes(wanted)).slice(0, 5);
  throw new HostingError('not_found', `No ${lookup.kind} "${ref}" on ${lookup.provider}.`, {
    hint: `Use ${lookup.listedBy ?? verb(lookup.kind === 'server' ? 'servers.list' : 'sites.list')} to see valid ${lookup.kind} ids and names.`,
    details: similar.length ? { similar: similar.map(brief) } : undefined,
  });
}
