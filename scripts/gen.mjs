// `npm run gen`: turns each provider's API document in specs/ (and the policy next to it) into the
// committed files the code is built from:
//   src/providers/<id>/catalog.gen.ts          the operation ids and the catalog (built on first use)
//   src/providers/<id>/catalog-data.gen.ts     every operation: id, method, path, params, body schema, risk…
//   src/providers/<id>/types.gen.ts            TypeScript types of the document (openapi-typescript)
//   src/providers/<id>/simulator/samples.gen.ts  a sample success body per operation (sandbox only)
// CI runs it and fails when a committed file would change.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sample } from 'openapi-sampler';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse as parseYaml } from 'yaml';
import { inferredShapes } from './gen/inferred.mjs';
import { leanSchema } from './gen/lean-schema.mjs';
import { loadPolicy, riskOf } from './gen/policy.mjs';
import { secretPaths } from './gen/secrets.mjs';
import { genDist } from './gen-dist.mjs';

export const PROVIDERS = [
  { id: 'forge', spec: 'specs/forge.openapi.json' },
  { id: 'serverpilot', spec: 'specs/serverpilot.openapi.yaml' },
  { id: 'coolify', spec: 'specs/coolify.openapi.yaml' },
  { id: 'panelalpha', spec: 'specs/panelalpha.openapi.yaml' },
  { id: 'platformsh', spec: 'specs/platformsh.openapi.json' },
];

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const check = process.argv.includes('--check');

export function loadDocument(file) {
  const text = readFileSync(file, 'utf8');
  return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 });
}

/** Follows a local `$ref` (components only). */
function deref(doc, node) {
  let current = node;
  const seen = new Set();
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    if (seen.has(current.$ref)) throw new Error(`circular $ref ${current.$ref}`);
    seen.add(current.$ref);
    const path = current.$ref.replace(/^#\//, '').split('/').map(unescapePointer);
    current = path.reduce((value, key) => value?.[key], doc);
    if (current === undefined) throw new Error(`unresolved $ref ${[...seen].at(-1)}`);
  }
  return current;
}

function unescapePointer(segment) {
  return decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
}

