import type { Redactor } from '../../core/redact.js';
import type { PlatformshClient } from './client.js';
import type { PlatformshRefs } from './refs.js';

/** What every Platform.sh capability works with: the account's name, its client and its resolvers. */
export interface PlatformshAccount {
  title: string;
  account: string;
  client: PlatformshClient;
  refs: PlatformshRefs;
  /** Learns secrets met at runtime (a certificate's private key) so they are masked everywhere. */
  redactor: Redactor;
}
