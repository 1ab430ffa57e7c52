import type { CatalogData, CatalogOperation, CatalogParam, LeanSchema } from '../providers/kit/catalog.js';

/**
 * Finds documented operations from a user's own words. Each operation is indexed by the words of
 * its id, summary, tag and path; a query is expanded with synonyms (users say "daemon" where Forge
 * says "background process", "env" where Coolify says "envs") and ranked BM25-style, with a bonus
 * when every query concept is present.
 */

/** Groups of words that mean the same to a user; every word maps to the whole group. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['daemon', 'daemons', 'background', 'process', 'processes', 'worker', 'workers', 'supervisor', 'queue'],
  ['env', 'envs', 'environment', 'variable', 'variables', 'dotenv', 'var', 'vars', 'secret', 'secrets'],
  ['cron', 'crons', 'schedule', 'scheduled', 'scheduler', 'job', 'jobs', 'task', 'tasks'],
  ['restart', 'reboot', 'reload', 'action', 'actions', 'restarts', 'bounce'],
  ['cert', 'certs', 'certificate', 'certificates', 'ssl', 'tls', 'https', 'letsencrypt', 'autossl'],
  ['db', 'dbs', 'database', 'databases', 'mysql', 'postgres', 'postgresql', 'schema', 'schemas'],
  ['site', 'sites', 'app', 'apps', 'application', 'applications', 'instance', 'instances', 'webapp'],
  ['server', 'servers', 'host', 'hosts', 'machine', 'vm', 'droplet', 'node'],
  ['deploy', 'deploys', 'deployment', 'deployments', 'release', 'redeploy', 'ship'],
  ['log', 'logs', 'output', 'tail'],
  ['backup', 'backups', 'snapshot', 'snapshots'],
  ['restore', 'restores', 'rollback'],
  ['domain', 'domains', 'hostname', 'alias', 'aliases', 'route', 'routes'],
  ['firewall', 'rule', 'rules', 'port', 'ports'],
  ['ssh', 'key', 'keys', 'authorized'],
  ['user', 'users', 'sysuser', 'sysusers', 'member', 'members'],
  ['delete', 'remove', 'destroy', 'drop', 'uninstall'],
  ['create', 'add', 'new', 'store', 'make', 'provision'],
  ['list', 'index', 'all', 'show', 'get', 'view', 'read'],
  ['update', 'change', 'edit', 'modify', 'set', 'patch'],
  ['stop', 'pause', 'halt', 'shutdown'],
  ['start', 'resume', 'boot'],
  ['plugin', 'plugins', 'extension', 'extensions'],
  ['theme', 'themes'],
  ['php', 'version', 'versions', 'runtime'],
  ['redirect', 'redirects'],
  ['git', 'repository', 'repo', 'branch'],
  ['wordpress', 'wp'],
  ['activity', 'activities', 'event', 'events', 'operation', 'operations'],
  ['email', 'mail', 'mailbox'],
];

const SYNONYM_OF = new Map<string, readonly string[]>();
for (const group of SYNONYMS) for (const word of group) SYNONYM_OF.set(word, group);

/** Words too common in operation names to tell them apart. */
const STOP = new Set([
  'the',
  'a',
  'an',
  'of',
  'to',
  'for',
  'on',
  'in',
  'my',
  'and',
  'or',
  'by',
  'with',
  'orgs',
  'organization',
  'organizations',
  'api',
  'admin',
  'me',
]);

/** Two-word phrases users write for one vendor word. */
const PHRASES: readonly [RegExp, string][] = [
  [/\bback\s+up\b/gi, 'backup'],
  [/\bset\s+up\b/gi, 'setup'],
  [/\bsign\s+in\b/gi, 'login'],
  [/\bcron\s*tab\b/gi, 'cron'],
  [/\bhttps\s+redirect\b/gi, 'forcessl'],
];

export function words(text: string): string[] {
  let phrased = text;
  for (const [pattern, word] of PHRASES) phrased = phrased.replace(pattern, word);
  return phrased
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !STOP.has(word))
    .map(stem);
}

/** Folds plurals so "databases" meets "database". */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export interface SearchEntry {
  provider: string;
  op: CatalogOperation;
  catalog: CatalogData;
}

interface Indexed extends SearchEntry {
  terms: Map<string, number>;
  length: number;
  /** The first word of the summary: the action ("Deploy", "Create backup …"). */
  verb: string | undefined;
}

export interface SearchHit {
  provider: string;
  op: CatalogOperation;
  score: number;
  catalog: CatalogData;
}

export class ApiIndex {
  private readonly entries: Indexed[] = [];
  private readonly documentFrequency = new Map<string, number>();
  /** Term → the entries that have it, so a query scores only operations that share a word with it. */
  private readonly postings = new Map<string, Indexed[]>();
  private averageLength = 1;