/** First sentence of a summary or description, on one line. */
function oneLine(text) {
  const line = String(text ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const sentence = /^(.{8,}?[.!?])(\s|$)/.exec(line)?.[1] ?? line;
  return sentence.length > 120 ? `${sentence.slice(0, 117)}…` : sentence;
}

function successStatus(responses) {
  const codes = Object.keys(responses ?? {})
    .filter((code) => /^2\d\d$/.test(code))
    .map(Number)
    .sort((a, b) => a - b);
  return codes[0] ?? 200;
}

function mediaOf(content) {
  if (!content) return undefined;
  const type =
    Object.keys(content).find((t) => /json/.test(t)) ??
    Object.keys(content).find((t) => t === 'application/x-www-form-urlencoded') ??
    Object.keys(content)[0];
  return type ? { type, media: content[type] } : undefined;
}

function buildCatalog(provider, doc, policy) {
  const operations = {};
  const used = new Set();
  const lean = (schema) => leanSchema(doc, schema, used);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = item.parameters ?? [];
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId)
        throw new Error(`${provider.id}: ${method.toUpperCase()} ${path} has no operationId`);
      if (operations[op.operationId])
        throw new Error(`${provider.id}: duplicate operationId ${op.operationId}`);
      const byKey = new Map();
      for (const raw of [...shared, ...(op.parameters ?? [])]) {
        const param = deref(doc, raw);
        if (!['path', 'query', 'header'].includes(param.in)) continue;
        byKey.set(`${param.in}:${param.name}`, param);
      }
      const params = [...byKey.values()].map((param) => ({
        name: param.name,
        in: param.in,
        ...(param.required || param.in === 'path' ? { required: true } : {}),
        ...(param.schema ? { schema: lean(param.schema) } : {}),
      }));
      const requestBody = op.requestBody ? deref(doc, op.requestBody) : undefined;
      const media = mediaOf(requestBody?.content);
      const success = successStatus(op.responses);
      const responseMedia = mediaOf(deref(doc, op.responses?.[success] ?? op.responses?.default)?.content);
      // One method and path can carry several documented operations told apart by the body
      // (`x-variants`): each becomes its own catalog entry with its own body schema.
      for (const variant of op['x-variants'] ?? [undefined]) {
        const id = variant?.operationId ?? op.operationId;
        if (operations[id]) throw new Error(`${provider.id}: duplicate operationId ${id}`);
        const bodySchema = variant?.schema ?? media?.media?.schema;
        const entry = {
          id,
          method: method.toUpperCase(),
          path,
          tag: op.tags?.[0] ?? 'General',
          summary: oneLine(variant?.summary || op.summary || op.description || op.operationId),
          params,
          ...(bodySchema
            ? {
                body: {
                  required: Boolean(requestBody.required),
                  contentType: media.type,
                  schema: lean(bodySchema),
                },
              }
            : {}),
          success,
          ...(responseMedia && !/json/.test(responseMedia.type) ? { response: 'text' } : {}),
          statuses: Object.keys(op.responses ?? {})
            .filter((code) => /^\d{3}$/.test(code))
            .map(Number),
          ...riskOf(policy, id, method),
        };
        const isAsync = op['x-processingMode'] === 'async' || Boolean(op['x-async']) || policy.async(id);
        if (isAsync) {
          const follow = policy.follow(id) ?? op['x-async']?.follow;
          entry.async = follow ? { follow } : {};
        }
        const secrets = responseMedia?.media?.schema
          ? secretPaths(doc, responseMedia.media.schema, policy.secretFields)
          : [];
        if (secrets.length) entry.secrets = secrets;
        operations[id] = entry;
      }
    }
  }
  policy.assertKnown(Object.keys(operations));
  const schemas = {};
  // Referenced component schemas, transitively (leanSchema records each name it meets).
  const done = new Set();
  while (done.size < used.size) {
    for (const name of [...used]) {
      if (done.has(name)) continue;
      done.add(name);
      schemas[name] = lean(doc.components.schemas[name]);
    }
  }
  return {
    provider: provider.id,
    source: {
      file: provider.spec,
      title: String(doc.info?.title ?? ''),
      version: String(doc.info?.version ?? ''),
    },
    operations,
    schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
    secretFields: policy.secretFields,
  };
}

/**
 * The catalog as two modules: `catalog.gen.ts` (the operation ids' type and the catalog, built on
 * first use) and `catalog-data.gen.ts` (the data). The build puts the data in a bundle of its own,
 * dist/catalogs.cjs, read the first time a provider's catalog is used.
 */
function catalogModules(provider, catalog) {
  const name = camel(provider.id);
  const ids = Object.keys(catalog.operations);
  const typeName = `${name[0].toUpperCase()}${name.slice(1)}OperationId`;
  const header = `// Generated by \`npm run gen\` from ${provider.spec} and specs/${provider.id}.policy.yaml. Do not edit.`;
  const index = [
    header,
    "import { type CatalogData, lazyCatalog } from '../kit/catalog.js';",
    "import { data } from './catalog-data.gen.js';",
    '',
    `export type ${typeName} =`,
    ...ids.map((id, i) => `  | ${JSON.stringify(id)}${i === ids.length - 1 ? ';' : ''}`),
    '',
    `export const ${name}Catalog: CatalogData<${typeName}> = lazyCatalog(data);`,
    '',
  ];
  const json = (value) => rawTemplateSafe(JSON.stringify(value));
  const entries = (record) => Object.entries(record).map(([key, value]) => `${json(key)}:${json(value)}`);
  const data = [
    header,
    "import type { CatalogData } from '../kit/catalog.js';",
    `import type { ${typeName} } from './catalog.gen.js';`,
    '',
    `export const data = (): CatalogData<${typeName}> => JSON.parse(DATA);`,
    '',
    '// JSON, one operation and one schema a line: JSON.parse reads it about three times faster than',
    '// V8 builds the same object from a literal, and a catalog is read whole on its first use.',
    `const DATA = String.raw\`{"provider":${json(catalog.provider)},"source":${json(catalog.source)},"operations":{`,
    entries(catalog.operations).join(',\n'),
    '},"schemas":{',
    entries(catalog.schemas).join(',\n'),
    `},"secretFields":${json(catalog.secretFields)}}\`;`,
    '',
  ];
  return { index: index.join('\n'), data: data.join('\n') };
}

