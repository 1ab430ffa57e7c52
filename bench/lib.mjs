// Small helpers shared by the benchmark: statistics, spawning the built CLI, and a minimal
// newline-delimited JSON-RPC client for stdio (so client-side overhead stays out of the numbers).
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export function spawnStdio(args = ['--sandbox'], env = {}) {
  const child = spawn(process.execPath, ['dist/cli.js', ...args, '--log-level', 'silent'], {
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

/** Starts the Forge simulator and prints where it listens; bundled into a temp file below. */
const FORGE_SIMULATOR_ENTRY = `
import { ForgeSimulator } from './src/providers/forge/simulator/behaviour.js';
const simulator = new ForgeSimulator();
const url = await simulator.listen();
process.stdout.write(JSON.stringify({ url, token: simulator.token, organization: simulator.organization.slug }) + '\\n');
process.once('SIGTERM', () => simulator.close().then(() => process.exit(0)));
`;

/**
 * The Forge simulator in a process of its own, standing in for the real API: the server then
 * spends only its own side of each provider request, as it would in production. The simulator
 * is bundled from src with esbuild (no build step of its own). Resolves with
 * { url, token, organization, child, stop }.
 */
export async function spawnForgeSimulator() {
  const { dir, outfile } = await bundle(FORGE_SIMULATOR_ENTRY, 'forge-simulator');
  const child = spawn(process.execPath, [outfile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const started = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve(JSON.parse(output.slice(0, output.indexOf('\n'))));
    });
    child.once('exit', (code) => reject(new Error(`Forge simulator exited (${code}) before listening`)));
  });
  return {
    ...started,
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
