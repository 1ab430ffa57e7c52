import type { ProviderDefinition } from '../types.js';
import { ForgeProvider } from './provider.js';
import { ForgeSimulator } from './simulator.js';

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
  create: (account, deps) => new ForgeProvider(account, deps),
  async sandbox({ speed }) {
    const simulator = new ForgeSimulator({ speed });
    const baseUrl = await simulator.listen();
    return {
      settings: { api_token: simulator.token, base_url: baseUrl },
      simulator,
    };
  },
};
