import type { SandboxInstance } from '../../types.js';
import { PlatformshSimulator } from './behaviour.js';

/** Loaded only in sandbox mode: starts the Platform.sh simulator and points an account at it. */
export async function startSandbox(options: { speed: number }): Promise<SandboxInstance> {
  const simulator = new PlatformshSimulator({ speed: options.speed });
  const { apiUrl, authUrl } = await simulator.listen();
  return {
    settings: { api_token: simulator.apiToken, api_url: apiUrl, auth_url: authUrl },
    simulator,
    pathExamples: simulator.pathExamples(),
  };
}
