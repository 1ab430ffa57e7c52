import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  type CallToolResult,
  ElicitRequestSchema,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { buildContext, type ContextOptions } from '../../src/context.js';
import { createServer, type ServerContext } from '../../src/server.js';

/** A real SDK client connected to createServer() over an in-memory transport. */
export interface Harness {
  client: Client;
  context: ServerContext;
  /** Every log line the server wrote (stderr in production). */
  logs: string[];
  /** Every tool result text and structured content seen, for canary checks. */
  outputs: string[];
  call(
    name: string,
    args?: Record<string, unknown>,
    options?: { onprogress?: (p: { progress: number; message?: string }) => void },
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

export async function connect(options: ContextOptions, eliciting?: ElicitingClient): Promise<Harness> {
  const logs: string[] = [];
  const outputs: string[] = [];
  const context = buildContext({
    logLevel: 'debug',
    rateLimitPerMinute: 0,
    ...options,
    logWrite: (line) => logs.push(line),
  });
  const server = createServer(context);
  const client = new Client(
    { name: 'test', version: '1.0.0' },
    eliciting ? { capabilities: { elicitation: {} } } : undefined,
  );
  if (eliciting) {
    client.setRequestHandler(ElicitRequestSchema, (request) =>
      eliciting.answer(String((request.params as { message?: string }).message ?? '')),
    );
  }
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  const call: Harness['call'] = async (name, args = {}, opts = {}) => {
    const result = (await client.callTool({ name, arguments: args }, undefined, {
      onprogress: opts.onprogress,
      timeout: 60_000,
    })) as CallToolResult;
    outputs.push(JSON.stringify(result));
    return result;
  };
  return {
    client,
    context,
    logs,
    outputs,
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
      await server.close();
      await context.registry.close();
    },
  };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}
