import { HostingError } from './errors.js';
import { sleep } from './time.js';

/**
 * What a provider's HTTP client needs of its account's request budget: a slot per request
 * (waiting politely for one, or a rate_limited error when it is too far away), and a pause of the
 * whole budget after the provider's own 429.
 */
export interface RequestBudget {
  acquire(signal?: AbortSignal): Promise<void>;
  pauseFor(seconds: number): void;
}

/** Makes the budget of one provider account ("provider:account"), `perMinute` requests a minute (0: none). */
export type BudgetFactory = (account: string, perMinute: number) => RequestBudget;

/** Longest a request waits for a slot before its call fails with rate_limited. */
export const MAX_BUDGET_WAIT_MS = 20_000;

/** Each account's budget in this process: the default, and the only one without Redis. */
export const localBudget: BudgetFactory = (_account, perMinute) =>
  new RateLimiter({ limit: perMinute, windowMs: 60_000, maxWaitMs: MAX_BUDGET_WAIT_MS });

/** The error of a call whose next slot is further away than anyone should wait. */
export function budgetUsedUp(waitMs: number): HostingError {
  const seconds = Math.ceil(waitMs / 1000);
  return new HostingError('rate_limited', `The provider's request budget is used up for now.`, {
    retryAfterSeconds: seconds,
    hint: `Wait about ${seconds} s before calling again.`,
  });
}

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
export class RateLimiter implements RequestBudget {
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
      if (waitMs > this.options.maxWaitMs) throw budgetUsedUp(waitMs);
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
