import { createServer, type Socket } from 'node:net';
import { PROVIDER_DEFINITIONS } from '../providers/registry.js';
import type { AccountConfig, ProviderDefinition, SandboxInstance } from '../providers/types.js';
import { listenOnLoopback } from '../simulator/loopback.js';

/** Simulated time runs this much faster than real time: a 10-minute provisioning takes 10 s. */
export const SANDBOX_SPEED = 60;

export interface Sandbox {
  accounts: AccountConfig[];
  /** The simulators started so far, by provider id (each starts on its first connection). */
  instances: ReadonlyMap<string, SandboxInstance>;
  /** Poll intervals shrink by the same factor the clock speeds up. */
  pollScale: number;
  close(): Promise<void>;
}

/**
 * Binds a loopback port for every provider's simulator and returns accounts that point at them.
 * A simulator is loaded and built when its first connection arrives, so a sandbox that only
 * lists its tools, or tries one provider, does not pay for the others at start.
 */
export async function startSandbox(speed = SANDBOX_SPEED): Promise<Sandbox> {
  const simulators: LazySimulator[] = [];
  const instances = new Map<string, SandboxInstance>();
  try {
    for (const definition of PROVIDER_DEFINITIONS) {
      if (!definition.sandbox) continue;
      // The account is configured before the simulator loads, so a simulator needs both.
      if (!definition.sandboxAccount)
        throw new Error(`${definition.title} has a simulator but no sandboxAccount`);
      simulators.push(await lazySimulator(definition, speed, instances));
    }
  } catch (error) {
    await Promise.allSettled(simulators.map((s) => s.close()));
    throw error;
  }
  return {
    accounts: simulators.map((s) => s.account),
    instances,
    pollScale: 1 / speed,
    close: async () => {
      await Promise.allSettled(simulators.map((s) => s.close()));
    },
  };
}

interface LazySimulator {
  account: AccountConfig;
  close(): Promise<void>;
}

async function lazySimulator(
  definition: ProviderDefinition,
  speed: number,
  instances: Map<string, SandboxInstance>,
): Promise<LazySimulator> {
  // Paused until the simulator takes the socket: nothing it sends is read before then.
  const listener = createServer({ pauseOnConnect: true });
  const origin = await listenOnLoopback(listener);
  let started: Promise<SandboxInstance> | undefined;
  const start = () => {
    const loading = definition.sandbox!({ speed, origin });
    loading.then(
      (instance) => instances.set(definition.id, instance),
      // Said once, on stderr (stdout carries only protocol messages); each request then fails
      // to connect and its tool call says the provider could not be reached.
      (error: unknown) =>
        process.stderr.write(
          `hosting-mcp: the sandbox's ${definition.title} simulator could not start: ${error instanceof Error ? error.message : String(error)}\n`,
        ),
    );
    return loading;
  };
  // The listener accepted them, so it waits for them on close: they are ended first.
  const sockets = new Set<Socket>();
  listener.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A client that resets while the simulator loads must not take the server down with it.
    socket.on('error', () => socket.destroy());
    started ??= start();
    started.then(
      (instance) => instance.simulator.http.adopt(socket, origin),
      () => socket.destroy(),
    );
  });
  return {
    account: {
      provider: definition.id,
      name: 'sandbox',
      settings: definition.sandboxAccount!(origin),
      sandbox: true,
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      const instance = await started?.catch(() => undefined);
      await instance?.simulator.close();
    },
  };
}
