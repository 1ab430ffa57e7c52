// Runs the official MCP conformance server scenarios against the built server in HTTP sandbox mode
// on loopback, then holds the results to conformance-baseline.json: every scenario must pass
// unless listed there with a reason, and a listed one that starts passing fails the run too (the
// baseline has gone stale). Usage: node scripts/conformance.mjs [--keep-results]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

// A fresh token per run: the server demands it like in production; the suite sends it through
// the test-only preload scripts/conformance-auth.mjs, since it has no option for headers.
const token = randomBytes(24).toString('base64url');
const server = await startServer(token);
const resultsDir = await mkdtemp(join(tmpdir(), 'hosting-mcp-conformance-'));
let exitCode = 1;
try {
  await runSuite(server.url, token, resultsDir);
  exitCode = report(await readResults(resultsDir));
} catch (error) {
  console.error(`conformance: ${error instanceof Error ? error.message : String(error)}`);
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
      stderr += chunk;
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

function runSuite(url, token, outputDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        join(root, 'scripts/conformance-auth.mjs'),
        suiteBin,
        'server',
        '--url',
        url,
        '-o',
        outputDir,
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
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
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

/** scenario → { passed, checks } from the suite's `server-<scenario>-<timestamp>/checks.json`. */
async function readResults(dir) {
  const results = new Map();
  for (const entry of await readdir(dir)) {
    const match = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(entry);
    if (!match) continue;
    const checks = JSON.parse(await readFile(join(dir, entry, 'checks.json'), 'utf8'));
    const failures = checks.filter((c) => c.status === 'FAILURE');
    results.set(match[1], {
      passed: checks.length > 0 && failures.length === 0,
      warnings: checks.filter((c) => c.status === 'WARNING').length,
      reason: failures.map((c) => c.errorMessage ?? c.id).join('; '),
    });
  }
  if (results.size === 0) throw new Error(`no scenario results in ${dir}`);
  return results;
}

function report(results) {
  const expected = baseline.expectedFailures ?? {};
  const notCounted = baseline.notCounted ?? {};
  const problems = [];
  for (const name of baseline.mustPass ?? []) {
    if (!results.has(name)) problems.push(`${name}: required but the suite did not run it`);
  }
  for (const name of Object.keys(expected)) {
    if (!results.has(name)) problems.push(`${name}: in the baseline but the suite did not run it; remove it`);
  }
  const rows = [];
  let counted = 0;
  let countedPassed = 0;
  for (const [name, result] of [...results].sort(([a], [b]) => a.localeCompare(b))) {
    let verdict;
    if (result.passed && name in expected) {
      verdict = 'STALE';
      problems.push(`${name}: passes now; remove it from conformance-baseline.json`);
    } else if (result.passed) {
      verdict = result.warnings ? 'pass (warning)' : 'pass';
    } else if (name in expected) {
      verdict = 'expected failure';
    } else {
      verdict = 'FAIL';
      problems.push(`${name}: ${result.reason}`);
    }
    if (!(name in notCounted) && !(name in expected)) {
      counted += 1;
      if (result.passed) countedPassed += 1;
    }
    rows.push([name, verdict, name in notCounted ? 'not counted' : '']);
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\nMCP conformance (${baseline.suite})`);
  for (const [name, verdict, note] of rows)
    console.log(`  ${name.padEnd(width)}  ${verdict}${note ? `  (${note})` : ''}`);
  console.log(
    `\n${countedPassed} of ${counted} counted scenarios pass; ${Object.keys(expected).length} expected failures (suite fixtures); ${Object.keys(notCounted).length} not counted.`,
  );
  if (problems.length) {
    console.error('\nConformance problems:');
    for (const problem of problems) console.error(`  - ${problem}`);
    return 1;
  }
  return 0;
}
