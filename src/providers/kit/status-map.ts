import type { OperationState } from '../types.js';

/**
 * A provider's status words mapped to the normalized lifecycle, declared as data. An unknown word
 * is never success: it reads as still running, so a caller keeps polling instead of reporting a
 * finished deployment that is not.
 */
export function statusMap(
  words: Partial<Record<OperationState, readonly string[]>>,
): (status: string | null | undefined) => OperationState {
  const table = new Map<string, OperationState>();
  for (const [state, list] of Object.entries(words) as [OperationState, readonly string[]][]) {
    for (const word of list) table.set(word.toLowerCase(), state);
  }
  return (status) => table.get(String(status ?? '').toLowerCase()) ?? 'running';
}

export function isDone(state: OperationState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled';
}
