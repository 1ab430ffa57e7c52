import { HostingError } from './errors.js';
import { sleep } from './time.js';

export interface RateLimiterOptions {
  /** Requests allowed per window; 0 or Infinity disables the limiter. */
  limit: number;
  windowMs: number;
  /** Longest a caller waits for a slot before getting a rate_limited error. */
  maxWaitMs: number;
  now?: () => number;
}

/**
 * A token bucket per account: `limit` tokens refill evenly over `windowMs`. Callers wait for a
 * token (politely, cancellable) instead of hammering the provider into 429s. A 429 from the
 * provider pauses the whole bucket until its Retry-After has passed.
 */
export class RateLimiter {
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = 0;
  private readonly now: () => number;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.tokens = options.limit;
    this.updatedAt = this.now();
  }

  get enabled(): boolean {
    return Number.isFinite(this.options.limit) && this.options.limit > 0;
  }

  /** Takes one token, waiting for it if needed. */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (!this.enabled) return;
    for (;;) {
      const waitMs = this.reserve();
      if (waitMs === 0) return;
      if (waitMs > this.options.maxWaitMs) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new HostingError('rate_limited', `The provider's request budget is used up for now.`, {
          retryAfterSeconds: seconds,
          hint: `Wait about ${seconds} s before calling again.`,
        });
      }
      await sleep(waitMs, signal);
    }
  }

  /** Stops all requests until `seconds` from now (a provider's Retry-After). */
  pauseFor(seconds: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + seconds * 1000);
  }

  /** Returns 0 when a token was taken, else how long to wait before trying again. */
  private reserve(): number {
    const now = this.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    const perTokenMs = this.options.windowMs / this.options.limit;
    this.tokens = Math.min(this.options.limit, this.tokens + (now - this.updatedAt) / perTokenMs);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) * perTokenMs);
  }
}
