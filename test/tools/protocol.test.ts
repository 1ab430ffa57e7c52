import { InMemoryTransport, type JSONRPCMessage } from '@modelcontextprotocol/client';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContext } from '../../src/context.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { createServer, type ServerContext } from '../../src/server.js';
import { connect, type Era, type Harness, textOf } from '../support/harness.js';
import { MODERN, modernRequest } from '../support/spawn-http.js';

/**
 * The MCP surface beyond tool results, in both protocol eras against the whole sandbox (all five
 * providers, as --sandbox runs): errors as the spec asks, prompts and completions.
 */

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

/** Requests every simulator has received so far: a prompt or a completion must not write. */
function providerRequests() {
  return [...sandbox.instances.values()].flatMap((i) => i.simulator.http.requests);
}

describe.each<Era>(['legacy', 'modern'])('%s era', (era) => {
  let h: Harness;
  beforeAll(async () => {
    h = await connect({ accounts: sandbox.accounts, era, pollScale: sandbox.pollScale });
  });
  afterAll(() => h.close());

  describe('errors', () => {
    it('answers invalid arguments with an isError result naming each field and what it allows', async () => {
      const cases: Array<[string, Record<string, unknown>, string, string]> = [
        ['list_servers', { provider: 'forge', limit: 0 }, 'limit', 'must be at least 1 (got 0)'],
        ['list_servers', { provider: 'forge', limit: 'ten' }, 'limit', 'must be a number (got "ten")'],
        [
          'tail_logs',
          { provider: 'forge', source: 'application', lines: 5000 },
          'lines',
          'must be at most 1000 (got 5000)',
        ],
        ['get_server', { provider: 'forge' }, 'server', 'is required'],
        [
          'list_servers',
          { provider: 'heroku' },
          'provider',
          'must be one of: forge, serverpilot, coolify, panelalpha, platformsh',
        ],
      ];
      for (const [tool, args, field, problem] of cases) {
        const result = await h.call(tool, args);
        expect(result.isError, tool).toBe(true);
        expect(result.structuredContent).toMatchObject({
          error: { code: 'invalid_argument', fields: [{ field, problem: expect.stringContaining(problem) }] },
        });
        const text = textOf(result);
        expect(text).toContain(`\`${field}\``);
        expect(text).toContain(problem);
        expect(text).not.toMatch(/MCP error|-326\d\d|JSON-RPC|invalid_type|"code"/);
      }
    });

    it('names the provider that lacks a verb, what to use instead and who has it', async () => {
      const before = providerRequests().length;
      const result = await h.call('deploy_site', { provider: 'serverpilot', site: 'shop' });
      expect(result.structuredContent).toMatchObject({
        error: { code: 'invalid_argument', fields: [{ field: 'provider' }] },
      });
      expect(textOf(result)).toMatch(
        /ServerPilot does not support deploy_site\..+Providers that do: forge, coolify/,
      );
      expect(providerRequests().length).toBe(before);
    });

    it('refuses an unknown tool as a protocol error (-32602)', async () => {
      await expect(h.client.callTool({ name: 'reboot_everything', arguments: {} })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('Unknown tool: reboot_everything'),
      });
    });

    it('answers malformed params with -32602 naming the field, not an internal error or raw validator output', async () => {
      const answers = await raw(era, [
        ['tools/call', { name: 5 }],
        ['tools/call', { name: 'list_servers', arguments: 'forge' }],
        ['resources/read', {}],
        ['prompts/get', { name: 'ship_site', arguments: { domain: 7 } }],
      ]);
      expect(answers.map((a) => a.error)).toEqual([
        { code: -32602, message: 'Invalid params for tools/call: `name` must be a string.' },
        { code: -32602, message: 'Invalid params for tools/call: `arguments` must be an object.' },
        { code: -32602, message: 'Invalid params for resources/read: `uri` is required.' },
        { code: -32602, message: 'Invalid params for prompts/get: `arguments.domain` must be a string.' },
      ]);
    });

    it('answers an unknown resource once, with what to use instead and the URI in data', async () => {
      for (const [uri, says] of [
        [
          'hosting://forge/sandbox/servers/424242',
          /^No server "424242" on Laravel Forge\. Next: Use list_servers/,
        ],
        ['hosting://nowhere', /^No resource at hosting:\/\/nowhere\. Resources: hosting:\/\/accounts/],
      ] as const) {
        const error = await h.client.readResource({ uri }).then(
          () => undefined,
          (e: { code: number; message: string; data?: unknown }) => e,
        );
        expect(error?.code).toBe(-32602);
        expect(error?.data).toEqual({ uri });
        // Once: not wrapped in a second copy of itself or a JSON-RPC prefix.
        expect(error?.message.replace(/^MCP error -32602: /, '')).toMatch(says);
        expect(error?.message.match(/No (server|resource)/g)).toHaveLength(1);
      }
    });
  });

  describe('prompts', () => {
    it('offers the four plans, each with arguments', async () => {
      const { prompts } = await h.client.listPrompts();
      expect(prompts.map((p) => p.name)).toEqual([
        'ship_site',
        'diagnose_deployment',
        'change_env_var',
        'review_exposure',
      ]);
      for (const prompt of prompts) {
        expect(prompt.arguments!.length, prompt.name).toBeGreaterThan(1);
        expect(
          prompt.arguments!.some((a) => a.required),
          prompt.name,
        ).toBe(true);
      }
    });

    it('names only tools this server lists, fills in the arguments, and sends nothing itself', async () => {
      const listed = new Set((await h.client.listTools()).tools.map((t) => t.name));
      const before = providerRequests().length;
      const cases: Array<[string, Record<string, string>]> = [
        [
          'ship_site',
          { domain: 'new.acme.test', server: 'web-1', provider: 'forge', repository: 'acme/new' },
        ],
        ['diagnose_deployment', { site: 'acme.test', provider: 'forge' }],
        ['change_env_var', { site: 'acme.test', variable: 'APP_DEBUG', provider: 'forge' }],
        ['review_exposure', { server: 'web-1', provider: 'forge' }],
      ];
      for (const [name, args] of cases) {
        const { messages } = await h.client.getPrompt({ name, arguments: args });
        const text = messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');
        const named = [...text.matchAll(/`([a-z_]+)` \{/g)].map((m) => m[1]!);
        expect(named.length, name).toBeGreaterThan(2);
        for (const tool of named) expect(listed, `${name} names ${tool}`).toContain(tool);
        for (const value of Object.values(args)) expect(text, name).toContain(value);
      }
      expect(h.outputs.join()).not.toContain('new.acme.test');
      expect(providerRequests().length).toBe(before);
    });

    it('puts a dry run and the person’s yes before every write it plans', async () => {
      const { messages } = await h.client.getPrompt({
        name: 'ship_site',
        arguments: { domain: 'x.acme.test' },
      });
      const text = messages[0]!.content.type === 'text' ? messages[0]!.content.text : '';
      expect(text).toMatch(/dry_run: true.+only after they say yes/);
    });

    it('refuses a missing required argument and an unknown prompt with -32602', async () => {
      await expect(h.client.getPrompt({ name: 'diagnose_deployment', arguments: {} })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('`site` is required'),
      });
      await expect(h.client.getPrompt({ name: 'nope', arguments: {} })).rejects.toMatchObject({
        code: -32602,
      });
    });
  });

  describe('completions', () => {
    const servers = { type: 'ref/resource' as const, uri: 'hosting://{provider}/{account}/servers/{server}' };
    const sites = { type: 'ref/resource' as const, uri: 'hosting://{provider}/{account}/sites/{site}' };
    const complete = async (
      ref: typeof servers | { type: 'ref/prompt'; name: string },
      name: string,
      value: string,
      context?: Record<string, string>,
    ) =>
      (
        await h.client.complete({
          ref,
          argument: { name, value },
          ...(context ? { context: { arguments: context } } : {}),
        })
      ).completion;

    it('completes template variables from the live lists, filtered by the typed prefix', async () => {
      expect((await complete(servers, 'provider', 'p')).values).toEqual(['panelalpha', 'platformsh']);
      expect((await complete(servers, 'account', '', { provider: 'forge' })).values).toEqual(['sandbox']);
      expect(await complete(servers, 'server', 'WEB', { provider: 'forge' })).toEqual({
        values: ['web-1', 'web-2'],
        total: 2,
        hasMore: false,
      });
      // An id is offered once the prefix is one.
      expect((await complete(servers, 'server', '10', { provider: 'forge' })).values).toEqual(['101', '102']);
      expect((await complete(sites, 'site', 'api', { provider: 'forge' })).values).toEqual(['api.acme.test']);
    });

    it('completes prompt arguments by their names', async () => {
      const prompt = { type: 'ref/prompt' as const, name: 'review_exposure' };
      expect((await complete(prompt, 'server', 'web-2', { provider: 'forge' })).values).toEqual(['web-2']);
      expect((await complete(prompt, 'provider', 'co')).values).toEqual(['coolify']);
      // An argument with nothing to offer has no values, rather than an error.
      expect(
        (await complete({ type: 'ref/prompt', name: 'change_env_var' }, 'variable', 'APP')).values,
      ).toEqual([]);
    });

    it('reuses a live list for a few seconds: typing costs one provider request', async () => {
      // The Coolify simulator starts on its first request (sandbox.instances holds started ones).
      const sent = () => sandbox.instances.get('coolify')?.simulator.http.requests.length ?? 0;
      const before = sent();
      await complete(servers, 'server', 'l', { provider: 'coolify' });
      const afterFirst = sent();
      await complete(servers, 'server', 'lo', { provider: 'coolify' });
      await complete(servers, 'server', 'loc', { provider: 'coolify' });
      expect(afterFirst).toBeGreaterThan(before);
      expect(sent()).toBe(afterFirst);
    });

    it('refuses a template or prompt this server does not have', async () => {
      await expect(complete({ type: 'ref/resource', uri: 'test://{id}' }, 'id', '')).rejects.toMatchObject({
        code: -32602,
      });
      await expect(complete({ type: 'ref/prompt', name: 'nope' }, 'x', '')).rejects.toMatchObject({
        code: -32602,
      });
    });
  });
});

