import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from './loopback.js';

/**
 * The machinery every provider simulator shares: a loopback HTTP server, a route table with
 * path templates, 404/405 in the provider's own error shape, an auth gate, fault injection, and
 * an accelerated clock. Provider simulators supply routes, state and error bodies.
 */

export interface SimRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON or form body; undefined when there was none. */
  body: unknown;
  rawBody: string;
}

export interface SimResponse {
  status: number;
  /** JSON body. */
  body?: unknown;
  /** Raw body (overrides `body`), e.g. text logs or NDJSON. */
  text?: string;
  headers?: Record<string, string>;
}

export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface SimRoute {
  method: string;
  /** Path template with {param} placeholders. */
  path: string;
  handler: SimHandler;
  /** Routes that need no credentials (token exchange endpoints). */
  public?: boolean;
  /** Why the route is outside the API's document, for the routes that are (a token exchange, a log stream). */
  why?: string;
}

/** One request a route answered and its answer, as the spec-conformance layer checks them. */
export interface SimExchange {
  method: string;
  /** Path below the simulator's base path. */
  path: string;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  contentType?: string;
  /** True when the route is outside the API's document: there is nothing to check it against. */
  undocumented?: boolean;
}

/** What every provider simulator exposes to the sandbox and to tests. */
export interface Simulator {
  readonly clock: SimClock;
  /** The API's loopback server: faults are injected and requests recorded here. */
  readonly http: SimServer;
  /** When > 0, the next deployments fail (providers with a deploy verb). */
  failNextDeployments?: number;
  close(): Promise<void>;
}

/** How the provider's API words its own errors. */
export interface SimErrors {
  unauthorized(): SimResponse;
  notFound(req: SimRequest): SimResponse;
  methodNotAllowed(req: SimRequest): SimResponse;
  badJson(): SimResponse;
  serverError(): SimResponse;
}

export interface Fault {
  /** Answer with this status (429 carries Retry-After when `retryAfter` is set). */
  status?: number;
  retryAfter?: number;
  /** Delay before answering, ms (slow responses / timeouts). */
  delayMs?: number;
  /** Answer 200 with a body that is not JSON. */
  malformed?: boolean;
  /** How many requests this fault applies to (default 1). */
  count?: number;
  /** Only requests whose method and path match (substring of "METHOD /path"). */
  match?: string;
}

/** Simulated time: real elapsed time multiplied by `speed`, plus manual jumps. */
export class SimClock {
  private readonly startedReal = Date.now();
  private readonly startedSim: number;
  private offset = 0;

  constructor(
    readonly speed = 1,
    start = Date.now(),
  ) {
    this.startedSim = start;
  }

