import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { connect, type Harness, textOf } from '../support/harness.js';

/**
 * Every tool's input schema, as tools/list publishes it, driven with malformed and hostile values
 * against all five simulators. Whatever comes in: no crash, an isError result or a protocol
 * error (never a stack trace or an "unexpected failure"), nothing sent to a provider when the
 * arguments fail the schema, and no request whose path has a dot segment. The generator is seeded,
 * so a failure names the seed and case that reproduce it (HOSTING_MCP_FUZZ_SEED picks another).
 */

const SEED = Number(process.env.HOSTING_MCP_FUZZ_SEED ?? 20_251_109);
const CASES_PER_TOOL = 40;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
type Random = ReturnType<typeof prng>;

const HOSTILE_STRINGS = [
  '',
  ' ',
  '.',
  '..',
  '%2e%2e',
  '%2E.',
  '../../../etc/passwd',
  '..%2F..%2Fadmin',
  'a\\..\\b',
  '%zz',
  '%',
  'x\ud800y',
  '\udfff',
  '\u0000',
  'line\nbreak\r\n',
  '\u001b[31mred\u001b[0m',
  'rtl\u202etxt',
  '\u{E0041}\u{E0042}hidden',
  '<script>alert(1)</script>',
  "'; DROP TABLE sites; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, as a client would send it.
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '{"id": 1}',
  '__proto__',
  'constructor',
  'web-1',
  'acme.test',
  '101',
  'forge:sandbox:deployment:101:201:..',
  'forge:sandbox:server:%2e%2e',
  'forge:sandbox:deployment:101:201:%zz',
  'coolify:sandbox:deployment:x\ud800:y',
  'a'.repeat(256),
  'b'.repeat(70_000),
  '🚀'.repeat(300),
  'https://ghp_FuzzToken0123456789abcdefXYZ@github.com/a/b.git',
];
const HOSTILE_NUMBERS = [-1, 0, 1.5, -0, 1e308, -1e308, 2 ** 53 + 1, 51, 501, 1001, 10_000];

function hostileValue(random: Random): unknown {
  switch (random.int(9)) {
    case 0:
    case 1:
    case 2:
      return random.pick(HOSTILE_STRINGS);
    case 3:
      return random.pick(HOSTILE_NUMBERS);
    case 4:
      return random.pick([true, false, null]);
    case 5:
      return [random.pick(HOSTILE_STRINGS), random.pick(HOSTILE_NUMBERS)];
    case 6:
      return { nested: random.pick(HOSTILE_STRINGS), __proto__: { polluted: true } };
    case 7: {
      let deep: unknown = 'bottom';
      for (let i = 0; i < 60; i++) deep = { deep };
      return deep;
    }
    default:
      return random.pick(HOSTILE_STRINGS).repeat(2);
  }
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
}

/** A value the schema accepts, as a base for mutation. */
function plausible(schema: JsonSchema, random: Random): unknown {
  if (schema.enum?.length) return random.pick(schema.enum);
  if (schema.anyOf?.length) return plausible(random.pick(schema.anyOf), random);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return random.pick(['web-1', 'acme.test', '101', 'shop', 'main']);
  }
}

