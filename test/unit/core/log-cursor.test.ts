import { describe, expect, it } from 'vitest';
import { sliceLog } from '../../../src/core/log-cursor.js';

const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}`);

describe('sliceLog', () => {
  it('returns the last N lines and a cursor', () => {
    const slice = sliceLog(lines(10), { maxLines: 3, scope: 's' });
    expect(slice.lines).toEqual(['line 8', 'line 9', 'line 10']);
    expect(slice.truncated).toBe(true);
    expect(slice.cursor).toBeTruthy();
  });

  it('returns only new lines after a cursor', () => {
    const first = sliceLog(lines(5), { maxLines: 100, scope: 's' });
    const next = sliceLog(lines(8), { maxLines: 100, scope: 's', cursor: first.cursor });
    expect(next.lines).toEqual(['line 6', 'line 7', 'line 8']);
    expect(next.gap).toBe(false);
    const none = sliceLog(lines(8), { maxLines: 100, scope: 's', cursor: next.cursor });
    expect(none.lines).toEqual([]);
  });

  it('finds its place when the provider returns a moving tail window', () => {
    const first = sliceLog(lines(5, 1), { maxLines: 100, scope: 's' });
    // The provider now returns lines 3..9 only (older lines fell off the window).
    const next = sliceLog(lines(7, 3), { maxLines: 100, scope: 's', cursor: first.cursor });
    expect(next.lines).toEqual(['line 6', 'line 7', 'line 8', 'line 9']);
  });

  it('flags a gap when the previous position is gone (rotation)', () => {
    const first = sliceLog(lines(5), { maxLines: 100, scope: 's' });
    const rotated = sliceLog(['fresh 1', 'fresh 2'], { maxLines: 100, scope: 's', cursor: first.cursor });
    expect(rotated.gap).toBe(true);
    expect(rotated.lines).toEqual(['fresh 1', 'fresh 2']);
  });

  it('filters with grep case-insensitively, after the cursor', () => {
    const slice = sliceLog(['INFO a', 'ERROR b', 'error c'], { maxLines: 10, scope: 's', grep: 'error' });
    expect(slice.lines).toEqual(['ERROR b', 'error c']);
  });

  it('rejects a cursor from another log or garbage', () => {
    const first = sliceLog(lines(2), { maxLines: 10, scope: 'a' });
    expect(() => sliceLog(lines(2), { maxLines: 10, scope: 'b', cursor: first.cursor })).toThrow(
      /different log/,
    );
    expect(() => sliceLog(lines(2), { maxLines: 10, scope: 'a', cursor: 'nope' })).toThrow(
      /not one tail_logs returned/,
    );
  });

  it('follows a log that starts empty', () => {
    const empty = sliceLog([], { maxLines: 10, scope: 's' });
    const next = sliceLog(lines(2), { maxLines: 10, scope: 's', cursor: empty.cursor });
    expect(next.lines).toEqual(['line 1', 'line 2']);
    expect(next.gap).toBe(false);
  });
});
