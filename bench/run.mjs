// Benchmark harness: `npm run bench` (builds first; `-- --quick` for a short pass). Measures the
// built server on this machine and writes bench/results.json. Not part of the tests: the figures
// depend on the machine and on whatever else runs on it (the load average is recorded).
// `-- --only=throughput,memory` runs just those parts (coldStart, toolsList, overhead,
// throughput, memory, coolifyLookup, listServers, tailLogs, searchApi) and prints their figures as JSON
// without touching results.json. `-- --baseline=<rev>[,<rev>…]` builds those commits too
// (bench/lib.mjs baselineBuild) and measures them side by side with this checkout in parts 1, 7
// and 8.
//
//  1. cold start over stdio (sandbox): spawn → initialize answered → tools/list answered
//  2. tools/list size with the default toolsets (bytes, ≈ tokens at 4 bytes each)
//  3. per-call overhead: get_server through MCP over stdio vs the same Forge request sent
//     directly with undici to the same sandbox simulator
//  4. HTTP throughput, stateless mode, 1/8/32 concurrent clients, with the server's own CPU time
//     per call (steadier than wall time on a shared machine): list_accounts and get_server in
//     sandbox mode (the Forge simulator answers on the server's own event loop), then get_server
//     with the Forge simulator in a separate process and the server configured as for a real
//     account (FORGE_API_TOKEN, FORGE_BASE_URL, FORGE_ORGANIZATION; --rate-limit 0)
//  5. RSS of the HTTP server after start, after 5,000 and after 10,000 get_server calls: sandbox
//     with default heap settings, sandbox with NODE_OPTIONS bounding the young generation, and
//     default settings with the Forge simulator out of process
//  6. Coolify get_site and get_server by uuid at 1,000 servers: provider requests and median time
//     per call, before/after (bench/coolify-lookup.mjs)
//  7. list_servers at 1,000 servers (Forge simulator out of process): requests, time, CPU
//  8. tail_logs of a 10 MiB log (same): last lines, following a cursor, grep
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool, request } from 'undici';
import { coolifyLookup } from './coolify-lookup.mjs';
import {
  baselineBuild,
  CURRENT_BUILD,
  cpuMs,
  loadAverage,
  median,
  percentile,
  round,
  rssMiB,
  spawnForgeSimulator,
  spawnHttp,
  spawnStdio,
} from './lib.mjs';
import { listServersAt1000, tailLogsOf10MiB } from './scale.mjs';
import { searchApi } from './search-api.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const baselineRevs =
  process.argv
    .find((arg) => arg.startsWith('--baseline='))
    ?.slice('--baseline='.length)
    .split(',') ?? [];
const COLD_RUNS = quick ? 5 : 20;
const OVERHEAD_CALLS = quick ? 200 : 1000;
const LOAD_SECONDS = quick ? 2 : 5;
const MEMORY_CALLS = 5000;
/** Bounds V8's young generation (not a heap limit); Node takes it only at process start. */
const YOUNG_BOUND = '--max-semi-space-size=4';
const TARGETS = { coldStartMs: 300, overheadMs: 2, callsPerSecondAt8: 1000, rssAfter5000MiB: 120 };
/** Concurrent HTTP clients in the throughput runs; the target is set at 8. */
const CLIENT_COUNTS = [1, 8, 32];
/** Table labels of the throughput runs (keys of results.throughput). */
const THROUGHPUT_LABELS = {
  list_accounts: 'list_accounts',
  get_server: 'get_server, Forge simulator in-process (sandbox)',
  get_server_provider_out_of_process: 'get_server, Forge simulator out of process',
};

/** The sandbox Forge simulator's token (ForgeSimulator default); the sandbox prints no secret. */
const SANDBOX_FORGE_TOKEN = 'sandbox-forge-token';
/** Seed server 101 ("web-1"): by id, get_server makes exactly one provider request. */
const SERVER_ARGS = { provider: 'forge', server: '101' };

/**
 * How the cold start runs: in sandbox mode (the simulators start too) and as for one real account
 * (a Forge token in the environment, its API on a loopback port nothing listens on: nothing is
 * sent before a tool call).
 */
