import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_TOKEN_ENV, type HttpOptions } from '../config.js';
import type { Logger } from '../core/logger.js';
import { createServer, type ServerContext } from '../server.js';
import { INVALID_PARAMS, type JsonRpcErrorReply, refuse } from '../transport/message-guard.js';
import { readJsonBody } from './body.js';
import { CONNECTION_CLOSED, McpExchanges } from './mcp-exchange.js';
import { replyError, replyJson } from './replies.js';
import {
  allowListProblems,
  BearerToken,
  generateToken,
  type HostPolicy,
  hostPolicy,
  isLoopbackHost,
} from './security.js';

/**
 * Streamable HTTP at /mcp on node:http, stateless: every POST gets a fresh MCP server and
 * transport (the SDK refuses to reuse a stateless transport, and sharing one would mix clients'
 * responses). In front of it, in this order: routing, DNS-rebinding checks (Host, Origin), bearer
 * auth, method, body limit. Progress travels as SSE events on the POST's own response.
 */

export interface HttpLimits {
  /** Largest accepted request body (bytes); larger gets 413. */
  maxBodyBytes: number;
  /** Upper bound for one request; long enough for a 50 s wait plus provider retries. */
  requestTimeoutMs: number;
  /** Slow-loris bounds: request headers must arrive within this… */
  headersTimeoutMs: number;
  /** …and the whole request (headers and body, not the streamed response) within this. */
  bodyTimeoutMs: number;
  /** How long shutdown lets in-flight calls finish before answering them with an error. */
  shutdownGraceMs: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  maxBodyBytes: 1024 * 1024,
  requestTimeoutMs: 120_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 30_000,
  shutdownGraceMs: 10_000,
};

/** Tokens shorter than this are refused: they would be guessable over a network. */
const MIN_TOKEN_LENGTH = 16;

export interface HttpServerHandle {
  /** The MCP endpoint, with the port actually bound (useful with --port 0). */
  url: string;
  /** Stops accepting, lets in-flight calls finish (bounded), then closes every connection. */
  close(): Promise<void>;
}

export interface HttpServerExtras {
  limits?: Partial<HttpLimits>;
  /** Where the one-time generated-token line goes (stderr; tests capture it). */
  announce?: (line: string) => void;
}

export async function startHttpServer(
  context: ServerContext,
  options: HttpOptions,
  logger: Logger,
  extras: HttpServerExtras = {},
): Promise<HttpServerHandle> {
  const limits = { ...DEFAULT_LIMITS, ...extras.limits };
  const loopback = isLoopbackHost(options.host);
  checkExposure(options, loopback);
  const generated = options.token ? undefined : generateToken();
  const tokenValue = options.token ?? generated!;
  // Every log line and tool result passes the redactor: the token can never be echoed back.
  context.redactor.addSecret(tokenValue);
  const token = new BearerToken(tokenValue);

  let origin = '';
  const exchanges = new McpExchanges(() => createServer(context), {
    timeoutMs: limits.requestTimeoutMs,
    logger,
    origin: () => origin,
  });
  let policy: HostPolicy | undefined;
  let draining = false;

  // Every response not yet finished, from the first header byte on: shutdown waits for all of them,
  // including requests still uploading their body, not only calls already running.
  const inFlight = new Set<ServerResponse>();
  let onIdle: (() => void) | undefined;

  // Node checks both bounds only every connectionsCheckingInterval (30 s by default), which cut
  // slow headers after up to 45 s and slow bodies after up to 60 s; checked every second (or
  // faster for short test limits) they hold to within a second.
  const checkEveryMs = Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));
  const http = createHttpServer({ connectionsCheckingInterval: checkEveryMs }, (req, res) => {
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) onIdle?.();
    });
    if (!policy) return replyError(res, 503, 'Starting up.');
    handle(req, res, policy).catch((error: unknown) => {
      logger.error('HTTP handler failed', { error: error instanceof Error ? error.message : String(error) });
      replyError(res, 500, 'Internal error.');
    });
  });
  http.headersTimeout = limits.headersTimeoutMs;
  http.requestTimeout = limits.bodyTimeoutMs;

  async function handle(req: IncomingMessage, res: ServerResponse, policy: HostPolicy): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (draining) return replyError(res, 503, 'Shutting down.', { Connection: 'close', 'Retry-After': '1' });
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return replyError(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
      }
      return replyJson(res, 200, { status: 'ok' });
    }
    if (path !== '/mcp') return replyError(res, 404, 'Not found. The MCP endpoint is /mcp.');

    if (!policy.hostAllowed(req.headers.host)) {
      logger.warn('HTTP request refused: Host not allowed', { host: req.headers.host });
      return replyError(res, 403, 'Host not allowed. Add it with --allowed-hosts.');
    }
    const origin = req.headers.origin;
    if (!policy.originAllowed(origin)) {
      logger.warn('HTTP request refused: Origin not allowed', { origin });
      return replyError(res, 403, 'Origin not allowed. Add it with --allowed-origins.');
    }
    if (origin !== undefined) {
      // Only ever the caller's own, already allowed origin: never a wildcard.
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') return preflight(res);
    }
    if (!token.matches(req.headers.authorization)) {
      const presented = req.headers.authorization !== undefined;
      logger.warn('HTTP request refused: bad or missing bearer token');
      return replyError(res, 401, presented ? 'Invalid bearer token.' : 'Bearer token required.', {
        'WWW-Authenticate': presented
          ? 'Bearer realm="hosting-mcp", error="invalid_token"'
          : 'Bearer realm="hosting-mcp"',
      });
    }
    stripAuthorization(req);
    if (req.method !== 'POST') {
      // Stateless: no standalone SSE stream to GET, no session to DELETE.
      return replyError(res, 405, 'Method not allowed: this server is stateless, POST JSON-RPC to /mcp.', {
        Allow: 'POST',
      });
    }
    const body = await readJsonBody(req, limits.maxBodyBytes);
    if (body.kind === 'aborted') return;
    if (body.kind === 'too_large') {
      return replyError(res, 413, `Request body over ${limits.maxBodyBytes} bytes.`, { Connection: 'close' });
    }
    if (body.kind === 'invalid_json') return replyParseError(res);
    const refusals = refuse(body.value, { batches: true });
    if (refusals) return replyRefusals(res, body.value, refusals);
    if (draining) return replyError(res, 503, 'Shutting down.', { Connection: 'close', 'Retry-After': '1' });
    await exchanges.handle(req, res, body.value);
  }

  await listen(http, options);
  const address = http.address() as AddressInfo;
  policy = hostPolicy({
    bindHost: options.host,
    port: address.port,
    allowedHosts: options.allowedHosts,
    allowedOrigins: options.allowedOrigins,
  });
  origin = `http://${urlHost(options.host)}:${address.port}`;
  const url = `${origin}/mcp`;
  if (generated) {
    // Deliberately not through the logger: its redactor would hide the very value to hand out.
    (extras.announce ?? ((line) => process.stderr.write(line)))(
      `hosting-mcp: ${HTTP_TOKEN_ENV} is not set, so this run generated a token. Send "Authorization: Bearer ${generated}" with each request to ${url}\n`,
    );
  }
  // Last: whoever waits for this line (scripts, tests) finds the token line already written.
  logger.info('hosting-mcp listening', { url, allowed_hosts: policy.hosts, allowed_origins: policy.origins });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, limits.shutdownGraceMs);
      });
      const idle = new Promise<void>((resolve) => {
        onIdle = resolve;
        if (inFlight.size === 0) resolve();
      });
      await Promise.race([idle, grace]);
      clearTimeout(timer);
      if (exchanges.size > 0) {
        logger.warn('shutdown: ending calls still running', { count: exchanges.size });
        await exchanges.abortAll(CONNECTION_CLOSED, 'hosting-mcp is shutting down; retry the call.');
      }
      await exchanges.close();
      http.closeAllConnections();
      await closed;
    })();
    return closing;
  };
  return { url, close };
}

