import type { SandboxInstance, SandboxOptions } from '../../types.js';
import { coolifySandboxAccount } from '../sandbox-account.js';
import { CoolifySimulator } from './behaviour.js';
import { COOLIFY_SEED } from './seed.js';

/** Loaded only in sandbox mode: starts the Coolify simulator and points an account at it. */
export async function startSandbox(options: SandboxOptions): Promise<SandboxInstance> {
  const simulator = new CoolifySimulator({ speed: options.speed });
  const shop = COOLIFY_SEED.applications[0]!;
  return {
    settings: coolifySandboxAccount(options.origin ?? (await simulator.http.listen())),
    simulator,
    pathExamples: {
      // `uuid` names every kind of resource; most operations that take it are an application's.
      uuid: shop.uuid,
      server_uuid: COOLIFY_SEED.servers[0]!.uuid,
    },
  };
}
