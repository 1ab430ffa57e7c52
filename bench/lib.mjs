// Small helpers shared by the benchmark: statistics, spawning the built CLI, and a minimal
// newline-delimited JSON-RPC client for stdio (so client-side overhead stays out of the numbers).
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Resident set size of a process, in MiB, from /proc (Linux). */
export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return round(kb / 1024, 1);
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** 1-minute load average: other work on the machine skews every figure, so it is recorded. */
export function loadAverage() {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/** This checkout's build, as the bench measures it (`npm run bench` builds it first). */
export const CURRENT_BUILD = { label: 'current', root: ROOT };

/**
 * Another commit's build, measured side by side with this one: a detached worktree of `rev` in a
 * temporary directory, with this checkout's node_modules when the lock file is the same (else its
 * own, from `npm ci`), built by that commit's own scripts/build.mjs. Resolves with { label (the short commit), root, remove }.
 */
export function baselineBuild(rev) {
  const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  const commit = git('rev-parse', '--short', `${rev}^{commit}`);
  const root = join(mkdtempSync(join(tmpdir(), 'hosting-mcp-baseline-')), commit);
  git('worktree', 'add', '--detach', '--quiet', root, commit);
  const remove = () => {
    git('worktree', 'remove', '--force', root);
    rmSync(dirname(root), { recursive: true, force: true });
  };
  try {
    const lock = (dir) => readFileSync(join(dir, 'package-lock.json'), 'utf8');
    if (lock(root) === lock(ROOT)) symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    else
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    execFileSync(process.execPath, ['scripts/build.mjs'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (error) {
    remove();
    throw error;
  }
  return { label: commit, root, remove };
}

/** A JSON-RPC peer over a child's stdin/stdout, one JSON message per line. */
export class StdioPeer {
  constructor(child) {
    this.child = child;
    this.nextId = 1;
    this.pending = new Map();
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        if (!line.trim()) continue;
        const message = JSON.parse(line);
        const waiter = message.id !== undefined ? this.pending.get(message.id) : undefined;
        if (waiter) {
          this.pending.delete(message.id);
          waiter({ message, bytes: Buffer.byteLength(line) });
        }
      }
    });
  }

  /** Sends a request; resolves with { message, bytes } of the response line. */
  request(method, params = {}) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  notify(method, params = {}) {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  }

  async initialize() {
    const response = await this.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'hosting-mcp-bench', version: '1.0.0' },
    });
    this.notify('notifications/initialized');
    return response;
  }

  async callTool(name, args) {
    const { message } = await this.request('tools/call', { name, arguments: args });
    if (message.error || message.result?.isError) {
      throw new Error(`${name} failed: ${JSON.stringify(message.error ?? message.result.content)}`);
    }
    return message.result;
  }

  close() {
    this.child.stdin.end();
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', resolve);
    });
  }
}

/**
 * The built server over stdio; `env` is added to this process's environment. `root` is the
 * checkout whose build runs (a baseline's, see baselineBuild).
 */
export function spawnStdio(args = ['--sandbox'], env = {}, root = ROOT) {
  const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), ...args, '--log-level', 'silent'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  return { child, peer: new StdioPeer(child) };
}

/**
 * Starts the HTTP server on a free loopback port at the default log level, its stderr going to a
 * file as a service's would (a pipe the bench had to drain would bill the bench for the logging).
 * Resolves with { url, child } once the listening line is in the file.
 */
