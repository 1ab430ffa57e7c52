import {
  type CallToolResult,
  Client,
  type ElicitResult,
  InMemoryTransport,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/server/validators/ajv';
import { buildContext, type ContextOptions } from '../../src/context.js';
import { createServer, type ServerContext } from '../../src/server.js';

/**
 * A real SDK client connected to createServer(), in one of the two protocol eras (the current
 * one unless a test asks for the other):
 * - `legacy` (2025-11-25): the initialize handshake over an in-memory transport;
 * - `modern` (2026-07-28): every request served by its own server through the SDK's HTTP entry,
 *   called in process (no socket), exactly as the HTTP mode serves it.
 */
export type Era = 'legacy' | 'modern';

export interface Harness {
  client: Client;
  context: ServerContext;
  /** Every log line the server wrote (stderr in production). */
  logs: string[];
  /** Every tool result text and structured content seen, for canary checks. */
  outputs: string[];
  /** Tools whose successful results were checked against their declared outputSchema. */
  validated: Set<string>;
  call(
    name: string,
    args?: Record<string, unknown>,
    options?: { onprogress?: (p: { progress: number; total?: number; message?: string }) => void },
  ): Promise<CallToolResult>;
  /** Calls a tool and returns structuredContent, failing the test on isError. */
  ok<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** Calls a tool that must fail and returns its error text. */
  fail(name: string, args?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** A client that can ask its user (elicitation), answering with `answer`. */
export interface ElicitingClient {
  answer: (message: string) => ElicitResult | Promise<ElicitResult>;
}

/**
 * A client that elicits is asked by a request to it in the 2025 era and by an input_required
 * result in the 2026-07-28 era (the SDK client answers it and calls again); without `era` it
 * connects the 2025 way.
 */
export async function connect(
  options: ContextOptions & { era?: Era },
  eliciting?: ElicitingClient,
): Promise<Harness> {
  const { era = eliciting ? 'legacy' : 'modern', ...contextOptions } = options;
  const logs: string[] = [];
  const outputs: string[] = [];
  const context = await buildContext({
    logLevel: 'debug',
    rateLimitPerMinute: 0,
    ...contextOptions,
    logWrite: (line) => logs.push(line),
  });
  const { client, stop } =
    era === 'modern' ? await connectModern(context, eliciting) : await connectLegacy(context, eliciting);
  const validated = new Set<string>();
  const checkers = await outputCheckers(client);
  const call: Harness['call'] = async (name, args = {}, opts = {}) => {
    const result = await client.callTool(
      { name, arguments: args },
      { onprogress: opts.onprogress, timeout: 60_000 },
    );
    outputs.push(JSON.stringify(result));
    // Every successful result must match the outputSchema the tool declares, in every test.
    const check = checkers.get(name);
    if (check && !result.isError) {
      const verdict = check(result.structuredContent);
      if (!verdict.valid)
        throw new Error(`${name} result does not match its outputSchema: ${verdict.errorMessage}`);
      validated.add(name);
    }
    return result;
  };
  return {
    client,
    context,
    logs,
    outputs,
    validated,
    call,
    async ok(name, args) {
      const result = await call(name, args);
      if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
      return result.structuredContent as never;
    },
    async fail(name, args) {
      const result = await call(name, args);
      if (!result.isError) throw new Error(`${name} should have failed: ${textOf(result)}`);
      return textOf(result);
    },
    async close() {
      await client.close();
      await stop();
      await context.registry.close();
    },
  };
}

const ajv = new AjvJsonSchemaValidator();

/** A validator per listed tool, from the outputSchema tools/list declares for it. */
async function outputCheckers(client: Client) {
  const { tools } = await client.listTools();
  return new Map(
    tools.flatMap((t) => (t.outputSchema ? [[t.name, ajv.getValidator(t.outputSchema)] as const] : [])),
  );
}

function answering(client: Client, eliciting?: ElicitingClient): Client {
  if (eliciting) {
    client.setRequestHandler('elicitation/create', (request) =>
      eliciting.answer(String((request.params as { message?: string }).message ?? '')),
    );
  }
  return client;
}

async function connectLegacy(context: ServerContext, eliciting?: ElicitingClient) {
  const server = createServer(context);
  const client = answering(
    new Client(
      { name: 'test', version: '1.0.0' },
      eliciting ? { capabilities: { elicitation: {} } } : undefined,
    ),
    eliciting,
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return { client, stop: () => server.close() };
}

async function connectModern(context: ServerContext, eliciting?: ElicitingClient) {
  const handler = createMcpHandler(() => createServer(context));
  const client = answering(
    new Client(
      { name: 'test', version: '1.0.0' },
      {
        versionNegotiation: { mode: { pin: '2026-07-28' } },
        ...(eliciting ? { capabilities: { elicitation: {} } } : {}),
      },
    ),
    eliciting,
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL('http://in-process.test/mcp'), {
      fetch: (url, init) => handler.fetch(new Request(url, init)),
    }),
  );
  return { client, stop: () => handler.close() };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}
