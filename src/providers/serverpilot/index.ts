import type { ProviderDefinition } from '../types.js';
import { serverpilotSandboxAccount } from './sandbox-account.js';

export const serverpilotDefinition: ProviderDefinition = {
  id: 'serverpilot',
  title: 'ServerPilot',
  settings: [
    {
      key: 'client_id',
      env: 'CLIENT_ID',
      required: true,
      description: 'ServerPilot API client id (account settings → API).',
    },
    {
      key: 'api_key',
      env: 'API_KEY',
      secret: true,
      required: true,
      enables: true,
      description: 'ServerPilot API key; only one key is active at a time.',
    },
    {
      key: 'base_url',
      env: 'BASE_URL',
      default: 'https://api.serverpilot.io/v1',
      description: 'API base URL (ServerPilot API v1).',
    },
  ],
  load: async () => (await import('./provider.js')).createServerPilotProvider,
  sandbox: async (options) => (await import('./simulator/index.js')).startSandbox(options),
  sandboxAccount: serverpilotSandboxAccount,
};
