// Bench part `coolifyLookup`: get_site and get_server of Coolify, named by uuid, on a team with
// 1,000 servers — the provider requests each call makes and its median time over MCP stdio. The
// simulator runs in the bench process (it counts the requests); the server is configured as for a
// real instance (COOLIFY_API_TOKEN, COOLIFY_BASE_URL) with its limiter off, so the time is the
// lookups' own and not Coolify's 200-a-minute budget.
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { bundle, median, round, spawnStdio } from './lib.mjs';

export const COOLIFY_SERVERS = 1000;

/**
 * The same calls before the Coolify provider read uuids directly (commit 5802541: get_site listed
 * applications, services and servers, then every server's resources, to find the site's server;
 * get_server listed every server first). Measured once, side by side with this part's code in one
 * run: 40 alternating calls of each version, load average about 12, both simulators in one
 * process. Median ratios before/after there: get_site 48.7, get_server 3.9.
 */
export const COOLIFY_LOOKUP_BEFORE = {
  commit: '5802541',
  get_site: { requests: 1003, medianMs: 176.83 },
  get_server: { requests: 2, medianMs: 41.9 },
};

const ENTRY = `
import { CoolifySimulator } from './src/providers/coolify/simulator/behaviour.js';
import { COOLIFY_SEED } from './src/providers/coolify/simulator/seed.js';
export async function start(servers) {
  const simulator = new CoolifySimulator();
  simulator.addServers(servers - COOLIFY_SEED.servers.length);
  let requests = 0;
  simulator.http.onExchange = () => { requests++; };
  const url = await simulator.listen();
  return {
    url,
    token: simulator.token,
    site: COOLIFY_SEED.applications[0].uuid,
    server: COOLIFY_SEED.servers[1].uuid,
    requests: () => requests,
    close: () => simulator.close(),
  };
}
`;

export async function coolifyLookup(calls) {
  const { dir, outfile } = await bundle(ENTRY, 'coolify-simulator');
  const simulator = await (await import(pathToFileURL(outfile).href)).start(COOLIFY_SERVERS);
  const { peer } = spawnStdio(['--rate-limit', '0'], {
    COOLIFY_API_TOKEN: simulator.token,
    COOLIFY_BASE_URL: simulator.url,
  });
  try {
    await peer.initialize();
    const measure = async (tool, args) => {
      await peer.callTool(tool, args); // warm-up: connection and JIT
      const times = [];
      let requests = 0;
      for (let i = 0; i < calls; i++) {
        const before = simulator.requests();
        const started = performance.now();
        await peer.callTool(tool, args);
        times.push(performance.now() - started);
        requests = simulator.requests() - before;
      }
      return { requests, medianMs: round(median(times), 2) };
    };
    return {
      servers: COOLIFY_SERVERS,
      calls,
      get_site: await measure('get_site', { provider: 'coolify', site: simulator.site }),
      get_server: await measure('get_server', { provider: 'coolify', server: simulator.server }),
      before: COOLIFY_LOOKUP_BEFORE,
    };
  } finally {
    await peer.close();
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
