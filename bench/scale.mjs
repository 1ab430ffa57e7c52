// Bench rows where cost should grow with the work asked for, not with the account: a list at
// 1,000 servers, a tail of a 10 MiB log. The server runs as for a real account (stdio, env
// settings, --rate-limit 0) against the Forge simulator in a process of its own, grown for the
// row; every build given (this checkout's and any baselines, see baselineBuild) answers the same
// calls against the same simulator, taking turns, so the figures compare side by side.
import { performance } from 'node:perf_hooks';
import { cpuMs, median, round, spawnForgeSimulator, spawnStdio } from './lib.mjs';

/** Tool calls per case and build, after WARMUP calls that are not counted. */
const CALLS = 15;
const WARMUP = 3;
const LOG_BYTES = 10 * 1024 * 1024;

/** list_servers at 1,000 servers: the default limit (100) and the largest the tool allows (500). */
export function listServersAt1000(builds, { quick = false } = {}) {
  return measureToolCalls(builds, {
    simulator: { servers: 1000 },
    calls: quick ? 5 : CALLS,
    cases: {
      limit100: { tool: 'list_servers', args: { provider: 'forge' }, check: servers(100) },
      limit500: { tool: 'list_servers', args: { provider: 'forge', limit: 500 }, check: servers(500) },
    },
  });
}

/**
 * tail_logs of a 10 MiB application log: the last 100 lines; the same with the cursor of a
 * previous call (no new lines since); and a grep, which must look at every line.
 */
export function tailLogsOf10MiB(builds, { quick = false } = {}) {
  const args = { provider: 'forge', source: 'application', site: '201' };
  return measureToolCalls(builds, {
    simulator: { applicationLogBytes: LOG_BYTES },
    calls: quick ? 5 : CALLS,
    cases: {
      last100: { tool: 'tail_logs', args, check: logLines(100) },
      follow: {
        tool: 'tail_logs',
        args,
        more: {
          what: 'the cursor of a call just before',
          args: async (peer) => ({
            cursor: (await peer.callTool('tail_logs', args)).structuredContent.cursor,
          }),
        },
        check: logLines(0),
      },
      grep: { tool: 'tail_logs', args: { ...args, grep: 'timed out' }, check: logLines(100) },
    },
  });
}

const servers = (count) => (result) => result.servers?.length === count;
const logLines = (count) => (result) => result.lines === count;

/**
 * Starts the grown simulator and one server per build, then for every case makes `calls` calls
 * through each build in turn (A B A B …). Per case and build: requests the simulator received per
 * call; median wall time of a call (the client's view over stdio); CPU time per call of the server
 * and of the simulator (/proc, summed over the calls; the simulator's is its share of the wall
 * time). A case's `more.args(peer)` adds arguments obtained before each call, untimed (a cursor).
 */
async function measureToolCalls(builds, { simulator: seed, calls, cases }) {
  const forge = await spawnForgeSimulator(seed);
  const env = {
    FORGE_API_TOKEN: forge.token,
    FORGE_BASE_URL: forge.url,
    FORGE_ORGANIZATION: forge.organization,
  };
  const servers = builds.map((build) => spawnStdio(['--rate-limit', '0'], env, build.root));
  try {
    await Promise.all(servers.map(({ peer }) => peer.initialize()));
    const out = {};
    for (const [name, { tool, args, more, check }] of Object.entries(cases)) {
      const samples = builds.map(() => ({ ms: [], cpu: 0, simulatorCpu: 0, requests: [] }));
      for (let i = -WARMUP; i < calls; i++) {
        for (const [k, { child, peer }] of servers.entries()) {
          const callArgs = { ...args, ...(await more?.args(peer)) };
          await forge.requests();
          const cpuBefore = cpuMs(child.pid);
          const simulatorCpuBefore = cpuMs(forge.child.pid);
          const started = performance.now();
          const result = await peer.callTool(tool, callArgs);
          const ms = performance.now() - started;
          const cpu = cpuMs(child.pid) - cpuBefore;
          const simulatorCpu = cpuMs(forge.child.pid) - simulatorCpuBefore;
          const requests = await forge.requests();
          if (!check(result.structuredContent))
            throw new Error(`${builds[k].label}: ${tool} ${name} answered unexpectedly`);
          if (i < 0) continue;
          samples[k].ms.push(ms);
          samples[k].cpu += cpu;
          samples[k].simulatorCpu += simulatorCpu;
          samples[k].requests.push(requests);
        }
      }
      out[name] = {
        call: `${tool} ${JSON.stringify(args)}${more ? ` + ${more.what}` : ''}`,
        calls,
        builds: Object.fromEntries(
          builds.map((build, k) => [
            build.label,
            {
              requestsPerCall: median(samples[k].requests),
              medianMs: round(median(samples[k].ms), 1),
              serverCpuMsPerCall: round(samples[k].cpu / calls, 1),
              simulatorCpuMsPerCall: round(samples[k].simulatorCpu / calls, 1),
            },
          ]),
        ),
      };
    }
    return out;
  } finally {
    await Promise.all(servers.map(({ peer }) => peer.close()));
    await forge.stop();
  }
}