/** Arguments for one case: a plausible base with one to three fields made hostile. */
function generate(tool: Tool, random: Random): Record<string, unknown> {
  const schema = tool.inputSchema as JsonSchema;
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  const args: Record<string, unknown> = {};
  for (const name of schema.required ?? []) args[name] = plausible(properties[name]!, random);
  // Free-text arguments (ids, names, refs) are where hostile values reach providers; most
  // mutations go there, with a hostile string, so that many cases pass the schema.
  const text = names.filter((n) => properties[n]!.type === 'string' && !properties[n]!.enum);
  const mutations = 1 + random.int(3);
  for (let i = 0; i < mutations; i++) {
    const roll = random.int(10);
    if (roll === 0 && names.length) delete args[random.pick(names)];
    else if (roll === 1)
      args[random.pick(['unknown_key', '__proto__', 'constructor', 'then'])] = hostileValue(random);
    else if (roll < 6 && text.length) args[random.pick(text)] = random.pick(HOSTILE_STRINGS);
    else if (names.length) args[random.pick(names)] = hostileValue(random);
  }
  // A valid wait would make the case wait for real; only invalid waits are interesting here.
  if (typeof args.wait_seconds === 'number' && args.wait_seconds >= 0 && args.wait_seconds <= 50) {
    args.wait_seconds = 0;
  }
  // Writes run as dry runs half the time, so the simulators are not filled with fuzz servers.
  if ('dry_run' in properties && random.next() < 0.5) args.dry_run = true;
  return args;
}

const STACK = /\n\s+at [^\n]+[:(]/;
const INTERNAL =
  /Unexpected failure|TypeError|ReferenceError|Cannot read propert|is not a function|undefined is not/;

describe('schema-driven fuzzing of every tool', () => {
  let sandbox: Sandbox;
  let h: Harness;
  let tools: Tool[];

  beforeAll(async () => {
    sandbox = await startSandbox();
    h = await connect({ accounts: sandbox.accounts, pollScale: sandbox.pollScale, logLevel: 'warn' });
    tools = (await h.client.listTools()).tools;
  });
  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  const simulators = () => [...sandbox.instances.values()].map((i) => i.simulator.http);

  it(`survives ${CASES_PER_TOOL} malformed calls per tool (seed ${SEED})`, async () => {
    expect(tools.length).toBeGreaterThanOrEqual(13);
    const random = prng(SEED);
    const counts = { cases: 0, refusedBySchema: 0, reachedProvider: 0, succeeded: 0 };
    for (const tool of tools) {
      for (let n = 0; n < CASES_PER_TOOL; n++) {
        const args = generate(tool, random);
        const where = `${tool.name} case ${n} (seed ${SEED}): ${JSON.stringify(args).slice(0, 300)}`;
        for (const sim of simulators()) sim.requests.length = 0;
        let text: string;
        let result: CallToolResult | undefined;
        try {
          result = await h.client.callTool({ name: tool.name, arguments: args }, { timeout: 10_000 });
          text = textOf(result);
        } catch (error) {
          // A protocol error is an acceptable answer; a crash or a hang is not.
          text = error instanceof Error ? error.message : String(error);
          expect((error as { code?: unknown }).code, where).toEqual(expect.any(Number));
          expect(Math.abs((error as { code: number }).code + 32_300), where).toBeLessThanOrEqual(500);
        }
        counts.cases++;
        expect(text, where).not.toMatch(STACK);
        expect(text, where).not.toMatch(INTERNAL);
        const sent = simulators().flatMap((sim) => sim.requests.map((r) => `${r.method} ${r.path}`));
        if (/Invalid arguments for /.test(text)) {
          counts.refusedBySchema++;
          expect(sent, where).toEqual([]);
        }
        if (sent.length) counts.reachedProvider++;
        if (result && !result.isError) counts.succeeded++;
        for (const request of sent) expect(request, where).not.toMatch(/\/\.\.?(\/|\?|$)/);
      }
    }
    expect(counts.cases).toBe(tools.length * CASES_PER_TOOL);
    // The generator must exercise both sides: refusals at the schema and calls that reach providers.
    expect(counts.refusedBySchema).toBeGreaterThan(counts.cases / 4);
    expect(counts.reachedProvider).toBeGreaterThan(counts.cases / 10);
    if (process.env.HOSTING_MCP_FUZZ_REPORT) process.stderr.write(`fuzz: ${JSON.stringify(counts)}\n`);
    // Still serving.
    await expect(h.client.listTools()).resolves.toBeDefined();
    expect((await h.call('list_accounts')).isError).toBeFalsy();
  });
});
