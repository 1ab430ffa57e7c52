import type { Redis } from 'ioredis';
import type { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from './logger.js';
import { type BudgetFactory, budgetUsedUp, MAX_BUDGET_WAIT_MS, type RequestBudget } from './rate-limit.js';
import { sleep } from './time.js';

/**
 * Request budgets that HTTP replicas behind a load balancer share through Redis: every replica
 * draws an account's requests from one counter there (rate-limiter-flexible's atomic fixed
 * window, which starts at an account's first request of the minute, as Laravel's throttle does).
 * While Redis cannot be reached, each replica falls back to its own budget of 1/N of the limit,
 * so N replicas together still stay within it. The Redis client itself (./redis-store.js) is
 * loaded only when HOSTING_MCP_REDIS_URL is set.
 */

export interface SharedBudgetsOptions {
  url: string;
  /** How many replicas share each budget (the fallback divides the limit by it). */
  replicas: number;
  logger: Logger;
  /** How long start-up waits for Redis before going on with the fallback. */
  connectTimeoutMs?: number;
}

export interface SharedBudgets {
  budget: BudgetFactory;
  /** True while budgets are shared; false while each replica uses its fallback share. */
  readonly shared: boolean;
  /** The connection, for other state replicas share (the confirmation key). */
  readonly redis: Redis;
  /** host:port of the Redis server (never its password), for messages. */
  readonly address: string;
  close(): Promise<void>;
}

const KEY_PREFIX = 'hosting-mcp:budget';
const WINDOW_SECONDS = 60;

export async function connectSharedBudgets(options: SharedBudgetsOptions): Promise<SharedBudgets> {
  const { logger, replicas } = options;
  const { Redis, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } = await import('./redis-store.js');
  const where = redisAddress(options.url);
  const redis = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    // Fail commands at once while disconnected, so requests use the fallback instead of queueing.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Keep trying in the background, at most every 5 s; budgets are shared again once it answers.
    retryStrategy: (attempt) => Math.min(attempt * 500, 5_000),
  });
  let shared: boolean | undefined;
  // Said at start and then once per change, not on every failed reconnect or request.
  const report = (up: boolean) => {
    if (up === shared) return;
    shared = up;
    if (up) logger.info('request budgets shared through Redis', { redis: where, replicas });
    else
      logger.warn('Redis unreachable: each account gets 1/N of its request budget in this replica', {
        redis: where,
        replicas,
      });
  };
  redis.on('ready', () => report(true));
  redis.on('error', () => undefined);
  redis.on('end', () => report(false));
  redis.on('close', () => report(false));
  try {
    await redis.connect();
  } catch {
    report(false);
  }

  const budget: BudgetFactory = (account, perMinute) => {
    if (!Number.isFinite(perMinute) || perMinute <= 0) return UNLIMITED;
    const limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: KEY_PREFIX,
      points: perMinute,
      duration: WINDOW_SECONDS,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({
        points: Math.max(1, Math.floor(perMinute / replicas)),
        duration: WINDOW_SECONDS,
      }),
    });
    return new SharedBudget(limiter, account, RateLimiterRes);
  };

  return {
    budget,
    get shared() {
      return shared === true;
    },
    redis,
    address: where,
    async close() {
      redis.removeAllListeners('end');
      redis.removeAllListeners('close');
      redis.disconnect();
    },
  };
}

const UNLIMITED: RequestBudget = { acquire: async () => undefined, pauseFor: () => undefined };

class SharedBudget implements RequestBudget {
  constructor(
    private readonly limiter: RateLimiterRedis,
    private readonly key: string,
    /** The library's "no points left" answer (its class comes with the lazily loaded bundle). */
    private readonly NoPointsLeft: typeof RateLimiterRes,
  ) {}

  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      let waitMs: number;
      try {
        await this.limiter.consume(this.key, 1);
        return;
      } catch (rejected) {
        // Anything but "no points left" is Redis failing where the fallback could not take over.
        if (!(rejected instanceof this.NoPointsLeft)) throw rejected;
        waitMs = rejected.msBeforeNext;
      }
      if (waitMs > MAX_BUDGET_WAIT_MS) throw budgetUsedUp(waitMs);
      // A little spread, so replicas that waited for the same window do not all retry at once.
      await sleep(waitMs + Math.floor(Math.random() * 50), signal);
    }
  }

  /** A provider's 429 pauses the account on every replica (its Retry-After, in Redis). */
  pauseFor(seconds: number): void {
    this.limiter.block(this.key, Math.max(1, Math.ceil(seconds))).catch(() => undefined);
  }
}

/** host:port of a Redis URL, for logs: never its password. */
function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'redis';
  }
}
