import { z } from 'zod';

/**
 * JSON Schema for what tools/list shows. Every byte of it is read by the model on every turn, so
 * it holds what a client or model uses and no more.
 */

type Json = Record<string, unknown>;

/**
 * A tool's input schema as listed: the JSON Schema zod would write (draft-7, input side), without
 * the draft URI, safe-integer bounds, or length, pattern and item-count limits, which the server
 * checks anyway and answers with the field and what is allowed.
 *
 * Written here for the kinds of schema tool arguments use, rather than through z.toJSONSchema:
 * every start lists its tools, and zod's general conversion of two dozen argument schemas took
 * longer than everything else the tools layer does at start. A kind not handled here is handed to
 * zod; test/unit/tools/json-schema.test.ts holds the two conversions equal on every tool.
 */
export function toInputJsonSchema(schema: z.ZodObject): Json & { type: 'object' } {
  return objectSchema(schema) as Json & { type: 'object' };
}

function objectSchema(schema: z.ZodObject): Json {
  const shape = schema.shape as Record<string, z.ZodType>;
  const required = Object.entries(shape)
    .filter(([, field]) => !(field instanceof z.ZodOptional || field instanceof z.ZodDefault))
    .map(([name]) => name);
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, inputSchema(field)])),
    ...(required.length ? { required } : {}),
    ...described(schema),
  };
}

function inputSchema(field: z.ZodType): Json {
  if (field instanceof z.ZodOptional)
    return { ...described(field), ...inputSchema(field.unwrap() as z.ZodType) };
  if (field instanceof z.ZodDefault) {
    return {
      default: field.def.defaultValue,
      ...described(field),
      ...inputSchema(field.unwrap() as z.ZodType),
    };
  }
  if (field instanceof z.ZodString && !field.format) return { type: 'string', ...described(field) };
  if (field instanceof z.ZodBoolean) return { type: 'boolean', ...described(field) };
  if (field instanceof z.ZodNumber) return { ...numberSchema(field), ...described(field) };
  if (field instanceof z.ZodUnknown) return described(field);
  if (field instanceof z.ZodEnum && field.options.every((o) => typeof o === 'string')) {
    return { type: 'string', enum: field.options, ...described(field) };
  }
  if (field instanceof z.ZodArray) {
    return { type: 'array', items: inputSchema(field.element as z.ZodType), ...described(field) };
  }
  if (field instanceof z.ZodRecord) {
    return {
      type: 'object',
      additionalProperties: inputSchema(field.valueType as z.ZodType),
      ...described(field),
    };
  }
  if (field instanceof z.ZodObject) return objectSchema(field);
  if (field instanceof z.ZodUnion) {
    const options = (field.options as z.ZodType[]).map(inputSchema);
    // zod writes a union of bare types as one type list.
    const bare = options.every((o) => Object.keys(o).length === 1 && typeof o.type === 'string');
    return { ...(bare ? { type: options.map((o) => o.type) } : { anyOf: options }), ...described(field) };
  }
  const json = z.toJSONSchema(field, { target: 'draft-7', io: 'input' }) as Json;
  delete json.$schema;
  return leanListing(json) as Json;
}

function numberSchema(field: z.ZodNumber): Json {
  const out: Json = { type: field.format === 'safeint' || field.isInt ? 'integer' : 'number' };
  for (const check of field.def.checks ?? []) {
    const def = check._zod.def as { check: string; value?: number; inclusive?: boolean };
    if (def.check === 'greater_than') out[def.inclusive ? 'minimum' : 'exclusiveMinimum'] = def.value;
    if (def.check === 'less_than') out[def.inclusive ? 'maximum' : 'exclusiveMaximum'] = def.value;
  }
  return out;
}

function described(field: z.ZodType): Json {
  return field.description === undefined ? {} : { description: field.description };
}

