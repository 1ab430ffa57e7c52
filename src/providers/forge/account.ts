import type { ForgeClient } from './client.js';
import type { ForgeRefs } from './refs.js';

/** What every Forge capability works with: the account's name, its client and its resolvers. */
export interface ForgeAccount {
  title: string;
  account: string;
  client: ForgeClient;
  refs: ForgeRefs;
}
