// Finds response fields that carry secrets: writeOnly, format password, `x-secret: true`, or a
// name the policy lists — bare (`password`: that field in any schema) or qualified by the component
// schema that holds it (`DeployHookResource.url`). Paths are dotted, `[]` marks array items and
// `*` the values of a map (additionalProperties).
export function secretPaths(doc, schema, secretNames) {
  const names = new Set(secretNames);
  const found = new Set();
  const walk = (node, path, seen, owner) => {
    if (!node || typeof node !== 'object' || path.length > 12) return;
    if (typeof node.$ref === 'string') {
      if (seen.has(node.$ref)) return;
      const target = node.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce((value, key) => value?.[decodeURIComponent(key)], doc);
      walk(target, path, new Set([...seen, node.$ref]), node.$ref.split('/').pop());
      return;
    }
    for (const key of ['oneOf', 'anyOf', 'allOf'])
      for (const sub of node[key] ?? []) walk(sub, path, seen, owner);
    if (node.items) walk(node.items, [...path, '[]'], seen);
    if (node.additionalProperties && typeof node.additionalProperties === 'object')
      walk(node.additionalProperties, [...path, '*'], seen, owner);
    for (const [name, prop] of Object.entries(node.properties ?? {})) {
      const secret =
        names.has(name) ||
        (owner && names.has(`${owner}.${name}`)) ||
        (prop && (prop.writeOnly === true || prop.format === 'password' || prop['x-secret'] === true));
      if (secret) found.add([...path, name].join('.').replaceAll('.[]', '[]'));
      else walk(prop, [...path, name], seen, owner);
    }
  };
  walk(schema, [], new Set());
  return [...found].sort();
}
