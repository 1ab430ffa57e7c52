import type { CatalogData, CatalogOperation, CatalogParam, LeanSchema } from '../providers/kit/catalog.js';
import { type SchemaIssue, validateValue } from '../providers/kit/validate.js';
import type { SimRequest } from './sim-server.js';

/**
 * Checks a request against its operation in the catalog, as the real API's own validation would:
 * path ids of the wrong type are not found, query and header parameters and the body are
 * validated against the document.
 */
export type RequestVerdict =
  | { ok: true }
  | { ok: false; notFound: true }
  | { ok: false; issues: SchemaIssue[] };

export function checkRequest(catalog: CatalogData, op: CatalogOperation, req: SimRequest): RequestVerdict {
  // The served template may name its parameters differently: they are matched by position.
  const values = Object.values(req.params);
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  for (const [index, name] of names.entries()) {
    const param = op.params.find((p) => p.in === 'path' && p.name === name);
    const value = values[index];
    if (value !== undefined && isIntegerSchema(param?.schema, catalog) && !/^-?\d+$/.test(value)) {
      return { ok: false, notFound: true };
    }
  }
  const issues: SchemaIssue[] = [];
  for (const param of op.params) {
    if (param.in === 'query') checkParam(param, readQuery(req, param), 'query', catalog, issues);
    if (param.in === 'header') {
      const raw = req.headers[param.name.toLowerCase()];
      checkParam(param, typeof raw === 'string' ? [raw] : undefined, 'header', catalog, issues);
    }
  }
  if (op.body) {
    if (req.body === undefined) {
      if (op.body.required) issues.push({ path: 'body', message: 'is required' });
    } else {
      issues.push(...validateValue(req.body, op.body.schema, catalog.schemas));
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true };
}

/** Body-picked variants of one method and path (ServerPilot's POST /apps/{id}/ssl): the one the body fits. */
export function pickVariant(
  catalog: CatalogData,
  ops: readonly CatalogOperation[],
  req: SimRequest,
): CatalogOperation {
  if (ops.length === 1) return ops[0]!;
  return ops.find((op) => checkRequest(catalog, op, req).ok) ?? ops[0]!;
}

function readQuery(req: SimRequest, param: CatalogParam): string[] | undefined {
  const values = req.query.getAll(param.name);
  if (values.length) return values;
  const bracketed = req.query.getAll(`${param.name}[]`);
  return bracketed.length ? bracketed : undefined;
}

function checkParam(
  param: CatalogParam,
  raw: string[] | undefined,
  where: string,
  catalog: CatalogData,
  issues: SchemaIssue[],
): void {
  if (raw === undefined) {
    if (param.required) issues.push({ path: `${where}.${param.name}`, message: 'is required' });
    return;
  }
  if (!param.schema) return;
  const schema = resolve(param.schema, catalog);
  const value = coerce(raw, schema, catalog);
  issues.push(...validateValue(value, param.schema, catalog.schemas, `${where}.${param.name}`));
}

/** Query and header values are text: read them as the schema's type, the way servers parse them. */
function coerce(raw: string[], schema: LeanSchema, catalog: CatalogData): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('array')) {
    const itemSchema = schema.items ? resolve(schema.items, catalog) : {};
    return raw.flatMap((value) => value.split(',')).map((value) => coerceOne(value, itemSchema));
  }
  return coerceOne(raw[raw.length - 1]!, schema);
}

function coerceOne(value: string, schema: LeanSchema): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value))
    return Number(value);
  if (types.includes('boolean') && /^(true|false|1|0)$/.test(value)) return value === 'true' || value === '1';
  return value;
}

function resolve(schema: LeanSchema, catalog: CatalogData): LeanSchema {
  let current = schema;
  for (let i = 0; current.$ref && i < 8; i++) current = catalog.schemas[current.$ref] ?? {};
  return current;
}

function isIntegerSchema(schema: LeanSchema | undefined, catalog: CatalogData): boolean {
  if (!schema) return false;
  const type = resolve(schema, catalog).type;
  return type === 'integer';
}
