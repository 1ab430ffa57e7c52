import { createHash } from 'node:crypto';
import { HostingError } from './errors.js';
import { cleanLine } from './untrusted.js';

/**
 * Stateless "follow" for logs that providers only return whole (or as a tail). The cursor records
 * a fingerprint of the last lines seen and their position; the next read returns only lines after
 * that point. If the fingerprint is gone (rotation, or more new lines than the provider returns)
 * everything available comes back with `gap: true`, so nothing is silently skipped.
 *
 * The lines come as the provider sent them. Only those a call looks at are cleaned (cleanLine):
 * the windows fingerprinted, the lines grep searches, the lines returned. Fingerprints and grep
 * see clean text, so results and cursors are the same as if every line had been cleaned first,
 * while a call on a long log costs about the lines it returns, not the whole log.
 */

const ANCHOR_LINES = 3;

interface CursorState {
  /**
   * Which log this cursor belongs to, as a short digest: the scope holds the caller's ids and
   * names, which are long at times, and the cursor must stay within the tool's own size limit.
   */
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

export function sliceLog(raw: readonly string[], options: SliceOptions): LogSlice {
  const all = new CleanLines(raw);
  let start = 0;
  let gap = false;
  if (options.cursor) {
    const state = decodeCursor(options.cursor, options.scope);
    const end = findAnchor(all, state);
    if (end === undefined) {
      gap = state.a !== '';
    } else {
      start = end + 1;
    }
  }
  const needle = options.grep?.toLowerCase();
  const found = needle
    ? lastMatches(all, start, needle, options.maxLines)
    : { lines: all.range(Math.max(start, raw.length - options.maxLines), raw.length), more: false };
  return {
    lines: found.lines,
    cursor: encodeCursor({ s: digest(options.scope), a: fingerprint(all, raw.length - 1), n: raw.length }),
    truncated: needle ? found.more : raw.length - start > found.lines.length,
    gap,
    new_lines: raw.length - start,
  };
}

/** Lines cleaned on first use, each at most once. */
class CleanLines {
  private readonly cleaned: string[] = [];

  constructor(private readonly raw: readonly string[]) {}

  get length(): number {
    return this.raw.length;
  }

  at(index: number): string {
    this.cleaned[index] ??= cleanLine(this.raw[index]!);
    return this.cleaned[index];
  }

  range(from: number, to: number): string[] {
    const lines: string[] = [];
    for (let i = from; i < to; i++) lines.push(this.at(i));
    return lines;
  }
}

/**
 * The last `max` lines from `start` on that contain `needle`, searched from the end, and whether
 * there are more: the search stops at the first match beyond `max`.
 */
function lastMatches(all: CleanLines, start: number, needle: string, max: number) {
  const lines: string[] = [];
  for (let i = all.length - 1; i >= start; i--) {
    const line = all.at(i);
    if (!line.toLowerCase().includes(needle)) continue;
    if (lines.length === max) return { lines: lines.reverse(), more: true };
    lines.push(line);
  }
  return { lines: lines.reverse(), more: false };
}

function findAnchor(all: CleanLines, state: CursorState): number | undefined {
  if (state.a === '') return -1;
  // Append-only logs keep the anchor where it was; check there first, then search backwards.
  const expected = state.n - 1;
  if (
    Number.isInteger(expected) &&
    expected >= 0 &&
    expected < all.length &&
    fingerprint(all, expected) === state.a
  )
    return expected;
  for (let i = all.length - 1; i >= 0; i--) {
    if (fingerprint(all, i) === state.a) return i;
  }
  return undefined;
}

function fingerprint(all: CleanLines, end: number): string {
  if (end < 0) return '';
  return digest(all.range(Math.max(0, end - ANCHOR_LINES + 1), end + 1).join('\n'));
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
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
  if (state.s !== digest(scope)) {
    throw new HostingError('invalid_argument', 'The cursor belongs to a different log.', {
      hint: 'Use a cursor only with the same provider, source, server/site and id it came from, or omit it.',
    });
  }
  return state as CursorState;
}
