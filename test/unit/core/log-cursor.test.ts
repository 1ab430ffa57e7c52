import { describe, expect, it } from 'vitest';
import { type SliceOptions, sliceLog } from '../../../src/core/log-cursor.js';
import { cleanLine, MAX_LINE_CHARS } from '../../../src/core/untrusted.js';

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

  describe('on lines as the provider sent them', () => {
    // Terminal colours, control characters and an over-long line: what cleaning changes.
    const dirty = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        i % 3 === 0
          ? `\u001b[31mER\u001b[1mROR\u001b[0m ${i}\u0007`
          : i % 3 === 1
            ? `INFO\u0000 ${i} ${'x'.repeat(i % 7 === 0 ? MAX_LINE_CHARS : 10)}`
            : `debug ${i}`,
      );
    const calls = (log: string[], previous: string[]): Array<[string, string[], SliceOptions]> => {
      const first = sliceLog(previous, { maxLines: 5, scope: 's' }).cursor;
      return [
        ['last lines', log, { maxLines: 5, scope: 's' }],
        ['all lines', log, { maxLines: 1000, scope: 's' }],
        ['grep across escapes', log, { maxLines: 4, scope: 's', grep: 'error' }],
        ['grep, few matches', log, { maxLines: 100, scope: 's', grep: 'error 3' }],
        ['follow', log, { maxLines: 100, scope: 's', cursor: first }],
        ['follow and grep', log, { maxLines: 2, scope: 's', cursor: first, grep: 'error' }],
        ['moving window', log.slice(10), { maxLines: 100, scope: 's', cursor: first }],
        ['rotated', log.slice(-3), { maxLines: 100, scope: 's', cursor: first }],
      ];
    };

    it('answers as if every line had been cleaned first: same lines, cursor and flags', () => {
      // Before, every line was cleaned before slicing; cleaning twice changes nothing, so cleaned
      // input gives the earlier answers, cursors included.
      for (const [what, log, options] of calls(dirty(60), dirty(40))) {
        const expected = sliceLog(log.map(cleanLine), options);
        expect(sliceLog(log, options), what).toEqual(expected);
        expect(
          expected.lines.every((line) => line === cleanLine(line)),
          what,
        ).toBe(true);
      }
      const cleanedCursor = sliceLog(dirty(40).map(cleanLine), { maxLines: 5, scope: 's' }).cursor;
      expect(sliceLog(dirty(60), { maxLines: 100, scope: 's', cursor: cleanedCursor }).lines).toHaveLength(
        20,
      );
    });

    it('looks at the lines it returns and the anchors, not the whole log', () => {
      const log = dirty(100_000);
      let read = 0;
      const counted = new Proxy(log, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) read++;
          return Reflect.get(target, key, receiver);
        },
      });
      const first = sliceLog(counted, { maxLines: 100, scope: 's' });
      expect(first.lines).toHaveLength(100);
      expect(read).toBeLessThanOrEqual(100 + 3);
      read = 0;
      sliceLog(counted, { maxLines: 100, scope: 's', cursor: first.cursor });
      expect(read).toBeLessThanOrEqual(2 * 3);
      read = 0;
      const grep = sliceLog(counted, { maxLines: 100, scope: 's', grep: 'error' });
      expect(grep.truncated).toBe(true);
      expect(read).toBeLessThanOrEqual(3 * 101 + 3);
    });
  });
});
