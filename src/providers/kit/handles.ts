import { HostingError } from '../../core/errors.js';
import { encodeHandle, type OperationHandle } from '../../core/operations.js';

/**
 * Typed operation handles: each kind names its ids once, so a provider writes
 * `handles.encode(account, 'deployment', { server, site, deployment })` and reads
 * `op.ids.deployment` — never positional ids. The encoding stays the stateless
 * `provider:account:kind:id…` string any replica can resume.
 */
export type HandleKinds = Record<string, readonly string[]>;

export type ReadHandle<K extends HandleKinds> = {
  [Kind in keyof K & string]: { kind: Kind; ids: Record<K[Kind][number], string> };
}[keyof K & string];

export interface Handles<K extends HandleKinds> {
  encode<Kind extends keyof K & string>(
    account: string,
    kind: Kind,
    ids: Record<K[Kind][number], string>,
  ): string;
  /** The handle's kind and named ids; a kind this provider does not have, or a missing id, is a clear error. */
  read(handle: OperationHandle): ReadHandle<K>;
}

export function defineHandles<const K extends HandleKinds>(
  provider: string,
  title: string,
  kinds: K,
): Handles<K> {
  return {
    encode(account, kind, ids) {
      const names = kinds[kind]!;
      return encodeHandle({
        provider,
        account,
        kind,
        ids: names.map((name) => String((ids as Record<string, string>)[name])),
      });
    },
    read(handle) {
      const names = kinds[handle.kind];
      if (!names) {
        throw new HostingError('invalid_argument', `${title} has no operations of kind "${handle.kind}".`, {
          hint: `Use an operation id returned by a ${title} write tool.`,
        });
      }
      if (handle.ids.length !== names.length || handle.ids.some((id) => !id)) {
        throw new HostingError('invalid_argument', 'The operation id is incomplete.', {
          hint: 'Pass the operation id unchanged.',
        });
      }
      const ids = Object.fromEntries(names.map((name, index) => [name, handle.ids[index]!]));
      return { kind: handle.kind, ids } as ReadHandle<K>;
    },
  };
}
