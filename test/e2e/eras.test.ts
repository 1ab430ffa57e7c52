import { spawn } from 'node:child_process';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as V1StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as V1StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI,
  MODERN,
  MODERN_META,
  mcpHeaders,
  modernRequest,
  rawRequest,
  type SpawnedServer,
  spawnHttpServer,
} from '../support/spawn-http.js';

/**
 * The negotiation matrix: the built binary in sandbox mode, over stdio and over HTTP, driven by
 * the TypeScript SDK's v2 client in each of its modes (auto: modern first, then fallback; pinned
 * to 2026-07-28; the default 2025 handshake) and by the v1 client (2025-11-25), plus the older
 * revisions clients still send, raw. Every client lists tools, calls one with progress, reads
 * resources, gets a prompt and completes arguments: the same surface in every era.
 */

const TOKEN = 'eras-token-0123456789abcdef';

type Mode = 'auto' | 'modern' | 'legacy' | 'v1';
type Transport = 'stdio' | 'http';

interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

/** The calls the matrix makes, the same for both SDK generations. */
interface Session {
  era?: string;
  listTools(): Promise<Array<{ name: string; outputSchema?: unknown }>>;
  callTool(name: string, args: Record<string, unknown>, onprogress?: (p: Progress) => void): Promise<Result>;
  readResource(uri: string): Promise<string>;
  getPrompt(name: string, args: Record<string, string>): Promise<string>;
  complete(
    ref: { type: 'ref/resource'; uri: string } | { type: 'ref/prompt'; name: string },
    name: string,
    value: string,
    context?: Record<string, string>,
  ): Promise<string[]>;
  close(): Promise<void>;
}

interface Result {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: Array<{ type: string; text?: string }>;
}

const stdioParams = { command: process.execPath, args: [CLI, '--sandbox', '--log-level', 'silent'] };
const authorization = { Authorization: `Bearer ${TOKEN}` };

async function open(mode: Mode, transport: Transport, url: string): Promise<Session> {
  if (mode === 'v1') {
    const client = new V1Client({ name: 'eras-v1', version: '1.0.0' });
    await client.connect(
      transport === 'stdio'
        ? new V1StdioClientTransport(stdioParams)
        : new V1StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: authorization } }),
    );
    return session(
      client,
      undefined,
      (params, onprogress) =>
        client.callTool(params, undefined, { onprogress, timeout: 60_000 }) as Promise<Result>,
    );
  }
  const negotiation = {
    auto: { mode: 'auto' as const },
    modern: { mode: { pin: MODERN } },
    legacy: undefined,
  }[mode];
  const client = new Client({ name: `eras-${mode}`, version: '1.0.0' }, { versionNegotiation: negotiation });
  await client.connect(
    transport === 'stdio'
      ? new StdioClientTransport(stdioParams)
      : new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: authorization } }),
  );
  return session(
    client,
    client.getProtocolEra(),
    (params, onprogress) => client.callTool(params, { onprogress, timeout: 60_000 }) as Promise<Result>,
  );
}

type AnyClient = Client | V1Client;

function session(
  client: AnyClient,
  era: string | undefined,
  call: (
    params: { name: string; arguments: Record<string, unknown> },
    onprogress?: (p: Progress) => void,
  ) => Promise<Result>,
): Session {
  const c = client as Client;
  return {
    era,
    listTools: async () => (await c.listTools()).tools,
    callTool: (name, args, onprogress) => call({ name, arguments: args }, onprogress),
    readResource: async (uri) => {
      const { contents } = await c.readResource({ uri });
      return String((contents[0] as { text?: string }).text);
    },
    getPrompt: async (name, args) => {
      const { messages } = await c.getPrompt({ name, arguments: args });
      return messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');
    },
    complete: async (ref, name, value, context) =>
      (
        await c.complete({
          ref,
          argument: { name, value },
          ...(context ? { context: { arguments: context } } : {}),
        })
      ).completion.values,
    close: () => client.close(),
  };
}