describe('completions cap', () => {
  it('sends at most 100 values and says there are more', async () => {
    const h = await connect({
      accounts: sandbox.accounts.filter((a) => a.provider === 'coolify'),
      era: 'modern',
    });
    try {
      const before = (await h.ok<{ servers: unknown[] }>('list_servers', {})).servers.length;
      for (let i = before; i <= 100; i++) {
        await h.ok('create_server', {
          name: `cap-${String(i).padStart(3, '0')}`,
          ip_address: `198.51.100.${i}`,
          private_key: 'acme-deploy',
        });
      }
      const { completion } = await h.client.complete({
        ref: { type: 'ref/resource', uri: 'hosting://{provider}/{account}/servers/{server}' },
        argument: { name: 'server', value: '' },
      });
      expect(completion.values).toHaveLength(100);
      expect(completion).toMatchObject({ total: 101, hasMore: true });
    } finally {
      await h.close();
    }
  });
});

describe('read-only mode', () => {
  it('offers only the prompts that plan no write', async () => {
    const h = await connect({ accounts: sandbox.accounts, readOnly: true });
    try {
      expect((await h.client.listPrompts()).prompts.map((p) => p.name)).toEqual([
        'diagnose_deployment',
        'review_exposure',
      ]);
    } finally {
      await h.close();
    }
  });
});

