import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildContext } from '../../../src/context.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/sandbox.js';
import { ALL_TOOLS } from '../../../src/tools/index.js';
import { toInputJsonSchema, toOutputJsonSchema } from '../../../src/tools/json-schema.js';
import { prepareTools } from '../../../src/tools/register-tools.js';

/**
 * tools/list's JSON Schemas are written by json-schema.ts, not by z.toJSONSchema (it is faster at
 * start). Here they are held to what zod writes, on the argument schema of every tool every
 * sandbox provider serves, each toolset included.
 */

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

/** What zod writes (draft-7, input side), less what the listing leaves out. */
function zodListing(schema: z.ZodType): unknown {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  delete json.$schema;
  const unlisted = new Set(['minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'propertyNames']);
  const lean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(lean);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(
          ([key, inner]) =>
            !unlisted.has(key) &&
            !(/^(minimum|maximum)$/.test(key) && Math.abs(Number(inner)) === Number.MAX_SAFE_INTEGER),
        )
        .map(([key, inner]) => [key, lean(inner)]),
    );
  };
  return lean(json);
}

describe('tools/list JSON Schemas', () => {
  it('list every argument as zod would, for every tool of every provider', async () => {
    const context = await buildContext({ accounts: sandbox.accounts, logLevel: 'silent' });
    const prepared = prepareTools(ALL_TOOLS, {
      registry: context.registry,
      redactor: context.redactor,
      logger: context.logger,
      readOnly: false,
      toolsets: [...new Set(ALL_TOOLS.map((t) => t.toolset))],
    });
    expect(prepared.length).toBeGreaterThan(20);
    for (const { tool, schema } of prepared)
      expect(toInputJsonSchema(schema), tool.name).toEqual(zodListing(schema));
  });

  it('outline each result by its top-level fields, nested objects by the fields they always have', () => {
    const schema = z.object({
      provider: z.string(),
      account: z.string(),
      message: z.string(),
      count: z.number().int(),
      state: z.enum(['pending', 'done']),
      when: z.string().nullable(),
      item: z.object({
        id: z.string(),
        name: z.string(),
        note: z.string().optional(),
        extra: z.unknown(),
        level: z.number().default(1),
        seen: z.string().nullable(),
      }),
      items: z.array(z.object({ id: z.string() })),
      either: z.union([z.string(), z.object({ id: z.string() })]).optional(),
      details: z.record(z.string(), z.unknown()).optional(),
      data: z.unknown().optional(),
    });
    expect(toOutputJsonSchema(schema)).toEqual({
      type: 'object',
      properties: {
        message: { type: 'string' },
        count: { type: 'number' },
        state: { type: 'string', enum: ['pending', 'done'] },
        when: { type: ['string', 'null'] },
        // Required: what zod's isOptional() says must be there (read from its flags, not parsed).
        item: { type: 'object', required: ['id', 'name', 'seen'] },
        items: { type: 'array', items: { type: 'object', required: ['id'] } },
        either: { anyOf: [{ type: 'string' }, { type: 'object', required: ['id'] }] },
        data: {},
      },
    });
  });

  it('name as required, in every tool outline, exactly the fields zod says may not be left out', () => {
    const required = (schema: z.ZodType): string[] =>
      schema instanceof z.ZodObject
        ? Object.entries(schema.shape as Record<string, z.ZodType>)
            .filter(([, field]) => !field.isOptional())
            .map(([name]) => name)
        : [];
    for (const tool of ALL_TOOLS) {
      const outline = toOutputJsonSchema(tool.output) as unknown as {
        properties: Record<string, Record<string, unknown>>;
      };
      for (const [name, field] of Object.entries(tool.output.shape as Record<string, z.ZodType>)) {
        let inner: z.ZodType = field;
        while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable)
          inner = inner.unwrap() as z.ZodType;
        if (inner instanceof z.ZodArray) inner = inner.element as z.ZodType;
        const listed = outline.properties[name];
        const nested = (listed?.items as Record<string, unknown> | undefined) ?? listed;
        if (inner instanceof z.ZodObject && nested?.required)
          expect(nested.required, `${tool.name} ${name}`).toEqual(required(inner));
      }
    }
  });
});
