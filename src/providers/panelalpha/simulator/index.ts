import type { SandboxInstance } from '../../types.js';
import { PanelAlphaSimulator } from './behaviour.js';

/** Loaded only in sandbox mode: starts the PanelAlpha simulator and points an account at it. */
export async function startSandbox(options: { speed: number }): Promise<SandboxInstance> {
  const simulator = new PanelAlphaSimulator({ speed: options.speed });
  const baseUrl = await simulator.listen();
  return {
    settings: { api_token: simulator.token, base_url: baseUrl, user_id: simulator.defaultUserId },
    simulator,
    // Seed records by parameter name: most `{id}`s are instances, and 102 is the staging copy of
    // shop.acme.test; user 12 owns it (and acts on user endpoints).
    pathExamples: {
      id: '102',
      userId: '12',
      stagingId: '102',
      'X-PanelAlpha-User': '12',
    },
  };
}
