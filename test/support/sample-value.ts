import type { CatalogData, LeanSchema } from '../../src/providers/kit/catalog.js';

/**
 * A value that satisfies a catalog schema, built from the schema alone: required fields only, the
 * first enum value, strings long enough for their bounds. Tests use it to call every documented
 * operation with a body the document accepts.
 */
export function sampleValue(schema: LeanSchema, catalog: CatalogData, depth = 0): unknown {
  if (depth > 12) return undefined;
  if (schema.$ref) return sampleValue(catalog.schemas[schema.$ref] ?? {}, catalog, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum.find((value) => value !== null) ?? schema.enum[0];
  const pick = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (pick && !schema.type && !schema.properties) return sampleValue(pick, catalog, depth + 1);
  if (schema.allOf) {
    return Object.assign(
      {},
      ...schema.allOf.map((part) => sampleValue(part, catalog, depth + 1) as Record<string, unknown>),
      schema.properties ? sampleObject(schema, catalog, depth) : {},
    );
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const type = types.find((t) => t !== 'null') ?? (schema.properties ? 'object' : 'string');
  switch (type) {
    case 'object':
      return sampleObject(schema, catalog, depth);
    case 'array': {
      const item = schema.items ? sampleValue(schema.items, catalog, depth + 1) : 'item';
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item);
    }
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    default:
      return sampleString(schema);
  }
}

function sampleObject(schema: LeanSchema, catalog: CatalogData, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Alternatives that only require fields (anyOf: [{required: [a]}, {required: [b]}]): the first.
  const alternative = (schema.anyOf ?? schema.oneOf)?.[0]?.required ?? [];
  for (const name of [...(schema.required ?? []), ...alternative]) {
    const prop = schema.properties?.[name] ?? {};
    out[name] = sampleValue(prop, catalog, depth + 1);
  }
  return out;
}

function sampleString(schema: LeanSchema): string {
  if (schema.format === 'email') return 'user@example.com';
  if (schema.format === 'uri') return 'https://example.com/';
  if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
  if (schema.format === 'ipv4') return '192.0.2.10';
  const base = 'sample';
  const min = schema.minLength ?? 1;
  const padded = base.length >= min ? base : base.padEnd(min, 'x');
  const text = schema.maxLength !== undefined ? padded.slice(0, Math.max(schema.maxLength, 1)) : padded;
  if (!schema.pattern || new RegExp(schema.pattern, 'u').test(text)) return text;
  return PATTERNED.find((candidate) => new RegExp(schema.pattern!, 'u').test(candidate)) ?? text;
}

/** Values of the patterned strings the documents use that `sample` does not fit (a colour, a UUID). */
const PATTERNED = ['#ffffff', '00000000-0000-4000-8000-000000000000'];