const COLD_MODES = {
  sandbox: { args: ['--sandbox'], env: {} },
  oneAccount: {
    args: [],
    env: {
      FORGE_API_TOKEN: 'bench-token',
      FORGE_ORGANIZATION: 'acme',
      FORGE_BASE_URL: 'http://127.0.0.1:9/api',
    },
  },
};

const loadBefore = loadAverage();
const baselines = baselineRevs.map(baselineBuild);
/** The builds compared side by side: this checkout's first. */
const builds = [CURRENT_BUILD, ...baselines];
const parts = {
  coldStart,
  toolsList: toolsListSize,
  overhead: perCallOverhead,
  throughput: httpThroughput,
  memory: async () => ({
    default: await memory(''),
    youngBound: { nodeOptions: YOUNG_BOUND, ...(await memory(YOUNG_BOUND)) },
    providerOutOfProcess: await memory('', { outOfProcess: true }),
  }),
  coolifyLookup: () => coolifyLookup(quick ? 5 : 20),
  listServers: () => listServersAt1000(builds, { quick }),
  tailLogs: () => tailLogsOf10MiB(builds, { quick }),
  searchApi: () => searchApi(quick ? 20 : 100),
};
const unknown = only?.filter((name) => !(name in parts)) ?? [];
if (unknown.length)
  throw new Error(`--only: unknown part ${unknown.join(', ')}; parts: ${Object.keys(parts)}`);
const results = {};
try {
  for (const [name, run] of Object.entries(parts)) {
    if (!only || only.includes(name)) results[name] = await run();
  }
} finally {
  for (const baseline of baselines) baseline.remove();
}
if (only) {
  console.log(
    JSON.stringify({ loadAverage: { before: loadBefore, after: loadAverage() }, results }, null, 2),
  );
  process.exit(0);
}

const report = {
  date: new Date().toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model },
  loadAverage: { before: loadBefore, after: loadAverage() },
  targets: TARGETS,
  results,
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
printTable(report);

/**
 * Spawn → initialize → tools/list, COLD_RUNS times in each mode for every build, taking turns
 * (A B A B …). The sandbox figures are the top level (the target is set on them), one account's
 * under `oneAccount`; a baseline's come with the pairwise ratio of this build's tools/list time to
 * its own.
 */
async function coldStart() {
  const samples = builds.map(() =>
    Object.fromEntries(
      Object.keys(COLD_MODES).map((mode) => [mode, { initialize: [], listed: [], cpu: [] }]),
    ),
  );
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const [mode, { args, env }] of Object.entries(COLD_MODES)) {
      for (const [k, build] of builds.entries()) {
        const taken = samples[k][mode];
        const started = performance.now();
        const { child, peer } = spawnStdio(args, env, build.root);
        await peer.initialize();
        taken.initialize.push(performance.now() - started);
        await peer.request('tools/list');
        taken.listed.push(performance.now() - started);
        taken.cpu.push(cpuMs(child.pid));
        await peer.close();
      }
    }
  }
  const figures = ({ initialize, listed, cpu }) => ({
    initializeMedianMs: round(median(initialize), 1),
    toolsListMedianMs: round(median(listed), 1),
    toolsListMinMs: round(Math.min(...listed), 1),
    serverCpuMedianMs: round(median(cpu), 1),
  });
  /** This build's tools/list time over the baseline's, median of the pairs. */
  const ratio = (mine, theirs) => round(median(mine.listed.map((ms, i) => ms / theirs.listed[i])), 3);
  const [current, ...others] = samples;
  return {
    runs: COLD_RUNS,
    ...figures(current.sandbox),
    oneAccount: figures(current.oneAccount),
    ...(baselines.length
      ? {
          baselines: Object.fromEntries(
            baselines.map((baseline, k) => [
              baseline.label,
              {
                ...figures(others[k].sandbox),
                toolsListRatio: ratio(current.sandbox, others[k].sandbox),
                oneAccount: {
                  ...figures(others[k].oneAccount),
                  toolsListRatio: ratio(current.oneAccount, others[k].oneAccount),
                },
              },
            ]),
          ),
        }
      : {}),
  };
}

async function toolsListSize() {
  const { peer } = spawnStdio(['--sandbox']);
  await peer.initialize();
  const { message } = await peer.request('tools/list');
  await peer.close();
  const bytes = Buffer.byteLength(JSON.stringify(message.result));
  return { tools: message.result.tools.length, bytes, approxTokens: Math.round(bytes / 4) };
}

