import { HostingError } from './errors.js';

export interface Named {
  id: string;
  name: string;
}

export interface MatchOptions<T> {
  /** "server" or "site", for messages. */
  kind: string;
  /** Tool that lists valid values, for hints. */
  listTool: string;
  /** Other names an item answers to (domains, IPs). */
  aliases?: (item: T) => readonly (string | null | undefined)[];
  /** Provider title for messages. */
  provider: string;
}

/**
 * Finds the one item a user meant by `ref`: an exact id first, then a case-insensitive name or
 * alias. Several matches are never guessed between: the error lists the candidates.
 */
export function matchRef<T extends Named>(items: readonly T[], ref: string, options: MatchOptions<T>): T {
  const wanted = ref.trim().toLowerCase();
  const byId = items.filter((item) => item.id.toLowerCase() === wanted);
  if (byId.length === 1) return byId[0]!;
  const byName = items.filter(
    (item) =>
      item.name.toLowerCase() === wanted ||
      (options.aliases?.(item) ?? []).some((alias) => alias?.toLowerCase() === wanted),
  );
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new HostingError(
      'ambiguous',
      `"${ref}" matches ${byName.length} ${options.kind}s on ${options.provider}.`,
      {
        hint: `Pass one of these ${options.kind} ids instead.`,
        details: { candidates: byName.slice(0, 10).map((item) => ({ id: item.id, name: item.name })) },
      },
    );
  }
  const similar = items.filter((item) => item.name.toLowerCase().includes(wanted)).slice(0, 5);
  throw new HostingError('not_found', `No ${options.kind} "${ref}" on ${options.provider}.`, {
    hint: `Use ${options.listTool} to see valid ${options.kind} ids and names.`,
    details: similar.length
      ? { similar: similar.map((item) => ({ id: item.id, name: item.name })) }
      : undefined,
  });
}
