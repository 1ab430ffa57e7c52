import { setFlagsFromString } from 'node:v8';

/**
 * How far old space may grow past what survived the last full GC before V8 collects it again,
 * for the long-running HTTP server.
 *
 * V8 picks that factor from the heap limit: with a limit of 2 GB or more (the default on most
 * machines) it goes up to 4, so under load (8 clients, about 700 calls/s) a server with 16 MB of
 * live objects let its heap reach 55-70 MB before each full GC, one every 3 s. At 1.5 the heap
 * peaks around 30 MB, with a full GC about every half second, each pausing 3-9 ms (the marking
 * runs mostly on V8's helper threads); CPU per call measured the same, RSS 20-40 MB lower.
 *
 * This is not a limit: a workload that keeps more alive still gets all the heap Node allows; only
 * the next full GC comes sooner. And unlike the heap's sizes, which Node takes only at startup
 * (NODE_OPTIONS), V8 reads this flag at every full GC, so setting it from inside the process
 * works however the server was started (npx, node dist/cli.js, a container).
 */
export const HEAP_GROWING_PERCENT = 50;

/** Flags with which an operator has sized the old generation themselves; then V8 is left alone. */
const OPERATOR_SIZING =
  /(^|\s)--(max-old-space-size|max_old_space_size|heap-growing-percent|heap_growing_percent)\b/;

/**
 * Applies HEAP_GROWING_PERCENT unless the process was started with its own old-space sizing
 * (in NODE_OPTIONS or on node's command line). Returns whether it did.
 */
export function tuneHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
  setFlags: (flags: string) => void = setFlagsFromString,
): boolean {
  if (OPERATOR_SIZING.test(` ${[...execArgv, nodeOptions].join(' ')}`)) return false;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