/** The whole surface, as any client would use it. */
async function exercise(s: Session): Promise<void> {
  const tools = await s.listTools();
  expect(tools.map((t) => t.name)).toEqual(
    expect.arrayContaining(['deploy_site', 'get_operation', 'tail_logs']),
  );
  expect(tools.every((t) => t.outputSchema)).toBe(true);

  // A deployment followed with wait_seconds: progress rises with every notification and carries a
  // total only once known (the last one, when the provider reports the deployment done). The SDK
  // clients may drop that last one when the result arrives in the same read (they handle results
  // before notifications), so the wire order is checked on its own below.
  const deployed = await s.callTool('deploy_site', { provider: 'forge', site: 'acme.test' });
  expect(deployed.isError, JSON.stringify(deployed.content)).toBeFalsy();
  const operationId = (deployed.structuredContent!.operation as { id: string }).id;
  const progress: Progress[] = [];
  const followed = await s.callTool('get_operation', { operation_id: operationId, wait_seconds: 30 }, (p) =>
    progress.push(p),
  );
  expect(followed.isError, JSON.stringify(followed.content)).toBeFalsy();
  expect(followed.structuredContent!.operation).toMatchObject({ done: true });
  expect(progress.length).toBeGreaterThan(0);
  for (let i = 1; i < progress.length; i++)
    expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
  expect(
    progress.slice(0, -1).every((p) => p.total === undefined),
    JSON.stringify(progress),
  ).toBe(true);
  if (progress.at(-1)!.total !== undefined) expect(progress.at(-1)!.total).toBe(progress.at(-1)!.progress);

  const accounts = JSON.parse(await s.readResource('hosting://accounts'));
  expect(accounts.accounts.map((a: { provider: string }) => a.provider)).toContain('forge');
  expect(JSON.parse(await s.readResource('hosting://forge/sandbox/servers/101')).server.name).toBe('web-1');

  expect(await s.getPrompt('diagnose_deployment', { site: 'acme.test', provider: 'forge' })).toMatch(
    /`list_deployments` \{"provider":"forge","site":"acme.test"/,
  );
  expect(
    await s.complete(
      { type: 'ref/resource', uri: 'hosting://{provider}/{account}/servers/{server}' },
      'server',
      'web',
      {
        provider: 'forge',
      },
    ),
  ).toEqual(['web-1', 'web-2']);
  expect(
    await s.complete({ type: 'ref/prompt', name: 'diagnose_deployment' }, 'site', 'api.', {
      provider: 'forge',
    }),
  ).toEqual(['api.acme.test']);
}

const MATRIX: Array<[Mode, string | undefined]> = [
  ['auto', 'modern'],
  ['modern', 'modern'],
  ['legacy', 'legacy'],
  ['v1', undefined],
];

describe('stdio: every client era against one binary', () => {
  it.each(MATRIX)(
    '%s client (era %s) lists, calls with progress, reads, prompts and completes',
    async (mode, era) => {
      const s = await open(mode, 'stdio', '');
      try {
        expect(s.era).toBe(era);
        await exercise(s);
      } finally {
        await s.close();
      }
    },
  );

  it.each(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'])(
    'answers an initialize for %s with that revision, then serves it',
    async (version) => {
      const messages = await stdioExchange([
        {
          id: 1,
          method: 'initialize',
          params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
        },
        { method: 'notifications/initialized' },
        { id: 2, method: 'tools/list' },
      ]);
      expect(messages.find((m) => m.id === 1)?.result.protocolVersion).toBe(version);
      expect(messages.find((m) => m.id === 2)?.result.tools.length).toBeGreaterThan(5);
    },
  );
});

describe('stdio: progress on the wire', () => {
  const handshake = [
    {
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
    },
    { method: 'notifications/initialized' },
  ];
  it.each([
    ['2025-11-25', handshake, {}],
    [MODERN, [], MODERN_META],
  ] as const)(
    '%s: rising progress, the total only in the last notification, all before the result',
    async (_era, opening, meta) => {
      const deploy = {
        id: 1,
        method: 'tools/call',
        params: { _meta: meta, name: 'deploy_site', arguments: { provider: 'forge', site: 'api.acme.test' } },
      };
      const messages = await stdioExchange([...opening, deploy], (answer) => {
        if (answer.id !== 1) return [];
        const operationId = answer.result.structuredContent.operation.id;
        return [
          {
            id: 2,
            method: 'tools/call',
            params: {
              _meta: { ...meta, progressToken: 'p' },
              name: 'get_operation',
              arguments: { operation_id: operationId, wait_seconds: 30 },
            },
          },
        ];
      });
      const result = messages.findIndex((m) => m.id === 2);
      const progress = messages
        .slice(0, result)
        .filter((m) => m.method === 'notifications/progress')
        .map((m) => m.params);
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.every((p) => p.progressToken === 'p')).toBe(true);
      for (let i = 1; i < progress.length; i++)
        expect(progress[i].progress).toBeGreaterThan(progress[i - 1].progress);
      expect(progress.slice(0, -1).every((p) => !('total' in p))).toBe(true);
      expect(progress.at(-1)).toMatchObject({
        total: progress.at(-1).progress,
        message: expect.stringMatching(/^finished/),
      });
      expect(messages[result]!.result.structuredContent.operation.done).toBe(true);
    },
  );
});

