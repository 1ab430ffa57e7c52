import type { SandboxInstance } from '../../types.js';
import { ForgeSimulator } from './behaviour.js';

/** Loaded only in sandbox mode: starts the Forge simulator and points an account at it. */
export async function startSandbox(options: { speed: number }): Promise<SandboxInstance> {
  const simulator = new ForgeSimulator({ speed: options.speed });
  const baseUrl = await simulator.listen();
  return {
    settings: { api_token: simulator.token, base_url: baseUrl },
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
