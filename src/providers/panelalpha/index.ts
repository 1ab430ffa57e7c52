import type { ProviderDefinition } from '../types.js';
import { panelalphaSandboxAccount } from './sandbox-account.js';

export const panelalphaDefinition: ProviderDefinition = {
  id: 'panelalpha',
  title: 'PanelAlpha',
  settings: [
    {
      key: 'api_token',
      env: 'API_TOKEN',
      secret: true,
      required: true,
      enables: true,
      description: 'PanelAlpha admin API token (admin area → Configuration → Admins).',
    },
    {
      key: 'base_url',
      env: 'BASE_URL',
      required: true,
      description: 'Panel address, e.g. https://panel.example.com:8443 (API paths are /api/...).',
    },
    {
      key: 'user_id',
      env: 'USER_ID',
      description: 'PanelAlpha user (id or email) that user endpoints act as by default (X-PanelAlpha-User).',
    },
  ],
  load: async () => (await import('./provider.js')).createPanelAlphaProvider,
  sandbox: async (options) => (await import('./simulator/index.js')).startSandbox(options),
  sandboxAccount: panelalphaSandboxAccount,
};
