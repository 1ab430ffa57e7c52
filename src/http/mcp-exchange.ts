import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createMcpHandler,
  type RequestId,
  type Server,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import type { Logger } from '../core/logger.js';
import { toWebRequest, writeWebResponse } from './web-bridge.js';

/**
 * One POST to /mcp, answered by its own MCP server. Nothing is shared between requests but the
 * context behind the factory, so one client's responses can never be written to another's
 * stream, and any replica can answer any request (operation handles and log cursors carry their
 * own state).
 *
 * A request of the 2026-07-28 era carries its protocol version in `params._meta` (and in the
 * MCP-Protocol-Version header): the SDK's HTTP entry serves it, validating the envelope and the
 * standard headers. Anything else is the 2025 family, served here as before on a stateless
 * transport: the entry's own 2025 serving would run its era classification and close the server
 * and transport after each answer, which doubled the CPU time of a small call. Only a request
 * that is plainly 2025 takes that path; anything doubtful goes to the entry, which sorts both.
 */
interface Exchange {
  /** The server the factory built for this request, once built. */
  server?: Server;
  /** Answers whatever is still open with a JSON-RPC error, then tears the exchange down. */
  abort(code: number, message: string): Promise<void>;
}

export interface ExchangeOptions {
  /** Upper bound for one request, responses streamed included. */
  timeoutMs: number;
  logger: Logger;
  /** scheme://host:port the server listens on (request URLs handed to the SDK). */
  origin: () => string;
}

export class McpExchanges {
  private readonly live = new Set<Exchange>();
  /** The exchange of each web Request in flight, so the factory can hand its server back. */
  private readonly byRequest = new WeakMap<Request, Exchange>();
  private readonly handler;

  constructor(
    private readonly factory: () => Server,
    private readonly options: ExchangeOptions,
  ) {
    this.handler = createMcpHandler(
      ({ requestInfo }) => {
        const server = factory();
        const exchange = requestInfo && this.byRequest.get(requestInfo);
        if (exchange) exchange.server = server;
        return server;
      },
      {
        onerror: (error) => options.logger.debug('MCP request refused or failed', { error: error.message }),
        // No keep-alive comments: the request timeout bounds every stream, and progress flows.
        keepAliveMs: 0,
      },
    );
  }

  get size(): number {
    return this.live.size;
  }

  /** Serves one parsed body on `res` and resolves when the response has ended. */
  async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const gone = new AbortController();
    const request = toWebRequest(req, this.options.origin(), gone.signal);
    const ids = requestIds(body);
    let closed = false;
    const teardown = async () => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      this.live.delete(exchange);
      // A response that ended normally leaves nothing running. Otherwise (client gone, timeout,
      // shutdown) the SDK is told the request is gone, and closing the server aborts the handler
      // still running (its signal fires), which stops any provider polling it started.
      if (!res.writableFinished) {
        gone.abort();
        await exchange.server?.close().catch(() => undefined);
      }
    };
    const exchange: Exchange = {
      abort: async (code, message) => {
        if (closed) return;
        // The error is sent as the server's own answer (on the open stream, or as the JSON body
        // not yet written), so the client sees it in place of the result it waited for.
        for (const id of ids) {
          await exchange.server?.transport
            ?.send({ jsonrpc: '2.0', id, error: { code, message } })
            // Throws for ids already answered: those are fine as they are.
            .catch(() => undefined);
        }
        await exchange.server?.close().catch(() => undefined);
        await teardown();
      },
    };
    this.byRequest.set(request, exchange);
    const timer = setTimeout(() => {
      const seconds = Math.round(this.options.timeoutMs / 1000);
      this.options.logger.warn('HTTP request timed out', { seconds });
      void exchange.abort(REQUEST_TIMEOUT, `Request timed out after ${seconds} s.`);
    }, this.options.timeoutMs);
    this.live.add(exchange);
    res.once('close', () => void teardown());
    try {
      let response: Response;
      if (claimsModernEra(body, req.headers['mcp-protocol-version'])) {
        response = await this.handler.fetch(request, { parsedBody: body });
      } else {
        // Answered, the server and transport are simply dropped (see teardown).
        const server = this.factory();
        const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        exchange.server = server;
        transport.onerror = (error) => this.options.logger.debug('transport error', { error: error.message });
        await server.connect(transport);
        response = await transport.handleRequest(request, { parsedBody: body });
      }
      await writeWebResponse(response, res);
    } catch (error) {
      this.options.logger.error('HTTP request failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            error: { code: INTERNAL_ERROR, message: 'Internal error' },
            id: null,
          }),
        );
      }
      await teardown();
    }
  }

  /** Ends every open exchange with an error response (shutdown past its grace period). */
  async abortAll(code: number, message: string): Promise<void> {
    await Promise.all([...this.live].map((exchange) => exchange.abort(code, message)));
  }

  /** Stops the SDK's handler once no exchange is left (after abortAll or a drained shutdown). */
  async close(): Promise<void> {
    await this.handler.close();
  }
}

/** JSON-RPC codes this layer answers with itself (the MCP ones for a timeout and for shutdown). */
export const REQUEST_TIMEOUT = -32001;
export const CONNECTION_CLOSED = -32000;
const INTERNAL_ERROR = -32603;

const PROTOCOL_VERSION_META_KEY = 'io.modelcontextprotocol/protocolVersion';

/**
 * Whether a request may be of the 2026-07-28 era: a message whose `params._meta` names a protocol
 * version, or a MCP-Protocol-Version header naming 2026 or later. 2025-era clients send neither
 * (their header names a 2025 revision or earlier).
 */
function claimsModernEra(body: unknown, header: string | string[] | undefined): boolean {
  if (typeof header === 'string' && header >= '2026') return true;
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((message) => {
    const params = (message as { params?: { _meta?: Record<string, unknown> } } | null)?.params;
    return (
      typeof params?._meta === 'object' && params._meta !== null && PROTOCOL_VERSION_META_KEY in params._meta
    );
  });
}

/** Ids of the JSON-RPC requests in a body (one message or a batch); notifications have none. */
function requestIds(body: unknown): RequestId[] {
  const messages = (Array.isArray(body) ? body : [body]) as Array<Record<string, unknown> | null>;
  const ids: RequestId[] = [];
  for (const message of messages) {
    if (!message || typeof message !== 'object' || !('method' in message)) continue;
    const id = message.id;
    if (typeof id === 'string' || typeof id === 'number') ids.push(id);
  }
  return ids;
}
