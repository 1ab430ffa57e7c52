import { z } from 'zod';

/**
 * Result shapes shared by several tools. They become the tools' output schemas, which clients
 * validate results against and models read to know what comes back: every field is named here,
 * nothing is described (the input descriptions already say what the tool does).
 */

/** Which account answered: every result about one account starts with these. */
export const accountFields = { provider: z.string(), account: z.string() };

/** A list capped at `limit`: the account, the items under `key`, and whether it was cut. */
export function listResult<Key extends string, Item extends z.ZodType>(key: Key, item: Item) {
  return z.object({
    ...accountFields,
    ...({ [key]: z.array(item) } as { [K in Key]: z.ZodArray<Item> }),
    truncated: z.boolean(),
  });
}

/** One item of one account under `key`. */
export function itemResult<Key extends string, Item extends z.ZodType>(key: Key, item: Item) {
  return z.object({ ...accountFields, ...({ [key]: item } as { [K in Key]: Item }) });
}
