import type { ProviderDefinition } from '../types.js';
import { platformshSandboxAccount } from './sandbox-account.js';

export const DEFAULT_API_URL = 'https://api.platform.sh';
export const DEFAULT_AUTH_URL = 'https://auth.api.platform.sh';

export const platformshDefinition: ProviderDefinition = {
  id: 'platformsh',
  title: 'Platform.sh',
  settings: [
    {
      key: 'api_token',
      env: 'API_TOKEN',
      secret: true,
      required: true,
      enables: true,
      description:
        'Platform.sh API token (Console → Account Settings → API Tokens); exchanged for short-lived access tokens.',
    },
    {
      key: 'api_url',
      env: 'API_URL',
      default: DEFAULT_API_URL,
      description: 'API base URL (https://api.upsun.com for Upsun).',
    },
    {
      key: 'auth_url',
      env: 'AUTH_URL',
      default: DEFAULT_AUTH_URL,
      description: 'OAuth server that exchanges the API token (https://auth.upsun.com for Upsun).',
    },
  ],
  load: async () => (await import('./provider.js')).createPlatformshProvider,
  sandbox: async (options) => (await import('./simulator/index.js')).startSandbox(options),
  sandboxAccount: platformshSandboxAccount,
};