const UNLISTED = new Set(['minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'propertyNames']);

function leanListing(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(leanListing);
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    if (UNLISTED.has(key)) continue;
    if ((key === 'minimum' || key === 'maximum') && Math.abs(Number(inner)) === Number.MAX_SAFE_INTEGER)
      continue;
    out[key] = leanListing(inner);
  }
  return out;
}

/**
 * A tool's output schema. Every tool carries its own (MCP shares no definitions across tools),
 * and all of them together must fit the tools/list budget with every provider configured, so
 * each says what a client needs to find its way in a result and no more:
 * - the top-level fields with their types (and enum values);
 * - a nested object (a server, a site, an operation…) by the fields it always has: its
 *   `required` names, which a validating client checks, without a type per field;
 * - not `provider` and `account`, which every result about an account carries (the arguments
 *   name them), nor free-form maps, nor descriptions (the inputs say what a tool does), nor
 *   the remarks and advice marked `unnamed`.
 * Every schema is open: fields it does not name are allowed, so a result always validates.
 */
export function toOutputJsonSchema(schema: z.ZodObject): Json & { type: 'object' } {
  const fields = Object.entries(schema.shape as Record<string, z.ZodType>).filter(
    ([name, field]) => !IMPLIED.has(name) && !UNNAMED.has(field) && !(unwrap(field) instanceof z.ZodRecord),
  );
  // Walked directly rather than through z.toJSONSchema: this runs at every cold start, and the
  // full conversion of the nested schemas cost several milliseconds only to be thrown away.
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map(([name, field]) => [name, outline(field)])),
  };
}

/** Fields every result about one account carries. */
const IMPLIED = new Set(['provider', 'account']);

const UNNAMED = new WeakSet<z.ZodType>();

/**
 * An optional result field that output schemas do not name: a remark or advice for whoever reads
 * the result, on a shape a dozen tools share, which no client acts on by itself. The result still
 * carries it (every output schema is open) and the server still checks it against the zod schema.
 */
export function unnamed<T extends z.ZodType>(field: T): T {
  UNNAMED.add(field);
  return field;
}

/** A top-level field: its type, with nested objects reduced to the names they always carry. */
function outline(field: z.ZodType): Json {
  const inner = unwrap(field);
  const nullable = isNullable(field);
  const typed = (type: string): Json => ({ type: nullable ? [type, 'null'] : type });
  if (inner instanceof z.ZodString) return typed('string');
  if (inner instanceof z.ZodNumber) return typed('number');
  if (inner instanceof z.ZodBoolean) return typed('boolean');
  if (inner instanceof z.ZodEnum) return { ...typed('string'), enum: inner.options };
  if (inner instanceof z.ZodLiteral) return { const: inner.value };
  if (inner instanceof z.ZodArray) return { ...typed('array'), items: outline(inner.element as z.ZodType) };
  if (inner instanceof z.ZodUnion) return { anyOf: (inner.options as z.ZodType[]).map(outline) };
  if (inner instanceof z.ZodObject) {
    const required = Object.entries(inner.shape as Record<string, z.ZodType>)
      .filter(([, value]) => !mayBeAbsent(value))
      .map(([name]) => name);
    return required.length ? { ...typed('object'), required } : typed('object');
  }
  // Anything else (unknown data) is described by its name alone.
  return {};
}

/**
 * Whether a field may be left out, as `isOptional()` says. That parses `undefined`, which compiles
 * the schema's parser first, and this runs at every start: the flags zod keeps answer for optional
 * and defaulted fields, the kinds that never take `undefined` are answered here, and only other
 * kinds are asked.
 */
function mayBeAbsent(field: z.ZodType): boolean {
  if (field._zod.optin || field._zod.optout) return true;
  if (NEVER_ABSENT.some((kind) => field instanceof kind)) return false;
  return field.isOptional();
}

const NEVER_ABSENT = [
  z.ZodString,
  z.ZodNumber,
  z.ZodBoolean,
  z.ZodEnum,
  z.ZodObject,
  z.ZodArray,
  z.ZodRecord,
];

/** The schema under optional, nullable and default wrappers. */
function unwrap(field: z.ZodType): z.ZodType {
  let inner = field;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) {
    inner = inner.unwrap() as z.ZodType;
  }
  return inner;
}

function isNullable(field: z.ZodType): boolean {
  let inner = field;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) {
    if (inner instanceof z.ZodNullable) return true;
    inner = inner.unwrap() as z.ZodType;
  }
  return false;
}