export async function spawnHttp(token, args = ['--sandbox'], nodeOptions = '', env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hosting-mcp-bench-'));
  const logPath = join(dir, 'stderr.log');
  const log = openSync(logPath, 'w');
  const child = spawn(
    process.execPath,
    ['dist/cli.js', '--http', '--host', '127.0.0.1', '--port', '0', ...args],
    {
      env: { ...process.env, ...env, HOSTING_MCP_HTTP_TOKEN: token, NODE_OPTIONS: nodeOptions },
      stdio: ['ignore', 'ignore', log],
    },
  );
  closeSync(log);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const text = readFileSync(logPath, 'utf8');
    const url = /"url":"(http:\/\/[^"]+)"/.exec(text)?.[1];
    if (url) {
      return {
        url,
        child,
        stop: () =>
          new Promise((resolve) => {
            child.once('exit', () => {
              rmSync(dir, { recursive: true, force: true });
              resolve();
            });
            child.kill('SIGTERM');
          }),
      };
    }
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`HTTP server did not start: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Bundles a TypeScript entry written against src/ into one ES module in a temporary directory, so
 * the bench runs simulators without a build step of their own. Resolves with { dir, outfile }.
 */
export async function bundle(contents, name) {
  const dir = mkdtempSync(join(tmpdir(), `hosting-mcp-bench-${name}-`));
  const outfile = join(dir, `${name}.mjs`);
  await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: `${name}.ts`, loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return { dir, outfile };
}

/**
 * Starts the Forge simulator and prints where it listens; bundled into a temp file below. Its
 * options (argv[2], JSON) grow the seed before the simulator is built from it: `servers` in all,
 * `applicationLogBytes` of application log on site 201. On stdin, a line "requests" answers with
 * how many API requests came in since the last time it was asked.
 */
const FORGE_SIMULATOR_ENTRY = `
import { createInterface } from 'node:readline';
import { ForgeSimulator } from './src/providers/forge/simulator/behaviour.js';
import { FORGE_SEED } from './src/providers/forge/simulator/seed.js';
const options = JSON.parse(process.argv[2] ?? '{}');
for (let i = FORGE_SEED.servers.length; i < (options.servers ?? 0); i++) {
  FORGE_SEED.servers.push({
    id: 10_000 + i, name: 'fleet-' + i, provider: 'hetzner', region: 'fsn1', size: 'cx22',
    ip: '198.18.' + (i >> 8) + '.' + (i & 255), logs: {},
  });
}
if (options.applicationLogBytes) {
  const site = FORGE_SEED.sites.find((s) => s.id === 201);
  const lines = [site.logs.application.trimEnd()];
  let bytes = lines[0].length;
  for (let i = 0; bytes < options.applicationLogBytes; i++) {
    const line = i % 40 === 39
      ? '[2026-11-20 09:' + String(i % 60).padStart(2, '0') + ':00] production.ERROR: Payment gateway timed out after 30 s {"order":' + i + ',"exception":"cURL error 28: Operation timed out"}'
      : '[2026-11-20 09:' + String(i % 60).padStart(2, '0') + ':00] production.INFO: Request handled {"method":"GET","path":"/orders/' + i + '","status":200,"ms":' + (i % 97) + '}';
    lines.push(line);
    bytes += line.length + 1;
  }
  site.logs.application = lines.join('\\n') + '\\n';
}
const simulator = new ForgeSimulator();
const url = await simulator.listen();
process.stdout.write(JSON.stringify({ url, token: simulator.token, organization: simulator.organization.slug }) + '\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line !== 'requests') return;
  process.stdout.write(JSON.stringify({ requests: simulator.http.requests.length }) + '\\n');
  simulator.http.requests.length = 0;
});
process.once('SIGTERM', () => simulator.close().then(() => process.exit(0)));
`;

/**
 * The Forge simulator in a process of its own, standing in for the real API: the server then
 * spends only its own side of each provider request, as it would in production. The simulator
 * is bundled from src with esbuild (no build step of its own). `options` grow its seed (see
 * FORGE_SIMULATOR_ENTRY). Resolves with { url, token, organization, child, requests, stop };
 * requests() resolves with the number of API requests since its last call.
 */
export async function spawnForgeSimulator(options = {}) {
  const { dir, outfile } = await bundle(FORGE_SIMULATOR_ENTRY, 'forge-simulator');
  const child = spawn(process.execPath, [outfile, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const nextLine = () =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`Forge simulator exited (${code})`));
      child.once('exit', onExit);
      lines.once('line', (line) => {
        child.off('exit', onExit);
        resolve(JSON.parse(line));
      });
    });
  const started = await nextLine();
  return {
    ...started,
    child,
    requests: async () => {
      const answer = nextLine();
      child.stdin.write('requests\n');
      return (await answer).requests;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
