import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Confirmations, redisSpentTokens, TOKEN_TTL_MS } from '../../../src/tools/confirmations.js';
import { type RedisServer, startRedis } from '../../support/redis.js';

const binding = { account: 'forge/main', method: 'DELETE', path: '/orgs/acme/servers/1', bodyHash: 'e3b0' };

describe('confirmation tokens', () => {
  it('confirm the request they were issued for, once', async () => {
    const tokens = new Confirmations(Buffer.alloc(32, 7));
    const { token } = tokens.issue(binding);
    await expect(tokens.redeem(token, binding)).resolves.toBeUndefined();
    await expect(tokens.redeem(token, binding)).rejects.toThrow(/already used/);
  });

  it('refuse another account, method, path or body', async () => {
    const tokens = new Confirmations(Buffer.alloc(32, 7));
    for (const change of [
      { account: 'forge/other' },
      { method: 'POST' },
      { path: '/orgs/acme/servers/2' },
      { bodyHash: 'ff' },
    ]) {
      const { token } = tokens.issue(binding);
      await expect(tokens.redeem(token, { ...binding, ...change })).rejects.toThrow(
        /issued for another request/,
      );
    }
  });

  it('expire after five minutes', async () => {
    let now = 1_000_000;
    const tokens = new Confirmations(Buffer.alloc(32, 7), () => now);
    const { token, expires_at } = tokens.issue(binding);
    expect(Date.parse(expires_at)).toBe(now + TOKEN_TTL_MS);
    now += TOKEN_TTL_MS;
    await expect(tokens.redeem(token, binding)).rejects.toThrow(/expired/);
  });

  it('are honoured by another replica with the same key, and by none with another key', async () => {
    const key = Buffer.alloc(32, 9);
    const { token } = new Confirmations(key).issue(binding);
    await expect(new Confirmations(key).redeem(token, binding)).resolves.toBeUndefined();
    await expect(new Confirmations(Buffer.alloc(32, 1)).redeem(token, binding)).rejects.toThrow(
      /another request/,
    );
  });

  it('refuse text that is not a token', async () => {
    const tokens = new Confirmations(Buffer.alloc(32, 7));
    for (const junk of ['', 'abc', 'a.b', 'a.b.c.d']) {
      await expect(tokens.redeem(junk, binding)).rejects.toThrow(/refused/);
    }
  });

  it('are refused when the replicas’ shared store cannot say whether one was spent', async () => {
    const broken = { claim: () => Promise.reject(new Error('connection lost')) };
    const tokens = new Confirmations(Buffer.alloc(32, 7), Date.now, broken);
    const { token } = tokens.issue(binding);
    await expect(tokens.redeem(token, binding)).rejects.toThrow(/could not say whether it was already used/);
  });
});

/** Replicas behind a load balancer, sharing the key and a real redis-server. */
describe('confirmation tokens across replicas sharing Redis', () => {
  let server: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('are spent on every replica once one has used them, until they expire', async () => {
    const key = Buffer.alloc(32, 5);
    const replicaA = new Confirmations(key, Date.now, redisSpentTokens(redis));
    const replicaB = new Confirmations(key, Date.now, redisSpentTokens(redis));
    const { token } = replicaA.issue(binding);
    await expect(replicaB.redeem(token, binding)).resolves.toBeUndefined();
    await expect(replicaA.redeem(token, binding)).rejects.toThrow(/already used/);
    await expect(replicaB.redeem(token, binding)).rejects.toThrow(/already used/);

    const nonce = token.split('.')[1];
    const ttl = await redis.pttl(`hosting-mcp:confirm-spent:${nonce}`);
    expect(ttl).toBeGreaterThan(TOKEN_TTL_MS - 10_000);
    expect(ttl).toBeLessThanOrEqual(TOKEN_TTL_MS);
  });

  it('let one of two replicas redeeming the same token at once send it', async () => {
    const key = Buffer.alloc(32, 6);
    const replicas = Array.from(
      { length: 4 },
      () => new Confirmations(key, Date.now, redisSpentTokens(redis)),
    );
    const { token } = replicas[0]!.issue(binding);
    const outcomes = await Promise.allSettled(replicas.map((r) => r.redeem(token, binding)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });
});