async function perCallOverhead() {
  const { peer } = spawnStdio(['--sandbox']);
  await peer.initialize();
  // The dry run shows the exact request URL, which names the sandbox simulator's address.
  const plan = await peer.callTool('create_server', {
    provider: 'forge',
    name: 'bench',
    cloud: 'ocean2',
    region: 'ams3',
    size: 's-1vcpu-1gb',
    dry_run: true,
  });
  const directUrl = `${plan.structuredContent.request.url}/${SERVER_ARGS.server}`; // …/orgs/acme/servers/101
  const direct = async () => {
    const res = await request(directUrl, {
      headers: { authorization: `Bearer ${SANDBOX_FORGE_TOKEN}`, accept: 'application/json' },
    });
    await res.body.json();
    if (res.statusCode !== 200) throw new Error(`direct request failed: ${res.statusCode}`);
  };
  const viaMcp = () => peer.callTool('get_server', SERVER_ARGS);
  for (let i = 0; i < 200; i++) {
    await viaMcp();
    await direct();
  }
  const mcp = [];
  const raw = [];
  // Interleaved, so drift (GC, CPU frequency, neighbours) hits both sides alike.
  for (let i = 0; i < OVERHEAD_CALLS; i++) {
    let t = performance.now();
    await viaMcp();
    mcp.push(performance.now() - t);
    t = performance.now();
    await direct();
    raw.push(performance.now() - t);
  }
  await peer.close();
  const mcpMs = median(mcp);
  const directMs = median(raw);
  return {
    calls: OVERHEAD_CALLS,
    mcpMedianMs: round(mcpMs, 3),
    directMedianMs: round(directMs, 3),
    overheadMedianMs: round(mcpMs - directMs, 3),
    ratio: round(mcpMs / directMs, 2),
  };
}