/**
 * Sends raw JSON-RPC requests (the SDK client would not send malformed ones) and returns the
 * answers in order: over the in-memory transport after a 2025 handshake, or as 2026-07-28
 * requests through the HTTP entry in process.
 */
async function raw(era: Era, requests: Array<[string, Record<string, unknown>]>) {
  const context: ServerContext = await buildContext({ accounts: sandbox.accounts, logLevel: 'silent' });
  try {
    if (era === 'modern') return await rawModern(context, requests);
    return await rawLegacy(context, requests);
  } finally {
    await context.registry.close();
  }
}

type Answer = { id: number; error?: { code: number; message: string } };

async function rawModern(context: ServerContext, requests: Array<[string, Record<string, unknown>]>) {
  const handler = createMcpHandler(() => createServer(context));
  const answers: Answer[] = [];
  for (const [i, [method, params]] of requests.entries()) {
    const name: Record<string, string> = typeof params.name === 'string' ? { 'Mcp-Name': params.name } : {};
    const response = await handler.fetch(
      new Request('http://in-process.test/mcp', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          'MCP-Protocol-Version': MODERN,
          'Mcp-Method': method,
          ...name,
        },
        body: modernRequest(method, params, i),
      }),
    );
    answers.push((await response.json()) as Answer);
  }
  await handler.close();
  return answers;
}

async function rawLegacy(context: ServerContext, requests: Array<[string, Record<string, unknown>]>) {
  const server = createServer(context);
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  const pending = new Map<unknown, (answer: Answer) => void>();
  client.onmessage = (message: JSONRPCMessage) => {
    const answer = message as Answer;
    pending.get(answer.id)?.(answer);
  };
  await server.connect(serverSide);
  await client.start();
  const ask = (id: number, method: string, params: Record<string, unknown>) =>
    new Promise<Answer>((resolve) => {
      pending.set(id, resolve);
      void client.send({ jsonrpc: '2.0', id, method, params } as JSONRPCMessage);
    });
  await ask(-1, 'initialize', {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'raw', version: '0' },
  });
  await client.send({ jsonrpc: '2.0', method: 'notifications/initialized' } as JSONRPCMessage);
  const answers: Answer[] = [];
  for (const [i, [method, params]] of requests.entries()) answers.push(await ask(i, method, params));
  await server.close();
  return answers;
}
