// Lists the response shapes an authored document marks `x-inferred: true`, for docs/inferred-shapes.md.
export function inferredShapes(provider, doc) {
  const rows = [];
  const seenComponents = new Set();
  const visit = (node, where, operation) => {
    if (!node || typeof node !== 'object') return;
    if (node['x-inferred'] === true) {
      rows.push({
        provider: provider.id,
        operation,
        where,
        why: String(node.description ?? 'not given by the reference')
          .replace(/\s+/g, ' ')
          .trim(),
      });
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (value && typeof value === 'object' && key !== 'example' && key !== 'examples') {
        visit(value, where, operation);
      }
    }
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!op?.responses) continue;
      for (const [status, response] of Object.entries(op.responses)) {
        visit(response, `${method.toUpperCase()} ${path} → ${status}`, op.operationId);
      }
    }
  }
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    if (seenComponents.has(name)) continue;
    seenComponents.add(name);
    visit(schema, `schema ${name}`, '—');
  }
  return rows;
}