  now(): number {
    return this.startedSim + (Date.now() - this.startedReal) * this.speed + this.offset;
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Jumps simulated time forward (tests use this instead of waiting). */
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface SimServerOptions {
  name: string;
  /** The routes, or how to make them on the first request (a sandbox starts without building them). */
  routes: SimRoute[] | (() => SimRoute[]);
  errors: SimErrors;
  /** Returns true when the request carries valid credentials. */
  authenticate(req: SimRequest): boolean;
  /** Prefix before every route path (e.g. "/api/v1"). */
  basePath?: string;
}

const MAX_BODY_BYTES = 1024 * 1024;

export class SimServer {
  private server: Server | undefined;
  private served: string | undefined;
  private readonly faults: Fault[] = [];
  private compiledRoutes: Array<SimRoute & { regex: RegExp; names: string[] }> | undefined;
  /** Every request seen, newest last (tests assert on what was sent). */
  readonly requests: Array<{
    method: string;
    path: string;
    body: unknown;
    headers: IncomingMessage['headers'];
  }> = [];

  /** Sees every request a route answered (not injected faults), for the spec-conformance tests. */
  onExchange?: (exchange: SimExchange) => void;

  constructor(private readonly options: SimServerOptions) {}

  private get compiled(): Array<SimRoute & { regex: RegExp; names: string[] }> {
    this.compiledRoutes ??= this.compile();
    return this.compiledRoutes;
  }

  private compile(): Array<SimRoute & { regex: RegExp; names: string[] }> {
    const { options } = this;
    const routes = typeof options.routes === 'function' ? options.routes() : options.routes;
    return routes.map((route) => {
      const names: string[] = [];
      const pattern = (options.basePath ?? '') + route.path;
      const source = pattern
        .split(/(\{[A-Za-z0-9_]+\})/)
        .map((part) => {
          const name = /^\{([A-Za-z0-9_]+)\}$/.exec(part)?.[1];
          if (name) {
            names.push(name);
            return '([^/]+)';
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      return { ...route, regex: new RegExp(`^${source}/?$`), names };
    });
  }

  /** Queues a fault for the next matching request(s). */
  inject(fault: Fault): void {
    this.faults.push({ count: 1, ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Where this simulator answers (`http://127.0.0.1:<port>`), once it listens or adopts. */
  get origin(): string | undefined {
    return this.served;
  }

  async listen(port = 0): Promise<string> {
    this.served = await listenOnLoopback(this.httpServer(), port);
    return this.served;
  }

  /**
   * Answers a connection that another listener accepted at `origin`: the sandbox binds its
   * loopback ports at start and loads a simulator only when its first connection arrives.
   */
  adopt(socket: Socket, origin: string): void {
    this.served = origin;
    this.httpServer().emit('connection', socket);
    socket.resume();
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private httpServer(): Server {
    if (this.server) return this.server;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) send(res, this.options.errors.serverError());
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 5_000;
    return this.server;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawBody = await readBody(req);
    if (rawBody === undefined) {
      send(res, { status: 413, body: { message: 'Payload too large.' } });
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();

    // Control endpoint for tests in other processes: inject faults over HTTP.
    if (url.pathname === '/_sim/faults') {
      if (method === 'POST') {
        const fault = safeJson(rawBody);
        if (fault && typeof fault === 'object') this.inject(fault as Fault);
        else this.clearFaults();
        send(res, { status: 204 });
      } else send(res, { status: 405, body: { message: 'POST a fault object, or null to clear.' } });
      return;
    }

    const simReq: SimRequest = {
      method,
      path: url.pathname,
      params: {},
      query: url.searchParams,
      headers: req.headers,
      body: undefined,
      rawBody,
    };
    this.requests.push({ method, path: url.pathname + url.search, body: undefined, headers: req.headers });
    if (this.requests.length > 500) this.requests.splice(0, this.requests.length - 500);

    const fault = this.takeFault(`${method} ${url.pathname}`);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.status) {
      const headers: Record<string, string> =
        fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      const base =
        fault.status >= 500
          ? this.options.errors.serverError()
          : { status: fault.status, body: { message: 'Too Many Attempts.' } };
      send(res, { ...base, status: fault.status, headers: { ...base.headers, ...headers } });
      return;
    }
    if (fault?.malformed) {
      send(res, {
        status: 200,
        text: '<html><body>502 Bad Gateway</body></html>',
        headers: { 'content-type': 'application/json' },
      });
      return;
    }

    const candidates = this.compiled.filter((route) => route.regex.test(url.pathname));
    if (candidates.length === 0) {
      if (!this.options.authenticate(simReq)) send(res, this.options.errors.unauthorized());
      else send(res, this.options.errors.notFound(simReq));
      return;
    }
    const route = candidates.find((candidate) => candidate.method === method);
    if (!route) {
      send(res, this.options.errors.methodNotAllowed(simReq));
      return;
    }
    if (!route.public && !this.options.authenticate(simReq)) {
      send(res, this.options.errors.unauthorized());
      return;
    }
    const match = route.regex.exec(url.pathname)!;
    route.names.forEach((name, index) => {
      simReq.params[name] = decodeURIComponent(match[index + 1] ?? '');
    });
    if (rawBody.length > 0) {
      const type = req.headers['content-type'] ?? '';
      if (type.includes('application/x-www-form-urlencoded')) {
        simReq.body = Object.fromEntries(new URLSearchParams(rawBody));
      } else {
        const parsed = safeJson(rawBody);
        if (parsed === undefined) {
          send(res, this.options.errors.badJson());
          return;
        }
        simReq.body = parsed;
      }
      this.requests[this.requests.length - 1]!.body = simReq.body;
    }
    const response = await route.handler(simReq);
    this.onExchange?.({
      method,
      path: url.pathname.slice((this.options.basePath ?? '').length),
      requestBody: simReq.body,
      status: response.status,
      responseBody: response.text !== undefined ? response.text : response.body,
      contentType: response.headers?.['content-type'],
      ...(route.why ? { undocumented: true } : {}),
    });
    send(res, response);
  }

  private takeFault(target: string): Fault | undefined {
    const index = this.faults.findIndex((fault) => !fault.match || target.includes(fault.match));
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.count = (fault.count ?? 1) - 1;
    if (fault.count <= 0) this.faults.splice(index, 1);
    return fault;
  }
}

function send(res: ServerResponse, response: SimResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload = '';
  if (response.text !== undefined) {
    payload = response.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads a bearer token from the Authorization header. */
export function bearerToken(req: SimRequest): string | undefined {
  const value = req.headers.authorization;
  const match = typeof value === 'string' ? /^Bearer\s+(.+)$/i.exec(value) : null;
  return match?.[1]?.trim();
}
