import { HostingError } from '../../core/errors.js';
import { encodeHandle, type OperationHandle } from '../../core/operations.js';

/**
 * Typed operation handles: each kind names its ids once, so a provider writes
 * `handles.encode(account, 'deployment', { server, site, deployment })` and reads
 * `op.ids.deployment` — never positional ids. The last name may be `...name`: zero or more ids,
 * read back as a list (ServerPilot follows every action a write started). The encoding stays the
 * stateless `provider:account:kind:id…` string any replica can resume.
 */
export type HandleKinds = Record<string, readonly string[]>;

/** The named ids of one kind: a string per name, a list for a `...name`. */
export type HandleIds<Names extends readonly string[]> = {
  [Name in Names[number] as Name extends `...${infer List}` ? List : Name]: Name extends `...${string}`
    ? readonly string[]
    : string;
};

export type ReadHandle<K extends HandleKinds> = {
  [Kind in keyof K & string]: { kind: Kind; ids: HandleIds<K[Kind]> };
}[keyof K & string];

export interface Handles<K extends HandleKinds> {
  encode<Kind extends keyof K & string>(account: string, kind: Kind, ids: HandleIds<K[Kind]>): string;
  /** The handle's kind and named ids; a kind this provider does not have, or a missing id, is a clear error. */
  read(handle: OperationHandle): ReadHandle<K>;
}

const LIST = '...';

export function defineHandles<const K extends HandleKinds>(
  provider: string,
  title: string,
  kinds: K,
): Handles<K> {
  return {
    encode(account, kind, ids) {
      const named = ids as Record<string, string | readonly string[]>;
      return encodeHandle({
        provider,
        account,
        kind,
        ids: kinds[kind]!.flatMap((name) =>
          name.startsWith(LIST)
            ? [...(named[name.slice(LIST.length)] as readonly string[])]
            : [String(named[name])],
        ),
      });
    },
    read(handle) {
      const names = kinds[handle.kind];
      if (!names) {
        throw new HostingError('invalid_argument', `${title} has no operations of kind "${handle.kind}".`, {
          hint: `Use an operation id returned by a ${title} write tool.`,
        });
      }
      const list = names.at(-1)?.startsWith(LIST) ? names.at(-1)!.slice(LIST.length) : undefined;
      const single = list === undefined ? names : names.slice(0, -1);
      const fits =
        list === undefined ? handle.ids.length === single.length : handle.ids.length >= single.length;
      if (!fits || handle.ids.some((id) => !id)) {
        throw new HostingError('invalid_argument', 'The operation id is incomplete.', {
          hint: 'Pass the operation id unchanged.',
        });
      }
      const ids: Record<string, string | string[]> = Object.fromEntries(
        single.map((name, index) => [name, handle.ids[index]!]),
      );
      if (list !== undefined) ids[list] = handle.ids.slice(single.length);
      return { kind: handle.kind, ids } as ReadHandle<K>;
    },
  };
}
