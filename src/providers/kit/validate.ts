import type { LeanSchema } from './catalog.js';

/**
 * Checks a value against a catalog schema (the JSON Schema subset of LeanSchema) and says, per
 * field, what is wrong and what is allowed. Used before a request is sent — so a bad argument is
 * refused with nothing sent — and by the simulators, which answer what the real API would.
 */

export interface SchemaIssue {
  /** Dotted path from the root, e.g. `body.letsencrypt.key_type`. */
  path: string;
  message: string;
}

const MAX_ISSUES = 10;

export function validateValue(
  value: unknown,
  schema: LeanSchema,
  schemas: Record<string, LeanSchema>,
  root = 'body',
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(value, schema, root, schemas, issues, 0);
  return issues.slice(0, MAX_ISSUES);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function describeAllowed(schema: LeanSchema): string {
  if (schema.enum) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return types.length ? `a ${types.join(' or ')}` : 'a valid value';
}

function check(
  value: unknown,
  schema: LeanSchema,
  path: string,
  schemas: Record<string, LeanSchema>,
  issues: SchemaIssue[],
  depth: number,
): void {
  if (issues.length >= MAX_ISSUES || depth > 32) return;
  if (schema.$ref) {
    const target = schemas[schema.$ref];
    if (target) check(value, target, path, schemas, issues, depth + 1);
    return;
  }
  const add = (message: string) => issues.push({ path, message });
  if (schema.allOf) for (const sub of schema.allOf) check(value, sub, path, schemas, issues, depth + 1);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (!options) continue;
    const fits = options.some((sub) => validateValue(value, sub, schemas, path).length === 0);
    if (!fits) {
      // Report the closest option's issues: the one with the fewest complaints.
      const ranked = options
        .map((sub) => validateValue(value, sub, schemas, path))
        .sort((a, b) => a.length - b.length);
      issues.push(
        ...(ranked[0]?.length ? ranked[0] : [{ path, message: 'matches none of the allowed shapes' }]),
      );
      return;
    }
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => typeMatches(value, type))) {
      add(`must be ${describeAllowed(schema)}, got ${typeOf(value)}`);
      return;
    }
  }
  if (schema.const !== undefined && value !== schema.const) add(`must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) {
    // A nullable enum allows null even when the document forgot to list it.
    const nullable = Array.isArray(schema.type) && schema.type.includes('null');
    if (!(value === null && nullable)) add(`must be ${describeAllowed(schema)}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) add(`must be ≥ ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) add(`must be ≤ ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
      add(`must be > ${schema.exclusiveMinimum}`);
    }
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
      add(`must be < ${schema.exclusiveMaximum}`);
    }
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      add(`must be at least ${schema.minLength} characters`);
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      add(`must be at most ${schema.maxLength} characters`);
    }
    if (schema.pattern !== undefined && !safeRegex(schema.pattern)?.test(value)) {
      add(`must match ${schema.pattern}`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      add(`needs at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      add(`takes at most ${schema.maxItems} items`);
    if (schema.items) {
      value.forEach((item, index) => {
        check(item, schema.items!, `${path}[${index}]`, schemas, issues, depth + 1);
      });
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (record[name] === undefined) issues.push({ path: `${path}.${name}`, message: 'is required' });
    }
    for (const [name, item] of Object.entries(record)) {
      if (item === undefined) continue;
      const declared = schema.properties?.[name];
      if (declared) check(item, declared, `${path}.${name}`, schemas, issues, depth + 1);
      else if (schema.additionalProperties === false) {
        issues.push({
          path: `${path}.${name}`,
          message: `is not a known field${schema.properties ? ` (known: ${Object.keys(schema.properties).slice(0, 12).join(', ')})` : ''}`,
        });
      } else if (typeof schema.additionalProperties === 'object') {
        check(item, schema.additionalProperties, `${path}.${name}`, schemas, issues, depth + 1);
      }
    }
  }
}

const regexCache = new Map<string, RegExp | undefined>();

/** Vendor patterns are compiled once; one JavaScript cannot read is skipped rather than thrown. */
function safeRegex(pattern: string): RegExp | undefined {
  if (!regexCache.has(pattern)) {
    let compiled: RegExp | undefined;
    try {
      compiled = new RegExp(pattern, 'u');
    } catch {
      compiled = undefined;
    }
    regexCache.set(pattern, compiled);
  }
  const found = regexCache.get(pattern);
  return found ?? /[\s\S]*/;
}
