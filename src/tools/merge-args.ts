import { z } from 'zod';
import type { ProviderId } from '../providers/types.js';

/**
 * Joins the provider-specific argument shapes of one verb into the tool's schema. Every merged
 * field is optional and default-free: the chosen provider parses its own arguments strictly and
 * applies its own defaults. When several providers declare the same argument with different
 * rules, the merged field keeps only what they share (the base type, the union of enum values),
 * so one provider's limits never reject another provider's valid input.
 */
export interface MergedArgs {
  shape: Record<string, z.ZodType>;
  /** Which providers take each argument. */
  owners: Map<string, Set<ProviderId>>;
}

export function mergeProviderArgs(
  inputs: ReadonlyArray<{ provider: ProviderId; shape: z.ZodRawShape }>,
): MergedArgs {
  const fields = new Map<string, z.ZodType[]>();
  const owners = new Map<string, Set<ProviderId>>();
  for (const { provider, shape } of inputs) {
    for (const [key, field] of Object.entries(shape)) {
      if (!owners.has(key)) owners.set(key, new Set());
      owners.get(key)!.add(provider);
      if (!fields.has(key)) fields.set(key, []);
      fields.get(key)!.push(field as z.ZodType);
    }
  }
  const shape: Record<string, z.ZodType> = {};
  for (const [key, declared] of fields) shape[key] = mergeField(declared);
  return { shape, owners };
}

function mergeField(fields: z.ZodType[]): z.ZodType {
  const inners = fields.map(unwrap);
  const descriptions = [...new Set(fields.map((f) => f.description).filter((d): d is string => Boolean(d)))];
  const description =
    descriptions.length <= 1 ? descriptions[0] : descriptions[0]!.replace(/^[A-Z][A-Za-z.]*: /, '');
  // Most arguments belong to one provider: nothing to compare, and no JSON Schema to build for it
  // (this runs at every start, for every provider argument of every write tool).
  const merged = inners.length === 1 || sameSchemas(inners) ? inners[0]! : relax(inners);
  const optional = merged.optional();
  return description ? optional.describe(description) : optional;
}

function sameSchemas(inners: z.ZodType[]): boolean {
  const schemas = inners.map((inner) =>
    JSON.stringify(z.toJSONSchema(inner, { io: 'input', unrepresentable: 'any' })),
  );
  return new Set(schemas).size === 1;
}

function unwrap(field: z.ZodType): z.ZodType {
  let inner: z.ZodType = field;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) {
    inner = (inner as z.ZodDefault<z.ZodType> | z.ZodOptional<z.ZodType>).unwrap() as z.ZodType;
  }
  return inner;
}

/** What differing declarations share: one base type each, enum values united. */
function relax(inners: z.ZodType[]): z.ZodType {
  if (inners.every((inner) => inner instanceof z.ZodEnum)) {
    const values = [...new Set(inners.flatMap((inner) => (inner as z.ZodEnum).options as string[]))];
    return z.enum(values as [string, ...string[]]);
  }
  const bases = new Map<string, z.ZodType>();
  for (const inner of inners) {
    const json = z.toJSONSchema(inner, { io: 'input', unrepresentable: 'any' }) as {
      type?: string;
      anyOf?: Array<{ type?: string }>;
    };
    const types = json.type ? [json.type] : (json.anyOf ?? []).map((part) => part.type ?? 'unknown');
    for (const type of types) bases.set(type === 'integer' ? 'number' : type, BASES[type] ?? z.unknown());
  }
  const unique = [...bases.values()];
  return unique.length === 1 ? unique[0]! : z.union(unique as [z.ZodType, z.ZodType, ...z.ZodType[]]);
}

const BASES: Record<string, z.ZodType> = {
  string: z.string(),
  number: z.number(),
  integer: z.number(),
  boolean: z.boolean(),
  array: z.array(z.unknown()),
  object: z.record(z.string(), z.unknown()),
};
