import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';

/** The built CLI (npm test builds it before vitest runs). */
export const CLI = join(import.meta.dirname, '../../dist/cli.js');

export interface SpawnedServer {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then the exit code (or 'timeout' after `ms`). */
  stop(ms?: number): Promise<number | null | 'timeout'>;
}

/**
 * Starts `dist/cli.js --http` on 127.0.0.1 with a free port and resolves once the server has
 * logged the URL it listens on.
 */
export function spawnHttpServer(
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [CLI, '--http', '--host', '127.0.0.1', '--port', '0', ...args], {
    env: { ...process.env, HOSTING_MCP_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop: SpawnedServer['stop'] = async (ms = 15_000) => {
    if (child.exitCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      exited,
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), ms);
      }),
    ]);
    clearTimeout(timer);
    if (result === 'timeout') child.kill('SIGKILL');
    return result;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no URL within 15 s; stderr:\n${stderr}`));
    }, 15_000);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      const url = /"url":"(http:\/\/[^"]+)"/.exec(stderr)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, child, stderr: () => stderr, stop });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening; stderr:\n${stderr}`));
    });
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A plain HTTP request with full control over headers (fetch will not send a forged Host), for
 * checking the refusals the SDK client never provokes.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Headers of a well-formed MCP POST. */
export function mcpHeaders(token?: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    ...extra,
  };
}

export const PING = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });

/** Protocol revision 2026-07-28, and the `_meta` envelope each of its requests carries. */
export const MODERN = '2026-07-28';
export const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A raw 2026-07-28 request body: the method and its params, with the envelope in `_meta`. */
export function modernRequest(method: string, params: Record<string, unknown> = {}, id = 1): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: MODERN_META } });
}
