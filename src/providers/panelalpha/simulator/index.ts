import type { SandboxInstance, SandboxOptions } from '../../types.js';
import { panelalphaSandboxAccount } from '../sandbox-account.js';
import { PanelAlphaSimulator } from './behaviour.js';

/** Loaded only in sandbox mode: starts the PanelAlpha simulator and points an account at it. */
export async function startSandbox(options: SandboxOptions): Promise<SandboxInstance> {
  const simulator = new PanelAlphaSimulator({ speed: options.speed });
  return {
    settings: panelalphaSandboxAccount(options.origin ?? (await simulator.http.listen())),
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