/**
 * JSON text that a String.raw template keeps exactly: a backtick or `${` can only stand inside a
 * JSON string, where their \\u escapes mean the same characters.
 */
function rawTemplateSafe(text) {
  return text.replaceAll('`', '\\u0060').replaceAll('${', '$\\u007b');
}

/** A success body per operation: the document's own example, else a sample of its schema. */
function samplesOf(doc, catalog) {
  const out = {};
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      for (const id of (op['x-variants'] ?? [op]).map((variant) => variant.operationId)) {
        const entry = catalog.operations[id];
        const media = mediaOf(deref(doc, op.responses?.[entry.success] ?? op.responses?.default)?.content);
        if (!media) continue;
        const examples = media.media.examples ?? {};
        let value = media.media.example ?? (examples[id] ?? Object.values(examples)[0])?.value;
        if (value === undefined && media.media.schema) {
          try {
            value = sample(
              media.media.schema,
              { skipReadOnly: false, skipNonRequired: false, quiet: true },
              doc,
            );
          } catch {
            value = undefined;
          }
        }
        if (value !== undefined) out[id] = value;
      }
    }
  }
  return out;
}

/** The samples as a function, so a sandbox builds them when a simulator first answers, not at start. */
function samplesModule(provider, samples) {
  return [
    `// Generated by \`npm run gen\` from ${provider.spec}. Do not edit.`,
    '/** A success body per operation: the document’s own example, else a sample of its schema. */',
    `export const samples = (): Record<string, unknown> => (${JSON.stringify(samples)});`,
    '',
  ].join('\n');
}

function camel(id) {
  return id.replace(/-([a-z])/g, (_m, c) => c.toUpperCase());
}

async function typesModule(provider, doc) {
  const ast = await openapiTS(structuredClone(doc), { alphabetize: false, exportType: true });
  return `// Generated by \`npm run gen\` from ${provider.spec}. Do not edit.\n${astToString(ast)}`;
}

async function emit(file, text) {
  if (check) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current !== text) {
      console.error(`gen: ${file} is out of date; run npm run gen and commit the result.`);
      process.exitCode = 1;
    }
    return;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

async function main() {
  const inferred = [];
  for (const provider of PROVIDERS) {
    if (!existsSync(provider.spec)) {
      console.error(`gen: ${provider.spec} not found, skipped`);
      continue;
    }
    const doc = loadDocument(provider.spec);
    const policy = loadPolicy(`specs/${provider.id}.policy.yaml`);
    const catalog = buildCatalog(provider, doc, policy);
    const dir = `src/providers/${provider.id}`;
    const modules = catalogModules(provider, catalog);
    await emit(`${dir}/catalog.gen.ts`, modules.index);
    await emit(`${dir}/catalog-data.gen.ts`, modules.data);
    await emit(`${dir}/types.gen.ts`, await typesModule(provider, doc));
    await emit(`${dir}/simulator/samples.gen.ts`, samplesModule(provider, samplesOf(doc, catalog)));
    inferred.push(...inferredShapes(provider, doc));
    const count = Object.keys(catalog.operations).length;
    const risks = Object.values(catalog.operations).reduce((acc, op) => {
      acc[op.risk] = (acc[op.risk] ?? 0) + 1;
      return acc;
    }, {});
    console.error(`gen: ${provider.id}: ${count} operations ${JSON.stringify(risks)}`);
  }
  await emit('docs/inferred-shapes.md', inferredDoc(inferred));
}

function inferredDoc(rows) {
  const lines = [
    '# Inferred response shapes',
    '',
    'Generated by `npm run gen` from the `x-inferred: true` marks in `specs/`: response shapes (or parts)',
    'that the vendor reference does not give explicitly, so the authored document infers them.',
    '',
    '| provider | operation | where | inferred from |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) => `| ${r.provider} | \`${r.operation}\` | ${r.where} | ${r.why.replaceAll('|', '\\|')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

await main();
// README tables, server.json and the bundle manifest, from the code that the catalogs feed.
await genDist({ check });