describe('stdio: a destructive request confirmed by a person', () => {
  const destroy = {
    provider: 'forge',
    operation: 'organizations.servers.destroy',
    params: { organization: 'acme', server: '102' },
  };
  const args = [CLI, '--sandbox', '--allow-destructive', '--log-level', 'silent'];

  it.each([
    ['a 2025-era connection, by a request to the client', {}],
    [
      'a 2026-07-28 connection, by the result (input_required)',
      { versionNegotiation: { mode: { pin: MODERN } } },
    ],
  ])('asks through elicitation on %s', async (_name, negotiation) => {
    const client = new Client(
      { name: 'eras-elicit', version: '1.0.0' },
      { capabilities: { elicitation: {} }, ...negotiation },
    );
    const asked: string[] = [];
    client.setRequestHandler('elicitation/create', (request) => {
      asked.push(String(request.params.message));
      return { action: 'accept', content: { confirm: true } };
    });
    await client.connect(new StdioClientTransport({ command: process.execPath, args }));
    try {
      const result = await client.callTool({ name: 'write_api', arguments: destroy });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ confirmed_by: 'elicitation' });
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatch(/^Confirm a destructive request on Laravel Forge/);
    } finally {
      await client.close();
    }
  });

  it('asks for a confirmation token when a 2026-07-28 client cannot ask its user', async () => {
    const client = new Client(
      { name: 'eras-token', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: MODERN } } },
    );
    await client.connect(new StdioClientTransport({ command: process.execPath, args }));
    try {
      const result = await client.callTool({ name: 'write_api', arguments: destroy });
      expect(result.isError).toBe(true);
      expect(result.structuredContent).toMatchObject({
        error: { code: 'confirmation_required', details: { confirm: expect.any(String) } },
      });
    } finally {
      await client.close();
    }
  });
});

describe('HTTP: every client era against one stateless endpoint', () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnHttpServer(['--sandbox'], { HOSTING_MCP_HTTP_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(MATRIX)(
    '%s client (era %s) lists, calls with progress, reads, prompts and completes',
    async (mode, era) => {
      const s = await open(mode, 'http', server.url);
      try {
        expect(s.era).toBe(era);
        await exercise(s);
      } finally {
        await s.close();
      }
    },
  );

  it('serves a 2026-07-28 request on its own (no handshake, MCP-Protocol-Version header)', async () => {
    const res = await rawRequest(server.url, {
      headers: mcpHeaders(TOKEN, { 'MCP-Protocol-Version': MODERN, 'Mcp-Method': 'tools/list' }),
      body: modernRequest('tools/list'),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).result.tools.length).toBeGreaterThan(5);
  });

  it.each(['2025-03-26', '2025-06-18'])(
    'answers an initialize for %s with that revision',
    async (version) => {
      const res = await rawRequest(server.url, {
        headers: mcpHeaders(TOKEN),
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
        }),
      });
      expect(res.status).toBe(200);
      const data = /^data: (.*)$/m.exec(res.body)?.[1] ?? res.body;
      expect(JSON.parse(data).result.protocolVersion).toBe(version);
      const listed = await rawRequest(server.url, {
        headers: mcpHeaders(TOKEN, { 'MCP-Protocol-Version': version }),
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
      expect(listed.status).toBe(200);
      expect(listed.body).toMatch(/"deploy_site"/);
    },
  );
});

// biome-ignore lint/suspicious/noExplicitAny: raw JSON-RPC messages, read field by field in the tests.
type Message = Record<string, any>;

/**
 * Writes JSON-RPC lines to a fresh stdio server and returns every message it wrote, in order,
 * once each request (including those `next` adds in answer to a response) has its response.
 */
function stdioExchange(
  first: Message[],
  next: (answer: Message) => Message[] = () => [],
): Promise<Message[]> {
  const child = spawn(process.execPath, stdioParams.args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const received: Message[] = [];
  let waiting = 0;
  const send = (messages: Message[]) => {
    for (const message of messages) {
      if ('id' in message) waiting++;
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no answer in 20 s: ${JSON.stringify(received)}`)),
      20_000,
    );
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const message = JSON.parse(buffered.slice(0, newline)) as Message;
        buffered = buffered.slice(newline + 1);
        received.push(message);
        if ('id' in message && !('method' in message)) {
          waiting--;
          send(next(message));
        }
      }
      if (waiting === 0) {
        clearTimeout(timer);
        child.stdin.end();
        resolve(received);
      }
    });
    send(first);
  });
}
