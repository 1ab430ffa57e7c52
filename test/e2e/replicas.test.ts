import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ForgeSimulator } from '../../src/providers/forge/simulator/behaviour.js';
import { freePort, type RedisServer, startRedis } from '../support/redis.js';
import { type SpawnedServer, spawnHttpServer } from '../support/spawn-http.js';

/**
 * Two HTTP replicas of the built server, as a team runs them behind a load balancer, hammer one
 * Forge account (the simulator, standing in for Forge). The account's budget is made small
 * (--rate-limit 20) so the test stays short: it lasts less than the budget's one-minute window,
 * so every request the simulator records falls into one window and their count is what the
 * budget allows in all.
 */

const TOKEN = 'replicas-token-0123456789abcdef';
const BUDGET = 20;
const CALLS_PER_REPLICA = 30;
/** get_server by id makes exactly one Forge request (GET .../servers/101). */
const CALL = { name: 'get_server', arguments: { provider: 'forge', server: '101' } };

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'replicas', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
    }),
  );
  return client;
}

/**
 * Calls get_server through every replica at once, in rounds of `burst` concurrent calls per
 * replica (so each replica draws from the budget from the first round on). Returns per replica
 * how many calls succeeded and how many were refused for the budget.
 */
async function hammer(
  urls: string[],
  calls: number,
  burst = 5,
): Promise<Array<{ ok: number; limited: number }>> {
  const clients = await Promise.all(urls.map(connect));
  try {
    const tallies = urls.map(() => ({ ok: 0, limited: 0 }));
    for (let done = 0; done < calls; done += burst) {
      await Promise.all(
        clients.map(async (client, i) => {
          const results = (await Promise.all(
            Array.from({ length: Math.min(burst, calls - done) }, () => client.callTool(CALL)),
          )) as CallToolResult[];
          for (const result of results) {
            if (!result.isError) tallies[i]!.ok++;
            else if (JSON.stringify(result.content).includes('rate_limited')) tallies[i]!.limited++;
            else throw new Error(`unexpected failure: ${JSON.stringify(result.content)}`);
          }
        }),
      );
    }
    return tallies;
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

describe('replicas sharing one request budget through Redis', () => {
  let redis: RedisServer;
  let forge: ForgeSimulator;
  let replicas: SpawnedServer[] = [];

  const start = (env: Record<string, string>) =>
    spawnHttpServer(['--rate-limit', String(BUDGET)], {
      HOSTING_MCP_HTTP_TOKEN: TOKEN,
      FORGE_API_TOKEN: forge.token,
      FORGE_BASE_URL: forgeUrl,
      FORGE_ORGANIZATION: forge.organization.slug,
      ...env,
    });
  let forgeUrl = '';
  const forgeRequests = () => forge.http.requests.filter((r) => r.path.includes('/servers/101')).length;

  beforeAll(async () => {
    redis = await startRedis();
    forge = new ForgeSimulator();
    forgeUrl = await forge.listen();
  });
  afterEach(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    replicas = [];
    forge.http.requests.length = 0;
  });
  afterAll(async () => {
    await forge?.close();
    await redis?.stop();
  });

  it('never lets two replicas together exceed the account’s budget', async () => {
    replicas = await Promise.all([1, 2].map(() => start({ HOSTING_MCP_REDIS_URL: redis.url })));
    const [a, b] = await hammer(
      replicas.map((r) => r.url),
      CALLS_PER_REPLICA,
    );
    expect(forgeRequests()).toBeLessThanOrEqual(BUDGET);
    // The whole budget was used, by both replicas, and every call beyond it was told to wait.
    expect(a!.ok + b!.ok).toBe(BUDGET);
    expect(forgeRequests()).toBe(BUDGET);
    // Rounds of 5 calls per replica: the first two rounds (2 × 2 × 5) spend the budget exactly.
    expect([a!.ok, b!.ok]).toEqual([BUDGET / 2, BUDGET / 2]);
    expect(a!.limited + b!.limited).toBe(2 * CALLS_PER_REPLICA - BUDGET);
    for (const replica of replicas)
      expect(replica.stderr()).toContain('request budgets shared through Redis');
  });

  it('falls back to half the budget each when Redis is unreachable, and says so once', async () => {
    const nowhere = `redis://:replica-secret@127.0.0.1:${await freePort()}`;
    replicas = await Promise.all(
      [1, 2].map(() => start({ HOSTING_MCP_REDIS_URL: nowhere, HOSTING_MCP_REPLICAS: '2' })),
    );
    const [a, b] = await hammer(
      replicas.map((r) => r.url),
      CALLS_PER_REPLICA,
    );
    expect([a!.ok, b!.ok]).toEqual([BUDGET / 2, BUDGET / 2]);
    expect(forgeRequests()).toBe(BUDGET);
    for (const replica of replicas) {
      expect(replica.stderr().match(/Redis unreachable/g)).toHaveLength(1);
      expect(replica.stderr()).not.toContain('replica-secret');
    }
  });

  it('without a shared budget, each replica spends the whole budget', async () => {
    replicas = await Promise.all([1, 2].map(() => start({})));
    // Only as many calls as one budget holds: beyond it, a replica's own limiter waits for refills.
    await hammer(
      replicas.map((r) => r.url),
      BUDGET,
    );
    expect(forgeRequests()).toBe(2 * BUDGET);
  });

  it('share confirmations: a token one replica issued is honoured by another, once in all', async () => {
    // A destructive request, so each replica runs with --allow-destructive; no request budget
    // (the tests above spent this minute's).
    const startDestructive = () =>
      spawnHttpServer(['--allow-destructive', '--rate-limit', '0'], {
        HOSTING_MCP_HTTP_TOKEN: TOKEN,
        FORGE_API_TOKEN: forge.token,
        FORGE_BASE_URL: forgeUrl,
        FORGE_ORGANIZATION: forge.organization.slug,
        HOSTING_MCP_REDIS_URL: redis.url,
        HOSTING_MCP_AUDIT_LOG: 'off',
      });
    replicas = await Promise.all([1, 2].map(startDestructive));
    const [a, b] = await Promise.all(replicas.map((r) => connect(r.url)));
    const destroy = {
      name: 'write_api',
      arguments: { provider: 'forge', operation: 'organizations.servers.destroy', params: { server: '102' } },
    };
    const deletes = () => forge.http.requests.filter((r) => r.method === 'DELETE').length;
    try {
      const plan = (await a!.callTool(destroy)) as CallToolResult;
      const token = (plan.structuredContent as { error: { details: { confirm: string } } }).error.details
        .confirm;
      const confirmed = { ...destroy, arguments: { ...destroy.arguments, confirm: token } };
      const sent = (await b!.callTool(confirmed)) as CallToolResult;
      expect(sent.isError, JSON.stringify(sent.content)).toBeFalsy();
      const replayed = (await a!.callTool(confirmed)) as CallToolResult;
      expect(replayed.isError).toBe(true);
      expect(JSON.stringify(replayed.content)).toMatch(/already used/);
      expect(deletes()).toBe(1);
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });
});
