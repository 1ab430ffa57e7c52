import type { SandboxInstance, SandboxOptions } from '../../types.js';
import { serverpilotSandboxAccount } from '../sandbox-account.js';
import { ServerPilotSimulator } from './behaviour.js';
import { SERVERPILOT_SEED } from './seed.js';

/**
 * Loaded only in sandbox mode: starts the ServerPilot simulator and points an account at it. Every
 * path parameter of the document is `id`; the one example is the first seed app, so app and SSL
 * operations act on a real resource (the others answer their documented 404).
 */
export async function startSandbox(options: SandboxOptions): Promise<SandboxInstance> {
  const simulator = new ServerPilotSimulator({ speed: options.speed });
  return {
    settings: serverpilotSandboxAccount(options.origin ?? (await simulator.http.listen())),
    simulator,
    pathExamples: { id: SERVERPILOT_SEED.apps[0]!.id },
  };
}
