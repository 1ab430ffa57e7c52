import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostingError } from '../../../src/core/errors.js';
import { createLogger } from '../../../src/core/logger.js';
import { Redactor } from '../../../src/core/redact.js';
import { connectSharedBudgets, type SharedBudgets } from '../../../src/core/shared-budget.js';
import { freePort, type RedisServer, startRedis } from '../../support/redis.js';

/** Takes slots until the budget refuses one; returns how many it got. */
async function drain(budget: { acquire(): Promise<void> }, tries: number): Promise<number> {
  let taken = 0;
  for (let i = 0; i < tries; i++) {
    try {
      await budget.acquire();
      taken++;
    } catch (error) {
      expect(error).toBeInstanceOf(HostingError);
      expect((error as HostingError).code).toBe('rate_limited');
    }
  }
  return taken;
}

describe('request budgets shared through Redis', () => {
  let redis: RedisServer;
  const opened: SharedBudgets[] = [];
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', redactor: new Redactor(), write: (line) => lines.push(line) });
  const connect = async (url: string, replicas = 2) => {
    const budgets = await connectSharedBudgets({ url, replicas, logger, connectTimeoutMs: 500 });
    opened.push(budgets);
    return budgets;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(opened.map((b) => b.close()));
    await redis?.stop();
  });

  it('lets two replicas together take an account’s limit, not each', async () => {
    const [a, b] = [await connect(redis.url), await connect(redis.url)];
    expect([a.shared, b.shared]).toEqual([true, true]);
    const budgetA = a.budget('forge:shared-test', 6);
    const budgetB = b.budget('forge:shared-test', 6);
    const [takenA, takenB] = await Promise.all([drain(budgetA, 6), drain(budgetB, 6)]);
    expect(takenA + takenB).toBe(6);
    // Other accounts have budgets of their own.
    expect(await drain(a.budget('forge:other', 6), 6)).toBe(6);
  });

  it('pauses an account on every replica after one replica’s 429', async () => {
    const [a, b] = [await connect(redis.url), await connect(redis.url)];
    a.budget('coolify:paused', 100).pauseFor(45);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(b.budget('coolify:paused', 100).acquire()).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('falls back to 1/N of the limit per replica when Redis is unreachable, and says so once', async () => {
    lines.length = 0;
    const down = await connect(`redis://127.0.0.1:${await freePort()}`, 3);
    expect(down.shared).toBe(false);
    expect(await drain(down.budget('forge:fallback', 10), 10)).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // reconnect attempts fail meanwhile
    const warnings = lines.filter((line) => line.includes('Redis unreachable'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"replicas":3');
  });

  it('leaves accounts without a documented budget unlimited', async () => {
    const budgets = await connect(redis.url);
    expect(await drain(budgets.budget('platformsh:default', 0), 50)).toBe(50);
  });
});
