import type { ProviderDeps } from '../types.js';
import type { ServerPilotClient } from './client.js';
import type { ServerPilotRefs } from './refs.js';

/** What every ServerPilot capability works with: the account's name, its client, resolvers and deps. */
export interface ServerPilotAccount {
  title: string;
  account: string;
  client: ServerPilotClient;
  refs: ServerPilotRefs;
  /** The redactor learns server API keys; one-time installers go to secret files. */
  deps: Pick<ProviderDeps, 'redactor' | 'secretFiles'>;
}
