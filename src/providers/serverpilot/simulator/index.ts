import type { SandboxInstance } from '../../types.js';
import { ServerPilotSimulator } from './behaviour.js';
import { SERVERPILOT_SEED } from './seed.js';

/**
 * Loaded only in sandbox mode: starts the ServerPilot simulator and points an account at it. Every
 * path parameter of the document is `id`; the one example is the first seed app, so app and SSL
 * operations act on a real resource (the others answer their documented 404).
 */
export async function startSandbox(options: { speed: number }): Promise<SandboxInstance> {
  const simulator = new ServerPilotSimulator({ speed: options.speed });
  const baseUrl = await simulator.listen();
  return {
    settings: { client_id: simulator.clientId, api_key: simulator.apiKey, base_url: baseUrl },
    simulator,
    pathExamples: { id: SERVERPILOT_SEED.apps[0]!.id },
  };
}
