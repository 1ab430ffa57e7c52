// `npm run gen`: writes everything that restates what the code declares, so it cannot drift:
// the flag, env, provider-variable and tool tables of README.md (between generated markers),
// server.json (the MCP Registry entry) and mcpb/manifest.json (the MCP bundle's manifest).
// `node scripts/gen.mjs --check` writes nothing and fails when a file differs from what it
// would write (CI runs it; so does a test).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSource } from './lib/load-source.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REGISTRY_SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const TITLE = 'Hosting MCP';
/** The registry allows 100 characters. */
const SUMMARY =
  'Operate Forge, ServerPilot, Coolify, PanelAlpha and Platform.sh hosting with one set of verbs.';
/** Switches offered to people who install without a terminal (registry clients, the bundle). */
const USER_SWITCHES = ['sandbox', 'read-only'];

/** What the code declares, read from src/ itself. */
export async function codeFacts() {
  return importSource(`
    export { FLAGS, ENV_ONLY } from './src/config.js';
    export { PROVIDER_DEFINITIONS } from './src/providers/registry.js';
    export { ALL_TOOLS } from './src/tools/index.js';
  `);
}

/** Every generated file: path relative to the repository → its content. */
export async function generate() {
  const facts = await codeFacts();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return {
    'server.json': json(serverJson(facts, pkg)),
    'mcpb/manifest.json': json(bundleManifest(facts, pkg)),
    'README.md': readme(readFileSync(join(ROOT, 'README.md'), 'utf8'), facts),
  };
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/** Each provider setting with its env var name. */
function providerVariables({ PROVIDER_DEFINITIONS }) {
  return PROVIDER_DEFINITIONS.flatMap((definition) =>
    definition.settings.map((setting) => ({
      definition,
      setting,
      name: `${definition.id.toUpperCase()}_${setting.env}`,
      userConfigKey: `${definition.id}_${setting.key}`,
    })),
  );
}

function serverJson(facts, pkg) {
  const switches = USER_SWITCHES.map((flag) => ({
    name: facts.FLAGS[flag].env,
    description: facts.FLAGS[flag].description,
    format: 'boolean',
    default: 'false',
  }));
  return {
    $schema: REGISTRY_SCHEMA,
    name: pkg.mcpName,
    title: TITLE,
    description: SUMMARY,
    version: pkg.version,
    packages: [
      {
        registryType: 'npm',
        identifier: pkg.name,
        version: pkg.version,
        runtimeHint: 'npx',
        transport: { type: 'stdio' },
        environmentVariables: [
          ...providerVariables(facts).map(({ name, setting, definition }) => ({
            name,
            description: `${definition.title}: ${setting.description}`,
            isRequired: false,
            isSecret: Boolean(setting.secret),
            ...(setting.default ? { default: setting.default } : {}),
          })),
          ...switches,
        ],
      },
    ],
  };
}

/**
 * The bundle's manifest. Every user_config field has a default, so a field left blank reaches
 * the server as an empty variable (read as "not set") rather than as the unreplaced placeholder
 * hosts otherwise pass.
 */
function bundleManifest(facts, pkg) {
  const variables = providerVariables(facts);
  const userConfig = {};
  const env = {};
  for (const { name, setting, definition, userConfigKey } of variables) {
    userConfig[userConfigKey] = {
      type: 'string',
      title: `${definition.title}: ${setting.key.replaceAll('_', ' ')}`,
      description: `${setting.description}${setting.default ? ` Default: ${setting.default}` : ''}`,
      required: false,
      default: '',
      ...(setting.secret ? { sensitive: true } : {}),
    };
    env[name] = `\${user_config.${userConfigKey}}`;
  }
  for (const flag of USER_SWITCHES) {
    const key = flag.replaceAll('-', '_');
    userConfig[key] = {
      type: 'boolean',
      title: flag === 'sandbox' ? 'Sandbox (built-in simulators, no account)' : 'Read-only',
      description: facts.FLAGS[flag].description,
      required: false,
      default: false,
    };
    env[facts.FLAGS[flag].env] = `\${user_config.${key}}`;
  }
  return {
    manifest_version: '0.3',
    name: pkg.name,
    display_name: TITLE,
    version: pkg.version,
    description: SUMMARY,
    long_description: pkg.description,
    author: { name: 'hosting-mcp contributors' },
    license: pkg.license,
    keywords: pkg.keywords,
    server: {
      type: 'node',
      entry_point: 'dist/cli.js',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the bundle host's placeholder for its install folder.
      mcp_config: { command: 'node', args: ['${__dirname}/dist/cli.js'], env },
    },
    tools: facts.ALL_TOOLS.map((tool) => ({ name: tool.name, description: firstSentence(tool.description) })),
    compatibility: {
      platforms: ['darwin', 'win32', 'linux'],
      runtimes: { node: pkg.engines.node },
    },
    user_config: userConfig,
  };
}

function firstSentence(text) {
  const flat = text.replace(/\s+/g, ' ').trim();
  // A full stop ends the sentence, except in "e.g." and "i.e.".
  const end = flat.search(/(?<!\b(?:e\.g|i\.e))\.(\s|$)/);
  return end < 0 ? flat : flat.slice(0, end + 1);
}

const cell = (text) => String(text).replaceAll('|', '\\|').replace(/\s+/g, ' ');
const table = (header, rows) =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');

function tables(facts) {
  const flags = table(
    ['flag', 'env', 'meaning'],
    Object.entries(facts.FLAGS).map(([name, spec]) => [
      `\`--${name}${spec.value ? ` ${spec.value}` : ''}\``,
      spec.env ? `\`${spec.env}\`` : '—',
      spec.description,
    ]),
  );
  const env = table(
    ['env', 'meaning'],
    Object.entries(facts.ENV_ONLY).map(([name, description]) => [`\`${name}\``, description]),
  );
  const providers = table(
    ['env', 'provider', 'meaning'],
    providerVariables(facts).map(({ name, setting, definition }) => [
      `\`${name}\``,
      definition.title,
      [
        setting.description,
        setting.required ? '**Required.**' : '',
        setting.secret ? 'Secret.' : '',
        setting.default ? `Default \`${setting.default}\`.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    ]),
  );
  const tools = table(
    ['tool', 'kind', 'what it does'],
    facts.ALL_TOOLS.map((tool) => [
      `\`${tool.name}\``,
      tool.annotations.readOnlyHint ? 'read' : tool.annotations.destructiveHint ? 'destructive' : 'write',
      firstSentence(tool.description),
    ]),
  );
  return { flags, env, providers, tools };
}

/** Replaces each `<!-- generated:NAME -->` … `<!-- end generated:NAME -->` block of the README. */
function readme(text, facts) {
  let out = text;
  for (const [name, body] of Object.entries(tables(facts))) {
    const start = `<!-- generated:${name} (npm run gen) -->`;
    const end = `<!-- end generated:${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block`);
    out = `${out.slice(0, from + start.length)}\n${body}\n${out.slice(to)}`;
  }
  return out;
}

/** Writes the files, or with `check` only reports (and sets a failing exit code) when one is stale. */
export async function genDist({ check }) {
  for (const [path, content] of Object.entries(await generate())) {
    const file = join(ROOT, path);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === content) continue;
    if (check) {
      console.error(`gen: ${path} is out of date; run npm run gen and commit the result.`);
      process.exitCode = 1;
    } else writeFileSync(file, content);
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await genDist({ check: process.argv.includes('--check') });
