import type { SandboxInstance, SandboxOptions } from '../../types.js';
import { forgeSandboxAccount } from '../sandbox-account.js';
import { ForgeSimulator } from './behaviour.js';

/** Loaded only in sandbox mode: starts the Forge simulator and points an account at it. */
export async function startSandbox(options: SandboxOptions): Promise<SandboxInstance> {
  const simulator = new ForgeSimulator({ speed: options.speed });
  return {
    settings: forgeSandboxAccount(options.origin ?? (await simulator.http.listen())),
    simulator,
    pathExamples: {
      organization: 'acme',
      server: '101',
      site: '201',
      deployment: '20102',
      domainRecord: '2011',
    },
  };
}
