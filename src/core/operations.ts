import { HostingError } from './errors.js';
import { sleep } from './time.js';

/**
 * Operation handles carry everything needed to poll an operation, so any server replica can
 * resume it and no session state is kept: `provider:account:kind:id1:id2…` (ids URI-encoded).
 */
export interface OperationHandle {
  provider: string;
  account: string;
  kind: string;
  ids: string[];
}

const SEGMENT = /^[A-Za-z0-9_.%-]+$/;

export function encodeHandle(handle: OperationHandle): string {
  return [handle.provider, handle.account, handle.kind, ...handle.ids.map(encodeURIComponent)].join(':');
}

export function decodeHandle(value: string): OperationHandle {
  const parts = value.trim().split(':');
  const ids =
    parts.length >= 4 && parts.every((part) => SEGMENT.test(part)) ? decodeAll(parts.slice(3)) : undefined;
  if (!ids) {
    throw new HostingError(
      'invalid_argument',
      `operation_id "${value.slice(0, 80)}" is not an operation id.`,
      {
        hint: 'Use the operation.id returned by a write tool (create_server, deploy_site, …) or list_deployments.',
      },
    );
  }
  const [provider, account, kind] = parts as [string, string, string];
  return { provider, account, kind, ids };
}

/** The ids of a handle, or undefined when one has a broken %-escape (it was not one we made). */
function decodeAll(ids: string[]): string[] | undefined {
  try {
    return ids.map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

export interface Pollable {
  done: boolean;
  status: string;
}

export interface WaitOptions<T extends Pollable> {
  poll: () => Promise<T>;
  /** How long the caller is willing to wait in all, seconds (0 = one look). */
  waitSeconds: number;
  /** Minimum time between two polls. */
  intervalMs: number;
  signal?: AbortSignal;
  progress?: (progress: number, total: number | undefined, message: string) => void;
  now?: () => number;
}

export interface WaitOutcome<T> {
  result: T;
  polls: number;
  waitedSeconds: number;
  /** When the caller should look again (seconds), if not done. */
  nextCheckSeconds?: number;
}

/**
 * Polls until the operation is done or the wait budget is spent, never faster than the
 * provider's interval, reporting progress after each look. Returns the last state seen.
 */
export async function waitFor<T extends Pollable>(options: WaitOptions<T>): Promise<WaitOutcome<T>> {
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + options.waitSeconds * 1000;
  let polls = 0;
  for (;;) {
    const result = await options.poll();
    polls++;
    const elapsed = now() - started;
    const waitedSeconds = Math.round(elapsed / 100) / 10;
    if (options.waitSeconds > 0) {
      // How long an operation takes is unknown until it ends, so progress counts the looks (it must
      // increase with every notification) and the total is sent only once done, ending the bar at
      // 100 % instead of leaving it near the start of a guessed span and jumping to the end.
      options.progress?.(
        polls,
        result.done ? polls : undefined,
        result.done ? `finished: ${result.status}` : `${result.status} after ${Math.round(waitedSeconds)} s`,
      );
    }
    if (result.done) return { result, polls, waitedSeconds };
    const nextAt = now() + options.intervalMs;
    if (nextAt > deadline) {
      return {
        result,
        polls,
        waitedSeconds,
        nextCheckSeconds: Math.max(1, Math.ceil(options.intervalMs / 1000)),
      };
    }
    await sleep(options.intervalMs, options.signal);
  }
}