function mcpHeaders(token) {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${token}`,
    'mcp-protocol-version': '2025-06-18',
  };
}

function callBody(name, args) {
  return JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } });
}

/** POSTs one tools/call and checks the SSE answer carries a successful result. */
async function httpCall(pool, headers, body) {
  const res = await pool.request({ path: '/mcp', method: 'POST', headers, body });
  const text = await res.body.text();
  if (res.statusCode !== 200 || !text.includes('"result"') || text.includes('"isError":true')) {
    throw new Error(`HTTP call failed (${res.statusCode}): ${text.slice(0, 300)}`);
  }
}

/**
 * `clients` loops, each on its own connection, sending calls back to back for `seconds`. With a
 * provider process, its CPU per call is reported too (work that a real provider does elsewhere).
 */
async function load(server, token, clients, seconds, tool, args, provider) {
  const pool = new Pool(new URL(server.url).origin, { connections: clients, pipelining: 1 });
  const headers = mcpHeaders(token);
  const body = callBody(tool, args);
  const latencies = [];
  const cpuBefore = cpuMs(server.child.pid);
  const providerCpuBefore = provider ? cpuMs(provider.child.pid) : 0;
  const started = performance.now();
  const stopAt = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < stopAt) {
        const t = performance.now();
        await httpCall(pool, headers, body);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuMs(server.child.pid) - cpuBefore;
  const providerCpu = provider ? cpuMs(provider.child.pid) - providerCpuBefore : undefined;
  await pool.close();
  return {
    clients,
    calls: latencies.length,
    callsPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: round(median(latencies), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    serverCpuMsPerCall: round(cpu / latencies.length, 2),
    ...(provider ? { providerCpuMsPerCall: round(providerCpu / latencies.length, 2) } : {}),
  };
}

async function httpThroughput() {
  const token = randomBytes(24).toString('base64url');
  const out = {};
  const sandboxed = await spawnHttp(token);
  try {
    await load(sandboxed, token, 8, 2, 'get_server', SERVER_ARGS); // warm-up (JIT, connection pools)
    for (const [tool, args] of [
      ['list_accounts', {}],
      ['get_server', SERVER_ARGS],
    ]) {
      out[tool] = [];
      for (const clients of CLIENT_COUNTS)
        out[tool].push(await load(sandboxed, token, clients, LOAD_SECONDS, tool, args));
    }
  } finally {
    await sandboxed.stop();
  }

  const server = await spawnWithForgeOutOfProcess(token);
  try {
    await load(server, token, 8, 2, 'get_server', SERVER_ARGS, server.forge); // warm-up
    out.get_server_provider_out_of_process = [];
    for (const clients of CLIENT_COUNTS) {
      out.get_server_provider_out_of_process.push(
        await load(server, token, clients, LOAD_SECONDS, 'get_server', SERVER_ARGS, server.forge),
      );
    }
  } finally {
    await server.stop();
  }
  return out;
}

/**
 * As with a real provider: the Forge API answers from another process, and the server is
 * configured through the ordinary env path (not --sandbox) with its limiter switched off.
 */
async function spawnWithForgeOutOfProcess(token, nodeOptions = '') {
  const forge = await spawnForgeSimulator();
  try {
    const server = await spawnHttp(token, ['--rate-limit', '0'], nodeOptions, {
      FORGE_API_TOKEN: forge.token,
      FORGE_BASE_URL: forge.url,
      FORGE_ORGANIZATION: forge.organization,
    });
    return {
      ...server,
      forge,
      stop: async () => {
        await server.stop();
        await forge.stop();
      },
    };
  } catch (error) {
    await forge.stop();
    throw error;
  }
}

async function memory(nodeOptions, { outOfProcess = false } = {}) {
  const token = randomBytes(24).toString('base64url');
  const server = outOfProcess
    ? await spawnWithForgeOutOfProcess(token, nodeOptions)
    : await spawnHttp(token, ['--sandbox'], nodeOptions);
  try {
    const afterStart = rssMiB(server.child.pid);
    const pool = new Pool(new URL(server.url).origin, { connections: 8 });
    const headers = mcpHeaders(token);
    const body = callBody('get_server', SERVER_ARGS);
    const batch = async (count) => {
      let left = count;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (left-- > 0) await httpCall(pool, headers, body);
        }),
      );
      return Math.round(count / ((performance.now() - started) / 1000));
    };
    const callsPerSecond = await batch(MEMORY_CALLS);
    const after5000 = rssMiB(server.child.pid);
    await batch(MEMORY_CALLS);
    const after10000 = rssMiB(server.child.pid);
    await pool.close();
    return { afterStartMiB: afterStart, after5000MiB: after5000, after10000MiB: after10000, callsPerSecond };
  } finally {
    await server.stop();
  }
}

function printTable({ results: r, loadAverage: load, machine }) {
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  const rows = [
    [
      'Cold start, stdio sandbox (spawn → tools/list), median',
      `${r.coldStart.toolsListMedianMs} ms (min ${r.coldStart.toolsListMinMs}, server CPU ${r.coldStart.serverCpuMedianMs} ms)`,
      `≤ ${TARGETS.coldStartMs} ms`,
      verdict(r.coldStart.toolsListMedianMs <= TARGETS.coldStartMs),
    ],
    ['  spawn → initialize answered, median', `${r.coldStart.initializeMedianMs} ms`, '', ''],
    ...Object.entries(r.coldStart.baselines ?? {}).map(([label, b]) => [
      `  same, build of ${label}, median`,
      `${b.toolsListMedianMs} ms (min ${b.toolsListMinMs}, server CPU ${b.serverCpuMedianMs} ms); current/${label} × ${b.toolsListRatio}`,
      '',
      '',
    ]),
    [
      'Cold start, stdio, one Forge account (spawn → tools/list), median',
      `${r.coldStart.oneAccount.toolsListMedianMs} ms (min ${r.coldStart.oneAccount.toolsListMinMs}, server CPU ${r.coldStart.oneAccount.serverCpuMedianMs} ms)`,
      '',
      '',
    ],
    ...Object.entries(r.coldStart.baselines ?? {}).map(([label, { oneAccount: b }]) => [
      `  same, build of ${label}, median`,
      `${b.toolsListMedianMs} ms (min ${b.toolsListMinMs}, server CPU ${b.serverCpuMedianMs} ms); current/${label} × ${b.toolsListRatio}`,
      '',
      '',
    ]),
    [
      'tools/list, default toolsets',
      `${r.toolsList.bytes} B ≈ ${r.toolsList.approxTokens} tokens (${r.toolsList.tools} tools)`,
      '',
      '',
    ],
    ['get_server via MCP over stdio, median', `${r.overhead.mcpMedianMs} ms`, '', ''],
    ['same Forge request direct (undici), median', `${r.overhead.directMedianMs} ms`, '', ''],
    [
      'Per-call overhead, median',
      `${r.overhead.overheadMedianMs} ms (× ${r.overhead.ratio})`,
      `≤ ${TARGETS.overheadMs} ms`,
      verdict(r.overhead.overheadMedianMs <= TARGETS.overheadMs),
    ],
    ...Object.entries(r.throughput).flatMap(([key, runs]) =>
      runs.map((x) => {
        const target = x.clients === 8;
        const provider = x.providerCpuMsPerCall !== undefined ? `, simulator ${x.providerCpuMsPerCall}` : '';
        return [
          `HTTP ${THROUGHPUT_LABELS[key] ?? key}, ${x.clients} client${x.clients > 1 ? 's' : ''}`,
          `${x.callsPerSecond}/s (p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms, CPU ms/call: server ${x.serverCpuMsPerCall}${provider})`,
          target ? `≥ ${TARGETS.callsPerSecondAt8}/s` : '',
          target ? verdict(x.callsPerSecond >= TARGETS.callsPerSecondAt8) : '',
        ];
      }),
    ),
    ...[
      ['sandbox, default heap', r.memory.default],
      [`sandbox, NODE_OPTIONS="${r.memory.youngBound.nodeOptions}"`, r.memory.youngBound],
      ['Forge out of process, default heap', r.memory.providerOutOfProcess],
    ].flatMap(([label, m]) => [
      [`RSS after start (HTTP, ${label})`, `${m.afterStartMiB} MiB`, '', ''],
      [
        `RSS after 5,000 calls (${label})`,
        `${m.after5000MiB} MiB (${m.callsPerSecond}/s while loading)`,
        `≤ ${TARGETS.rssAfter5000MiB} MiB`,
        verdict(m.after5000MiB <= TARGETS.rssAfter5000MiB),
      ],
      [`RSS after 10,000 calls (${label})`, `${m.after10000MiB} MiB`, '', ''],
    ]),
    ...['get_site', 'get_server'].map((tool) => {
      const { before, ...after } = r.coolifyLookup;
      const was = before[tool];
      return [
        `Coolify ${tool} by uuid at ${after.servers.toLocaleString('en')} servers`,
        `${after[tool].requests} request(s), ${after[tool].medianMs} ms median (before: ${was.requests} requests${was.medianMs === null ? '' : `, ${was.medianMs} ms`})`,
        '≤ 3 requests',
        verdict(after[tool].requests <= 3),
      ];
    }),
    ...scaleRows('list_servers at 1,000 servers', r.listServers),
    ...scaleRows('tail_logs of a 10 MiB log', r.tailLogs),
    [
      'search_api over the five catalogs (median, p95)',
      `${r.searchApi.medianMs} ms, ${r.searchApi.p95Ms} ms (first call ${r.searchApi.firstCallMs} ms); answer ≤ ${r.searchApi.largestAnswerTokens} tokens`,
      '≤ 20 ms; ≤ 1,000 tokens',
      verdict(r.searchApi.medianMs <= 20 && r.searchApi.largestAnswerTokens <= 1000),
    ],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) {
    console.log(
      `${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2].padEnd(widths[2])}  ${row[3]}`,
    );
  }
  console.log(
    `\nNode ${machine.node}, ${machine.cpus} × ${machine.cpu}; load average ${load.before} before, ${load.after} after. Wrote bench/results.json`,
  );
}

/** One row per case and build of a part from bench/scale.mjs. */
function scaleRows(title, cases) {
  return Object.entries(cases).flatMap(([name, c]) =>
    Object.entries(c.builds).map(([label, x]) => [
      `${title}, ${name} (${label})`,
      `${x.requestsPerCall} request(s), ${x.medianMs} ms median, CPU ms/call: server ${x.serverCpuMsPerCall}, simulator ${x.simulatorCpuMsPerCall}`,
      '',
      '',
    ]),
  );
}
