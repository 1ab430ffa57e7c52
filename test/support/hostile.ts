import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ProviderDefinition, SandboxInstance } from '../../src/providers/types.js';

/**
 * A hostile provider: a loopback reverse proxy in front of a provider's simulator that passes
 * traffic through until told to misbehave. A trick applies to the next matching request(s) and
 * can cut the connection before or after the simulator saw the request, answer in the
 * simulator's place (malformed, huge, redirecting, 429 with any Retry-After), rewrite what the
 * simulator answered (planting secrets, prompt injection or path-changing ids in names and logs),
 * delay the headers or drip the body. Everything listens on 127.0.0.1 only.
 */

export interface Trick {
  /** Requests it applies to: a substring of "METHOD /path?query" (every request when absent). */
  match?: string | RegExp;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  /** Cut the connection: `before` the simulator sees the request, or `after` it has answered. */
  reset?: 'before' | 'after';
  /** Answer this instead of the simulator. */
  answer?: { status: number; headers?: Record<string, string>; body?: string | Buffer };
  /** With `answer`: send the request to the simulator first (so a write happens), then answer. */
  forward?: boolean;
  /** Rewrite the simulator's JSON answer. */
  rewrite?: (body: unknown, target: string) => unknown;
  /** Rewrite the simulator's answer as text (logs, NDJSON): answers that are not one JSON document. */
  rewriteText?: (text: string, target: string) => string;
  /** Hold the status line and headers back this long. */
  headersDelayMs?: number;
  /** Send the body a few bytes at a time, one piece every `dripMs`. */
  dripMs?: number;
}

export class HostileProxy {
  private server: Server | undefined;
  private readonly tricks: Array<Trick & { left: number }> = [];
  private readonly sockets = new Set<Socket>();
  private origin = '';
  /** Every request that reached the proxy: "METHOD /path?query". */
  readonly seen: string[] = [];

  constructor(private readonly target: string) {}

  /** Queues a trick for the next matching request(s). */
  play(trick: Trick): this {
    this.tricks.push({ ...trick, left: trick.times ?? 1 });
    return this;
  }

  clear(): void {
    this.tricks.length = 0;
  }

  /** The proxy's URL with the target's path (base URLs carry prefixes such as /api/v1). */
  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    const target = new URL(this.target);
    return `${this.origin}${target.pathname.replace(/\/$/, '')}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private take(target: string): Trick | undefined {
    const index = this.tricks.findIndex(
      (t) =>
        t.match === undefined ||
        (typeof t.match === 'string' ? target.includes(t.match) : t.match.test(target)),
    );
    if (index < 0) return undefined;
    const trick = this.tricks[index]!;
    trick.left -= 1;
    if (trick.left <= 0) this.tricks.splice(index, 1);
    return trick;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const target = `${req.method} ${req.url}`;
    this.seen.push(target);
    const trick = this.take(target);
    if (trick?.reset === 'before') return void req.socket.destroy();
    if (trick?.answer && !trick.forward) return this.answer(res, trick, trick.answer);
    const upstream = await this.forward(req, body);
    if (trick?.reset === 'after') return void req.socket.destroy();
    if (trick?.answer) return this.answer(res, trick, trick.answer);
    let text = upstream.body.toString('utf8').split(new URL(this.target).origin).join(this.origin);
    const json = trick?.rewrite ? parseJson(text) : undefined;
    if (json !== undefined) text = JSON.stringify(trick!.rewrite!(json, target));
    else if (trick?.rewriteText) text = trick.rewriteText(text, target);
    const headers = { ...upstream.headers };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    delete headers.connection;
    delete headers['keep-alive'];
    await this.answer(res, trick, {
      status: upstream.status,
      headers: headers as Record<string, string>,
      body: text,
    });
  }

  private async answer(
    res: ServerResponse,
    trick: Trick | undefined,
    answer: NonNullable<Trick['answer']>,
  ): Promise<void> {
    const payload =
      typeof answer.body === 'string' ? Buffer.from(answer.body) : (answer.body ?? Buffer.alloc(0));
    if (trick?.headersDelayMs) await delay(trick.headersDelayMs);
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-length': String(payload.length), ...answer.headers });
    if (!trick?.dripMs) return void res.end(payload);
    for (let offset = 0; offset < payload.length && !res.destroyed; offset += 4) {
      res.write(payload.subarray(offset, offset + 4));
      await delay(trick.dripMs);
    }
    res.end();
  }

  private forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    const target = new URL(this.target);
    return new Promise((resolve, reject) => {
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        async (res) =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: await readAll(res) }),
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

/**
 * A host outside every configured API: it records whatever reaches it (a redirect followed, a
 * link taken, a credential sent) and answers as if it were the API.
 */
export class ForeignHost {
  private server: Server | undefined;
  readonly seen: Array<{ method: string; url: string; authorization?: string }> = [];

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":[]}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export interface HostileSandbox {
  /** Account settings that point at the proxy. */
  settings: Record<string, string>;
  simulator: SandboxInstance['simulator'];
  proxy: HostileProxy;
  /** Requests that reached the simulator itself: "METHOD /path". */
  reached(): string[];
  close(): Promise<void>;
}

/** A provider's simulator (started as --sandbox starts it) behind a hostile proxy. */
export async function hostileSandbox(definition: ProviderDefinition, speed = 1): Promise<HostileSandbox> {
  const { settings, simulator } = await definition.sandbox!({ speed });
  const key = 'api_url' in settings ? 'api_url' : 'base_url';
  const proxy = new HostileProxy(settings[key]!);
  const url = await proxy.listen();
  return {
    settings: { ...settings, [key]: url },
    simulator,
    proxy,
    reached: () => simulator.http.requests.map((r) => `${r.method} ${r.path}`),
    async close() {
      await proxy.close();
      await simulator.close();
    },
  };
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
