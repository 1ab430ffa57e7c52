// Reduces an OpenAPI schema to the JSON Schema subset the catalog keeps (see LeanSchema in
// src/providers/kit/catalog.ts): validation keywords only, OpenAPI 3.0 `nullable` folded into
// `type`, component `$ref`s kept by name so shared shapes are stored once.
const KEEP = [
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'format',
  'writeOnly',
];

export function leanSchema(doc, schema, used) {
  if (!schema || typeof schema !== 'object') return {};
  if (typeof schema.$ref === 'string') {
    const match = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref);
    if (!match) throw new Error(`unsupported $ref ${schema.$ref}`);
    const name = decodeURIComponent(match[1]);
    if (!doc.components?.schemas?.[name]) throw new Error(`unresolved $ref ${schema.$ref}`);
    used.add(name);
    return { $ref: name };
  }
  const out = {};
  let type = schema.type;
  if (schema.nullable === true && type !== undefined) {
    type = [...new Set([...(Array.isArray(type) ? type : [type]), 'null'])];
  }
  if (type !== undefined) out.type = type;
  for (const key of KEEP) {
    if (schema[key] === undefined) continue;
    // 3.0 booleans for exclusive bounds carry no number: the bound itself is then exclusive.
    if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof schema[key] !== 'number')
      continue;
    if (
      key === 'format' &&
      !['email', 'uri', 'date-time', 'password', 'ipv4', 'ipv6'].includes(schema.format)
    )
      continue;
    out[key] = schema[key];
  }
  if (schema.exclusiveMinimum === true && typeof schema.minimum === 'number') {
    out.exclusiveMinimum = schema.minimum;
    delete out.minimum;
  }
  if (schema.exclusiveMaximum === true && typeof schema.maximum === 'number') {
    out.exclusiveMaximum = schema.maximum;
    delete out.maximum;
  }
  if (schema.properties) {
    out.properties = {};
    for (const [name, value] of Object.entries(schema.properties)) {
      out.properties[name] = leanSchema(doc, value, used);
    }
  }
  if (Array.isArray(schema.required) && schema.required.length) out.required = schema.required;
  if (schema.additionalProperties !== undefined) {
    out.additionalProperties =
      typeof schema.additionalProperties === 'boolean'
        ? schema.additionalProperties
        : leanSchema(doc, schema.additionalProperties, used);
  }
  if (schema.items) out.items = leanSchema(doc, schema.items, used);
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    if (Array.isArray(schema[key])) out[key] = schema[key].map((s) => leanSchema(doc, s, used));
  }
  return out;
}
