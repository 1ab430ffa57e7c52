// Reads specs/<id>.policy.yaml: the risk of each operation beyond its HTTP method, operations that
// are never callable, secret response fields and how asynchronous operations are followed.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

const RISKS = new Set(['read', 'write', 'destructive', 'deny']);

/** By method: reads are reads, deletes destroy, everything else writes. */
function methodRisk(method) {
  if (method === 'get') return 'read';
  if (method === 'delete') return 'destructive';
  return 'write';
}

export function loadPolicy(file) {
  const data = existsSync(file) ? (parseYaml(readFileSync(file, 'utf8')) ?? {}) : {};
  const operations = data.operations ?? {};
  const patterns = (data.patterns ?? []).map((rule) => ({ ...rule, regex: new RegExp(rule.match) }));
  for (const [id, rule] of [...Object.entries(operations), ...patterns.map((p) => [p.match, p])]) {
    if (rule.risk && !RISKS.has(rule.risk)) throw new Error(`${file}: ${id}: unknown risk ${rule.risk}`);
    if (rule.risk === 'deny' && !rule.reason) throw new Error(`${file}: ${id}: a deny needs a reason`);
    for (const [value, risk] of Object.entries(rule.body?.values ?? {})) {
      if (!RISKS.has(risk)) throw new Error(`${file}: ${id}: body value ${value}: unknown risk ${risk}`);
    }
  }
  const ruleFor = (id) => {
    const matched = patterns.filter((p) => p.regex.test(id));
    return Object.assign({}, ...matched, operations[id] ?? {});
  };
  return {
    file,
    secretFields: [...(data.secrets ?? [])].sort(),
    rule: ruleFor,
    async: (id) => ruleFor(id).async === true || (data.async ?? []).includes(id),
    follow: (id) => ruleFor(id).follow,
    /** Every operation named in the policy must exist in the document. */
    assertKnown(ids) {
      const known = new Set(ids);
      const missing = Object.keys(operations).filter((id) => !known.has(id));
      const unmatched = patterns.filter((p) => !ids.some((id) => p.regex.test(id))).map((p) => p.match);
      const follows = [...Object.values(operations), ...patterns]
        .map((rule) => rule.follow)
        .filter((id) => id && !known.has(id));
      const problems = [...missing, ...unmatched, ...follows];
      if (problems.length)
        throw new Error(`${file}: names no operation of the document: ${problems.join(', ')}`);
    },
  };
}

export function riskOf(policy, id, method) {
  const rule = policy.rule(id);
  const risk = rule.risk ?? methodRisk(method);
  return {
    risk,
    ...(rule.reason ? { reason: rule.reason } : {}),
    ...(rule.body ? { bodyRisk: { field: rule.body.field, values: rule.body.values } } : {}),
  };
}
