import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../../src/core/rate-limit.js';

describe('RateLimiter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lets a burst of `limit` through, then spaces requests evenly', async () => {
    const limiter = new RateLimiter({ limit: 60, windowMs: 60_000, maxWaitMs: 10_000 });
    for (let i = 0; i < 60; i++) await limiter.acquire();
    let done = false;
    const next = limiter.acquire().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(900);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await next;
    expect(done).toBe(true);
  });

  it('fails fast with rate_limited when the wait would be too long', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000, maxWaitMs: 5_000 });
    await limiter.acquire();
    await expect(limiter.acquire()).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });
  });

  it('pauses every caller after a Retry-After', async () => {
    const limiter = new RateLimiter({ limit: 100, windowMs: 60_000, maxWaitMs: 10_000 });
    limiter.pauseFor(3);
    let done = false;
    const next = limiter.acquire().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(2_900);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await next;
    expect(done).toBe(true);
  });

  it('is a no-op when disabled', async () => {
    const limiter = new RateLimiter({ limit: 0, windowMs: 60_000, maxWaitMs: 0 });
    for (let i = 0; i < 1000; i++) await limiter.acquire();
    expect(limiter.enabled).toBe(false);
  });

  it('stops waiting when the call is cancelled', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000, maxWaitMs: 120_000 });
    await limiter.acquire();
    const controller = new AbortController();
    const pending = limiter.acquire(controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });
});