/**
 * Allow-list entries must be usable, and off loopback, where others can reach the endpoint, a real
 * token and named hosts are required.
 */
function checkExposure(options: HttpOptions, loopback: boolean): void {
  const problems = allowListProblems(options.allowedHosts, options.allowedOrigins);
  if (problems.length) throw new Error(problems.join(' '));
  if (options.token !== undefined && options.token.length < MIN_TOKEN_LENGTH) {
    throw new Error(`${HTTP_TOKEN_ENV} must be at least ${MIN_TOKEN_LENGTH} characters.`);
  }
  if (loopback) return;
  const missing = [
    options.token ? undefined : `${HTTP_TOKEN_ENV} (a long random token)`,
    options.allowedHosts.length ? undefined : '--allowed-hosts (the host names clients use to reach it)',
  ].filter(Boolean);
  if (missing.length) {
    throw new Error(
      `refusing to serve HTTP on ${options.host}, which is not a loopback address, without ${missing.join(' and ')}.`,
    );
  }
}

function stripAuthorization(req: IncomingMessage): void {
  // The SDK hands request headers to tool handlers; the client's token stays here.
  delete req.headers.authorization;
  const raw = req.rawHeaders;
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== 'authorization') kept.push(raw[i]!, raw[i + 1]!);
  }
  req.rawHeaders = kept;
}

function preflight(res: ServerResponse): void {
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Allow-Headers':
      'Authorization, Content-Type, Accept, Mcp-Protocol-Version, Mcp-Method, Mcp-Name, Last-Event-ID',
    'Access-Control-Max-Age': '600',
  });
  res.end();
}

/** JSON-RPC's code for a body that is not JSON. */
const PARSE_ERROR = -32700;

function replyParseError(res: ServerResponse): void {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    error: { code: PARSE_ERROR, message: 'Parse error: the body is not valid JSON.' },
    id: null,
  });
  res.writeHead(400, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Messages refused before any MCP server runs (see message-guard.ts), answered as JSON-RPC: 400
 * for a malformed request or batch, 200 for invalid params, which are an ordinary error response.
 */
function replyRefusals(res: ServerResponse, body: unknown, refusals: JsonRpcErrorReply[]): void {
  const status = refusals.some((r) => r.error.code === INVALID_PARAMS) ? 200 : 400;
  const json = JSON.stringify(Array.isArray(body) ? refusals : refusals[0]);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

function listen(http: ReturnType<typeof createHttpServer>, options: HttpOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${options.port} is already in use on ${options.host}; pick another with --port.`
          : error.code === 'EADDRNOTAVAIL'
            ? `${options.host} is not an address of this machine; check --host.`
            : `cannot listen on ${options.host}:${options.port}: ${error.message}`;
      reject(new Error(reason));
    };
    http.once('error', onError);
    http.listen(options.port, options.host, () => {
      http.off('error', onError);
      resolve();
    });
  });
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
