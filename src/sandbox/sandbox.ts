import { PROVIDER_DEFINITIONS } from '../providers/registry.js';
import type { AccountConfig, SandboxInstance } from '../providers/types.js';

/** Simulated time runs this much faster than real time: a 10-minute provisioning takes 10 s. */
export const SANDBOX_SPEED = 60;

export interface Sandbox {
  accounts: AccountConfig[];
  instances: Map<string, SandboxInstance>;
  /** Poll intervals shrink by the same factor the clock speeds up. */
  pollScale: number;
  close(): Promise<void>;
}

/** Starts every provider's simulator on 127.0.0.1 and returns accounts that point at them. */
export async function startSandbox(speed = SANDBOX_SPEED): Promise<Sandbox> {
  const instances = new Map<string, SandboxInstance>();
  const accounts: AccountConfig[] = [];
  try {
    for (const definition of PROVIDER_DEFINITIONS) {
      if (!definition.sandbox) continue;
      const instance = await definition.sandbox({ speed });
      instances.set(definition.id, instance);
      accounts.push({ provider: definition.id, name: 'sandbox', settings: instance.settings, sandbox: true });
    }
  } catch (error) {
    await Promise.allSettled([...instances.values()].map((i) => i.simulator.close()));
    throw error;
  }
  return {
    accounts,
    instances,
    pollScale: 1 / speed,
    close: async () => {
      await Promise.allSettled([...instances.values()].map((i) => i.simulator.close()));
    },
  };
}
