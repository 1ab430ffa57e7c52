import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedKey } from '../../../src/core/shared-key.js';
import { freePort, type RedisServer, startRedis } from '../../support/redis.js';

describe('sharedKey (the confirmation key replicas share)', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  const client = (url: string) => {
    const c = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis?.stop();
  });

  it('takes HOSTING_MCP_CONFIRM_KEY when given, even with Redis', async () => {
    const store = client(redis.url);
    await store.connect();
    const result = await sharedKey({ configured: 'k'.repeat(32), store });
    expect(result).toEqual({ key: Buffer.from('k'.repeat(32)), source: 'env' });
  });

  it('gives every replica the same key through Redis, created once', async () => {
    const replicas = [client(redis.url), client(redis.url), client(redis.url)];
    await Promise.all(replicas.map((c) => c.connect()));
    const keys = await Promise.all(replicas.map((store) => sharedKey({ store })));
    expect(keys.map((k) => k.source)).toEqual(['redis', 'redis', 'redis']);
    expect(keys[0]!.key).toHaveLength(32);
    expect(keys[1]!.key.equals(keys[0]!.key)).toBe(true);
    expect(keys[2]!.key.equals(keys[0]!.key)).toBe(true);
    // A replica started later reads the same key.
    const later = client(redis.url);
    await later.connect();
    expect((await sharedKey({ store: later })).key.equals(keys[0]!.key)).toBe(true);
  });

  it('falls back to a key of its own when Redis cannot be reached, or without Redis', async () => {
    const down = client(`redis://127.0.0.1:${await freePort()}`);
    const a = await sharedKey({ store: down });
    const b = await sharedKey({});
    expect([a.source, b.source]).toEqual(['process', 'process']);
    expect(a.key).toHaveLength(32);
    expect(a.key.equals(b.key)).toBe(false);
  });
});
