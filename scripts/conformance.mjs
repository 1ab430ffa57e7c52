// Runs the official MCP conformance server scenarios against the built server in HTTP sandbox mode
// on loopback, in both protocol eras: the suite's default scenarios (the 2025-11-25 wire, with the
// initialize handshake) and the scenarios protocol revision 2026-07-28 requires (stateless, per-
// request _meta). Each run is held to its section of conformance-baseline.json: every scenario
// must pass unless listed there with a reason, and a listed one that starts passing fails the run
// too (the baseline has gone stale). Usage: node scripts/conformance.mjs [--keep-results]
//
// The suite needs Node 22 or later; the project supports Node 20. On an older Node this script
// fetches a Node 22 binary from the npm registry (scripts/lib/node22.mjs) and runs only the suite
// with it; NODE22 names another binary.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { node22 } from './lib/node22.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const keepResults = process.argv.includes('--keep-results');
const baseline = JSON.parse(await readFile(join(root, 'conformance-baseline.json'), 'utf8'));
const suiteBin = join(
  dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/package.json')),
  'dist/index.js',
);

if (!existsSync(join(root, 'dist/cli.js'))) {
  console.error('conformance: dist/cli.js is missing; run `npm run build` first.');
  process.exit(1);
}

const suiteNode = node22(root);
// A fresh token per run: the server demands it like in production; the suite sends it through
// the test-only preload scripts/conformance-auth.mjs, since it has no option for headers.
const token = randomBytes(24).toString('base64url');
const server = await startServer(token);
const resultsDir = await mkdtemp(join(tmpdir(), 'hosting-mcp-conformance-'));
let exitCode = 0;
try {
  for (const [name, run] of Object.entries(baseline.runs)) {
    const dir = join(resultsDir, name);
    await runSuite(server.url, token, dir, run.args);
    if (report(name, run, await readResults(dir)) !== 0) exitCode = 1;
  }
} catch (error) {
  console.error(`conformance: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  const stopped = await server.stop();
  if (!stopped) {
    console.error('conformance: the server did not exit cleanly within 15 s of SIGTERM.');
    exitCode = 1;
  }
  if (keepResults) console.log(`Results kept in ${resultsDir}`);
  else await rm(resultsDir, { recursive: true, force: true });
}
process.exit(exitCode);

/** Starts `hosting-mcp --http --sandbox` on a free loopback port and reads its URL from stderr. */
function startServer(token) {
  const child = spawn(
    process.execPath,
    ['dist/cli.js', '--http', '--sandbox', '--host', '127.0.0.1', '--port', '0'],
    {
      cwd: root,
      env: { ...process.env, HOSTING_MCP_HTTP_TOKEN: token, HOSTING_MCP_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not report its URL within 15 s:\n${stderr}`));
    }, 15_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      // Only the start is needed; later lines are dropped so a long run does not grow the string.
      if (stderr.length < 64 * 1024) stderr += chunk;
      const url = /"url":"(http:\/\/[^"]+)"/.exec(stderr)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        async stop() {
          child.kill('SIGTERM');
          const code = await Promise.race([
            exited,
            new Promise((r) => setTimeout(() => r('timeout'), 15_000)),
          ]);
          if (code === 'timeout') child.kill('SIGKILL');
          return code === 0;
        },
      });
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${stderr}`));
    });
  });
}

function runSuite(url, token, outputDir, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      suiteNode,
      [
        '--import',
        join(root, 'scripts/conformance-auth.mjs'),
        suiteBin,
        'server',
        '--url',
        url,
        '-o',
        outputDir,
        ...args,
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          CONFORMANCE_TARGET_ORIGIN: new URL(url).origin,
          CONFORMANCE_TARGET_TOKEN: token,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.once('error', reject);
    // The suite exits 1 whenever any scenario fails; the verdict is ours, from its result files.
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal) reject(new Error(`the suite was stopped (${signal}):\n${output}`));
      else if (!/=== SUMMARY ===/.test(output))
        reject(new Error(`the suite did not finish (${code}):\n${output}`));
      else resolve();
    });
  });
}

/** scenario → its checks' verdicts, from the suite's `server-<scenario>-<timestamp>/checks.json`. */
async function readResults(dir) {
  const results = new Map();
  for (const entry of await readdir(dir)) {
    const match = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(entry);
    if (!match) continue;
    const checks = JSON.parse(await readFile(join(dir, entry, 'checks.json'), 'utf8'));
    results.set(match[1], {
      ran: checks.length > 0,
      failed: checks.filter((c) => c.status === 'FAILURE'),
      warnings: checks.filter((c) => c.status === 'WARNING').length,
    });
  }
  if (results.size === 0) throw new Error(`no scenario results in ${dir}`);
  return results;
}

/**
 * One run's verdict. A baseline entry is a reason (the whole scenario is expected to fail) or
 * `{ reason, checks }`: only those checks may fail, every other check of the scenario must pass.
 */
function report(name, run, results) {
  const expected = run.expectedFailures ?? {};
  const notCounted = run.notCounted ?? {};
  const problems = [];
  for (const scenario of run.mustPass ?? []) {
    if (!results.has(scenario)) problems.push(`${scenario}: required but the suite did not run it`);
  }
  for (const scenario of [...Object.keys(expected), ...Object.keys(notCounted)]) {
    if (!results.has(scenario))
      problems.push(`${scenario}: in the baseline but the suite did not run it; remove it`);
  }
  const rows = [];
  let counted = 0;
  let passed = 0;
  for (const [scenario, result] of [...results].sort(([a], [b]) => a.localeCompare(b))) {
    const entry = expected[scenario];
    const allowed = typeof entry === 'object' ? new Set(entry.checks) : undefined;
    const failedIds = new Set(result.failed.map((c) => c.id));
    let verdict;
    if (scenario in notCounted) {
      verdict = result.failed.length ? 'fails (not counted)' : 'passes (not counted)';
    } else if (entry === undefined) {
      counted += 1;
      if (result.ran && result.failed.length === 0) {
        passed += 1;
        verdict = result.warnings ? 'pass (warning)' : 'pass';
      } else {
        verdict = 'FAIL';
        const why = result.failed.map((c) => `${c.id}: ${c.errorMessage ?? ''}`).join('; ');
        problems.push(`${scenario}: ${why || 'no checks ran'}`);
      }
    } else if (allowed) {
      counted += 1;
      const unexpected = result.failed.filter((c) => !allowed.has(c.id));
      const stale = [...allowed].filter((id) => !failedIds.has(id));
      if (unexpected.length) {
        verdict = 'FAIL';
        problems.push(`${scenario}: ${unexpected.map((c) => `${c.id}: ${c.errorMessage ?? ''}`).join('; ')}`);
      } else if (stale.length) {
        verdict = 'STALE';
        problems.push(
          `${scenario}: ${stale.join(', ')} pass now; remove them from conformance-baseline.json`,
        );
      } else {
        passed += 1;
        verdict = `pass but for ${allowed.size} expected check failure(s)`;
      }
    } else if (result.ran && result.failed.length === 0) {
      verdict = 'STALE';
      problems.push(`${scenario}: passes now; remove it from conformance-baseline.json`);
    } else {
      verdict = 'expected failure';
    }
    rows.push([scenario, verdict]);
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\nMCP conformance, ${name} (${baseline.suite} ${['server', ...run.args].join(' ')})`);
  for (const [scenario, verdict] of rows) console.log(`  ${scenario.padEnd(width)}  ${verdict}`);
  const fixtures = Object.values(expected).filter((e) => typeof e === 'string').length;
  console.log(
    `\n${passed} of ${counted} counted scenarios pass; ${fixtures} expected failures; ${Object.keys(notCounted).length} not counted.`,
  );
  if (problems.length) {
    console.error(`\nConformance problems (${name}):`);
    for (const problem of problems) console.error(`  - ${problem}`);
    return 1;
  }
  return 0;
}
