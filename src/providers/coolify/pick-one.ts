import { HostingError } from '../../core/errors.js';
import { matchRef } from '../../core/resolve.js';

/** How to talk about what is picked, e.g. the SSH key of a new server. */
export interface PickWhat {
  /** "private key", "project". */
  kind: string;
  /** The argument that names it, and the key of the candidates in error details. */
  argument: string;
  details: string;
  /** Where in Coolify to create one, for the hint when there is none. */
  create: string;
}

/**
 * The one item a create needs: the one `ref` names by uuid or name, or else the only candidate.
 * None or several is a clear error that lists what there is; nothing is guessed.
 */
export function pickOne<T extends { uuid: string; name: string }>(
  items: readonly T[],
  ref: string | undefined,
  what: PickWhat,
  /** Items that can serve when nothing is named (all by default). */
  candidates: readonly T[] = items,
): T {
  const listed = (list: readonly T[]) => ({
    [what.details]: list.map(({ uuid, name }) => ({ id: uuid, name })),
  });
  if (ref) {
    const named = items.map((item) => ({ id: item.uuid, name: item.name, item }));
    try {
      return matchRef(named, ref, { kind: what.kind, listTool: 'Coolify', provider: 'Coolify' }).item;
    } catch (error) {
      if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
      throw new HostingError('not_found', `Coolify has no ${what.kind} "${ref}".`, {
        hint: items.length
          ? `Pass ${what.argument} with one of the ${what.details} listed in details.`
          : `${what.create}, then retry.`,
        details: listed(items),
      });
    }
  }
  if (candidates.length === 1) return candidates[0]!;
  throw new HostingError(
    candidates.length ? 'ambiguous' : 'invalid_argument',
    candidates.length
      ? `Coolify has ${candidates.length} ${what.details}: pass \`${what.argument}\`.`
      : `Coolify has no ${what.kind} to use.`,
    {
      hint: candidates.length
        ? `Pass ${what.argument} with the uuid or name of one of them.`
        : `${what.create}, then retry.`,
      details: candidates.length ? listed(candidates) : undefined,
    },
  );
}
