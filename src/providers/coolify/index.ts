import type { ProviderDefinition } from '../types.js';
import { createCoolifyProvider } from './provider.js';
import { CoolifySimulator } from './simulator.js';

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
  create: createCoolifyProvider,
  async sandbox({ speed }) {
    const simulator = new CoolifySimulator({ speed });
    const baseUrl = await simulator.listen();
    return {
      settings: { api_token: simulator.token, base_url: baseUrl },
      simulator,
    };
  },
};