  constructor(sources: readonly { provider: string; catalog: CatalogData }[]) {
    for (const { provider, catalog } of sources) {
      for (const op of Object.values(catalog.operations) as CatalogOperation[]) {
        if (op.risk === 'deny') continue;
        const terms = new Map<string, number>();
        const add = (text: string, weight: number) => {
          for (const word of words(text)) terms.set(word, (terms.get(word) ?? 0) + weight);
        };
        add(op.summary, 3);
        add(op.id, 2);
        add(op.tag, 1);
        add(op.path.replace(/\{[^}]+\}/g, ' '), 1);
        const entry: Indexed = {
          provider,
          op,
          catalog,
          terms,
          length: [...terms.values()].reduce((a, b) => a + b, 0),
          verb: words(op.summary)[0],
        };
        this.entries.push(entry);
        for (const term of terms.keys()) {
          this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
          const list = this.postings.get(term);
          if (list) list.push(entry);
          else this.postings.set(term, [entry]);
        }
      }
    }
    this.averageLength =
      this.entries.reduce((sum, entry) => sum + entry.length, 0) / Math.max(1, this.entries.length);
  }

  search(query: string, options: { provider?: string; tag?: string; limit: number }): SearchHit[] {
    // Each query word is one concept; its synonyms count for it at a lower weight.
    const concepts = words(query).map((word) => {
      const group = SYNONYM_OF.get(word) ?? SYNONYM_OF.get(`${word}s`);
      const alternatives = new Set((group ?? []).map(stem));
      alternatives.delete(word);
      return { word, alternatives: [...alternatives] };
    });
    if (concepts.length === 0) return [];
    const total = this.entries.length;
    const idf = (term: string) => {
      const df = this.documentFrequency.get(term) ?? 0;
      return Math.log(1 + (total - df + 0.5) / (df + 0.5));
    };
    const tag = options.tag?.toLowerCase();
    const hits: SearchHit[] = [];
    const candidates = new Set<Indexed>();
    for (const concept of concepts) {
      for (const term of [concept.word, ...concept.alternatives]) {
        for (const entry of this.postings.get(term) ?? []) candidates.add(entry);
      }
    }
    const first = concepts[0]!;
    for (const entry of candidates) {
      if (options.provider && entry.provider !== options.provider) continue;
      if (tag && !entry.op.tag.toLowerCase().includes(tag)) continue;
      let score = 0;
      let matched = 0;
      let weight = 0;
      for (const concept of concepts) {
        let best = 0;
        for (const [term, weight] of [
          [concept.word, 1] as const,
          ...concept.alternatives.map((alt) => [alt, 0.6] as const),
        ]) {
          const tf = entry.terms.get(term);
          if (!tf) continue;
          const norm = (tf * 2.2) / (tf + 1.2 * (0.25 + 0.75 * (entry.length / this.averageLength)));
          best = Math.max(best, weight * idf(term) * norm);
        }
        const conceptWeight = idf(concept.word) || 1;
        weight += conceptWeight;
        if (best > 0) matched += conceptWeight;
        score += best;
      }
      if (score === 0) continue;
      // Operations that cover the question's concepts come first; rare words count more.
      score *= 1 + matched / weight;
      // The question's action is the operation's own ("deploy …" → "Deploy").
      if (entry.verb && (entry.verb === first.word || first.alternatives.includes(entry.verb))) score *= 1.3;
      if (entry.op.risk === 'read' && /^(list|show|get|index)/.test(first.word)) score *= 1.2;
      hits.push({ provider: entry.provider, op: entry.op, score, catalog: entry.catalog });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, options.limit);
  }
}

/** One line per operation: what a model needs to call it. */
export function describeOperation(hit: SearchHit): string {
  const { op, catalog } = hit;
  const params = op.params
    .filter((param) => param.in !== 'header' || param.required)
    .map((param) => describeParam(param, catalog))
    .join(', ');
  const body = op.body ? describeBody(op.body.schema, catalog) : '';
  return [
    `${hit.provider} ${op.id} [${op.risk}] ${op.method} ${op.path} — ${op.summary}`,
    params ? ` params: ${params}` : '',
    body ? ` body: ${body}` : '',
  ].join(';');
}

function describeParam(param: CatalogParam, catalog: CatalogData): string {
  const schema = resolve(param.schema ?? {}, catalog);
  const choices = schema.enum ? `=${schema.enum.slice(0, 8).join('|')}` : '';
  return `${param.in === 'query' ? '?' : ''}${param.name}${param.required ? '*' : ''}${choices}`;
}

function describeBody(schema: LeanSchema, catalog: CatalogData): string {
  const resolved = resolve(schema, catalog);
  const options = resolved.oneOf ?? resolved.anyOf;
  if (options && !resolved.properties) {
    return options.map((option) => `(${describeBody(option, catalog)})`).join(' | ');
  }
  const required = new Set(resolved.required ?? []);
  const fields = Object.entries(resolved.properties ?? {}).map(([name, value]) => {
    const field = resolve(value, catalog);
    const choices = field.enum ? `=${field.enum.slice(0, 6).join('|')}` : '';
    return `${name}${required.has(name) ? '*' : ''}${choices}`;
  });
  const shown = fields.slice(0, 24);
  return shown.join(', ') + (fields.length > shown.length ? `, …(+${fields.length - shown.length})` : '');
}

function resolve(schema: LeanSchema, catalog: CatalogData): LeanSchema {
  let current = schema;
  for (let depth = 0; current.$ref && depth < 8; depth++) current = catalog.schemas[current.$ref] ?? {};
  if (current.allOf && !current.properties) {
    const parts = current.allOf.map((part) => resolve(part, catalog));
    return {
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
      required: parts.flatMap((part) => part.required ?? []),
    };
  }
  return current;
}
