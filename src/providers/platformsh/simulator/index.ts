import type { SandboxInstance, SandboxOptions } from '../../types.js';
import { platformshSandboxAccount } from '../sandbox-account.js';
import { PlatformshSimulator } from './behaviour.js';

/** Loaded only in sandbox mode: starts the Platform.sh simulator and points an account at it. */
export async function startSandbox(options: SandboxOptions): Promise<SandboxInstance> {
  const simulator = new PlatformshSimulator({ speed: options.speed });
  return {
    settings: platformshSandboxAccount(options.origin ?? (await simulator.http.listen())),
    simulator,
    pathExamples: simulator.pathExamples(),
  };
}
