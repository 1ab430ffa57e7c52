import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeHandle, encodeHandle, waitFor } from '../../../src/core/operations.js';

describe('operation handles', () => {
  it('round-trips ids that need encoding', () => {
    const handle = {
      provider: 'platformsh',
      account: 'main',
      kind: 'activity',
      ids: ['proj', 'heads/main', 'a:b'],
    };
    const encoded = encodeHandle(handle);
    expect(encoded).toBe('platformsh:main:activity:proj:heads%2Fmain:a%3Ab');
    expect(decodeHandle(encoded)).toEqual(handle);
  });

  it('rejects strings that are not handles with a hint', () => {
    expect(() => decodeHandle('123')).toThrow(/not an operation id/);
    expect(() => decodeHandle('a:b:c:d e')).toThrow(/not an operation id/);
  });
});

describe('waitFor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls at the interval until done and reports progress', async () => {
    const states = ['queued', 'deploying', 'finished'];
    let i = 0;
    const progress = vi.fn();
    const promise = waitFor({
      poll: async () => {
        const status = states[Math.min(i++, states.length - 1)]!;
        return { status, done: status === 'finished' };
      },
      waitSeconds: 30,
      intervalMs: 5_000,
      progress,
    });
    await vi.advanceTimersByTimeAsync(10_000);
    const outcome = await promise;
    expect(outcome.result.status).toBe('finished');
    expect(outcome.polls).toBe(3);
    expect(progress).toHaveBeenCalledTimes(3);
    // Progress increases with each look; the total is known (and sent) only once done.
    expect(progress.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, 3],
    ]);
    expect(progress.mock.calls.map((c) => c[2])).toEqual([
      'queued after 0 s',
      'deploying after 5 s',
      'finished: finished',
    ]);
  });

  it('never polls faster than the interval, and says when to look again', async () => {
    const poll = vi.fn(async () => ({ status: 'provisioning', done: false }));
    const promise = waitFor({ poll, waitSeconds: 50, intervalMs: 120_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    const outcome = await promise;
    expect(poll).toHaveBeenCalledTimes(1);
    expect(outcome.nextCheckSeconds).toBe(120);
  });

  it('with waitSeconds 0 looks once', async () => {
    const poll = vi.fn(async () => ({ status: 'running', done: false }));
    const outcome = await waitFor({ poll, waitSeconds: 0, intervalMs: 1_000 });
    expect(poll).toHaveBeenCalledTimes(1);
    expect(outcome.result.done).toBe(false);
  });
});
