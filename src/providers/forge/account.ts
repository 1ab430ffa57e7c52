import type { Redactor } from '../../core/redact.js';
import type { SecretFiles } from '../../core/secret-files.js';
import type { ForgeClient } from './client.js';
import type { ForgeRefs } from './refs.js';

/** What every Forge capability works with: the account's name, its client and its resolvers. */
export interface ForgeAccount {
  title: string;
  account: string;
  client: ForgeClient;
  refs: ForgeRefs;
  /** One-time secrets the user needs (a generated database password) go to 0600 files. */
  secretFiles: SecretFiles;
  redactor: Redactor;
}
