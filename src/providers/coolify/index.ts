import type { ProviderDefinition } from '../types.js';
import { coolifySandboxAccount } from './sandbox-account.js';

export const coolifyDefinition: ProviderDefinition = {
  id: 'coolify',
  title: 'Coolify',
  settings: [
    {
      key: 'api_token',
      env: 'API_TOKEN',
      secret: true,
      required: true,
      enables: true,
      description:
        'Coolify API token (Keys & Tokens → API tokens): read, write, deploy (+ read:sensitive for deploy logs).',
    },
    {
      key: 'base_url',
      env: 'BASE_URL',
      required: true,
      description: 'Your Coolify instance, e.g. https://coolify.example.com (the client adds /api/v1).',
    },
  ],
  load: async () => (await import('./provider.js')).createCoolifyProvider,
  sandbox: async (options) => (await import('./simulator/index.js')).startSandbox(options),
  sandboxAccount: coolifySandboxAccount,
};
