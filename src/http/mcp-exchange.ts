import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { ErrorCode, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../core/logger.js';
import { toWebRequest, writeWebResponse } from './web-bridge.js';

/**
 * One POST to /mcp, answered by its own MCP server and stateless transport. Nothing is shared
 * between requests but the context behind the factory, so one client's responses can never be
 * written to another's stream, and any replica can answer any request (operation handles and
 * log cursors carry their own state).
 */
interface Exchange {
  /** Answers whatever is still open with a JSON-RPC error, then tears the exchange down. */
  abort(code: ErrorCode, message: string): Promise<void>;
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

  constructor(
    private readonly factory: () => Server,
    private readonly options: ExchangeOptions,
  ) {}

  get size(): number {
    return this.live.size;
  }

  /** Serves one parsed body on `res` and resolves when the response has ended. */
  async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const server = this.factory();
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const ids = requestIds(body);
    let closed = false;
    let aborted = false;
    const teardown = async () => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      this.live.delete(exchange);
      // A response that ended normally leaves nothing running: the server and transport are
      // simply dropped. Otherwise (client gone, timeout, shutdown) closing the server aborts the
      // handler still running (its signal fires), which stops any provider polling it started.
      if (aborted || !res.writableFinished) await server.close().catch(() => undefined);
    };
    const exchange: Exchange = {
      abort: async (code, message) => {
        if (closed) return;
        // The error ends the response normally, but the handler behind it must still be stopped.
        aborted = true;
        for (const id of ids) {
          // Throws for ids already answered: those are fine as they are.
          await transport.send({ jsonrpc: '2.0', id, error: { code, message } }).catch(() => undefined);
        }
        await teardown();
      },
    };
    const timer = setTimeout(() => {
      const seconds = Math.round(this.options.timeoutMs / 1000);
      this.options.logger.warn('HTTP request timed out', { seconds });
      void exchange.abort(ErrorCode.RequestTimeout, `Request timed out after ${seconds} s.`);
    }, this.options.timeoutMs);
    this.live.add(exchange);
    res.once('close', () => void teardown());
    transport.onerror = (error) => this.options.logger.debug('transport error', { error: error.message });
    try {
      await server.connect(transport);
      const response = await transport.handleRequest(toWebRequest(req, this.options.origin()), {
        parsedBody: body,
      });
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
            error: { code: ErrorCode.InternalError, message: 'Internal error' },
            id: null,
          }),
        );
      }
      await teardown();
    }
  }

  /** Ends every open exchange with an error response (shutdown past its grace period). */
  async abortAll(code: ErrorCode, message: string): Promise<void> {
    await Promise.all([...this.live].map((exchange) => exchange.abort(code, message)));
  }
}

/** Ids of the JSON-RPC requests in a body (one message or a batch); notifications have none. */
function requestIds(body: unknown): RequestId[] {
  const messages = (Array.isArray(body) ? body : [body]) as Array<Partial<JSONRPCMessage>>;
  const ids: RequestId[] = [];
  for (const message of messages) {
    if (!message || typeof message !== 'object' || !('method' in message)) continue;
    const id = (message as { id?: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') ids.push(id);
  }
  return ids;
}
