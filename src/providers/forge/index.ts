import type { ProviderDefinition } from '../types.js';
import { forgeSandboxAccount } from './sandbox-account.js';

export const forgeDefinition: ProviderDefinition = {
  id: 'forge',
  title: 'Laravel Forge',
  settings: [
    {
      key: 'api_token',
      env: 'API_TOKEN',
      secret: true,
      required: true,
      enables: true,
      description: 'Forge API token (Forge → Profile → API).',
    },
    {
      key: 'organization',
      env: 'ORGANIZATION',
      description: 'Organization slug; optional when the token sees exactly one organization.',
    },
    {
      key: 'base_url',
      env: 'BASE_URL',
      default: 'https://forge.laravel.com/api',
      description: 'API base URL (Forge API v2).',
    },
  ],
  load: async () => (await import('./provider.js')).createForgeProvider,
  sandbox: async (options) => (await import('./simulator/index.js')).startSandbox(options),
  sandboxAccount: forgeSandboxAccount,
};
