import { createHash } from 'node:crypto';
import { HostingError } from './errors.js';

/**
 * Stateless "follow" for logs that providers only return whole (or as a tail). The cursor records
 * a fingerprint of the last lines seen and their position; the next read returns only lines after
 * that point. If the fingerprint is gone (rotation, or more new lines than the provider returns)
 * everything available comes back with `gap: true`, so nothing is silently skipped.
 */

const ANCHOR_LINES = 3;

interface CursorState {
  /** Scope: which log this cursor belongs to. */
  s: string;
  /** Fingerprint of the last lines seen ('' for an empty log). */
  a: string;
  /** Number of lines at that time. */
  n: number;
}

export interface LogSlice {
  lines: string[];
  cursor: string;
  /** More matching lines were available than `lines` allowed. */
  truncated: boolean;
  /** The previous position was not found: some lines may have been missed. */
  gap: boolean;
  /** Lines new since the cursor (before grep and the line cap). */
  new_lines: number;
}

export interface SliceOptions {
  maxLines: number;
  grep?: string;
  cursor?: string;
  scope: string;
}

export function sliceLog(all: readonly string[], options: SliceOptions): LogSlice {
  let fresh: readonly string[] = all;
  let gap = false;
  if (options.cursor) {
    const state = decodeCursor(options.cursor, options.scope);
    const end = findAnchor(all, state);
    if (end === undefined) {
      gap = state.a !== '';
    } else {
      fresh = all.slice(end + 1);
    }
  }
  const needle = options.grep?.toLowerCase();
  const matching = needle ? fresh.filter((line) => line.toLowerCase().includes(needle)) : fresh;
  const lines = matching.slice(-options.maxLines);
  return {
    lines,
    cursor: encodeCursor({ s: options.scope, a: fingerprint(all, all.length - 1), n: all.length }),
    truncated: matching.length > lines.length,
    gap,
    new_lines: fresh.length,
  };
}

function findAnchor(all: readonly string[], state: CursorState): number | undefined {
  if (state.a === '') return -1;
  // Append-only logs keep the anchor where it was; check there first, then search backwards.
  const expected = state.n - 1;
  if (expected < all.length && fingerprint(all, expected) === state.a) return expected;
  for (let i = all.length - 1; i >= 0; i--) {
    if (fingerprint(all, i) === state.a) return i;
  }
  return undefined;
}

function fingerprint(all: readonly string[], end: number): string {
  if (end < 0) return '';
  const window = all.slice(Math.max(0, end - ANCHOR_LINES + 1), end + 1).join('\n');
  return createHash('sha256').update(window).digest('base64url').slice(0, 16);
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeCursor(cursor: string, scope: string): CursorState {
  let state: Partial<CursorState>;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    state = {};
  }
  if (typeof state.s !== 'string' || typeof state.a !== 'string' || typeof state.n !== 'number') {
    throw new HostingError('invalid_argument', 'The cursor is not one tail_logs returned.', {
      hint: 'Pass the cursor from the previous tail_logs result unchanged, or omit it to start fresh.',
    });
  }
  if (state.s !== scope) {
    throw new HostingError('invalid_argument', 'The cursor belongs to a different log.', {
      hint: 'Use a cursor only with the same provider, source, server/site and id it came from, or omit it.',
    });
  }
  return state as CursorState;
}
