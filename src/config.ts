import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { LogLevel } from './core/logger.js';
import { definitionOf, PROVIDER_DEFINITIONS } from './providers/registry.js';
import type { AccountConfig, ProviderDefinition } from './providers/types.js';
import { ALL_TOOLS } from './tools/index.js';

const TOOLSETS = [...new Set(ALL_TOOLS.map((tool) => tool.toolset))];

/**
 * Turns argv + env (+ an optional JSON file) into one validated configuration. Pure: it reads the
 * config file but nothing else, and returns every problem as one line instead of throwing, so the
 * CLI can print them all and exit 1. No message ever contains a secret value.
 */

export interface HttpOptions {
  host: string;
  port: number;
  token?: string;
  allowedHosts: string[];
  allowedOrigins: string[];
}

export interface AppConfig {
  accounts: AccountConfig[];
  sandbox: boolean;
  readOnly: boolean;
  /** Toolsets to expose; undefined = the defaults. */
  toolsets?: string[];
  logLevel: LogLevel;
  /** Directory for one-time secrets (0600 files); undefined = per-user temp dir. */
  secretsDir?: string;
  /** Requests per minute per account, overriding each provider's budget (0 disables); undefined = defaults. */
  rateLimitPerMinute?: number;
  /** Streamable HTTP mode; undefined = stdio. */
  http?: HttpOptions;
  help: boolean;
  version: boolean;
}

export interface ConfigResult {
  config: AppConfig;
  errors: string[];
}

type Env = Record<string, string | undefined>;

interface FlagSpec {
  env: string;
  kind: 'boolean' | 'string';
  description: string;
}

/** Every CLI flag and its env twin. */
export const FLAGS: Record<string, FlagSpec> = {
  sandbox: {
    env: 'HOSTING_MCP_SANDBOX',
    kind: 'boolean',
    description: 'Point every provider at its built-in simulator (no account needed).',
  },
  'read-only': {
    env: 'HOSTING_MCP_READ_ONLY',
    kind: 'boolean',
    description: 'Remove every write tool from the tool list.',
  },
  config: {
    env: 'HOSTING_MCP_CONFIG',
    kind: 'string',
    description: 'JSON file naming several accounts per provider.',
  },
  toolsets: {
    env: 'HOSTING_MCP_TOOLSETS',
    kind: 'string',
    description: 'Comma-separated toolsets to expose (default: core).',
  },
  'log-level': {
    env: 'HOSTING_MCP_LOG_LEVEL',
    kind: 'string',
    description: 'debug, info, warn, error or silent (default: info). Logs go to stderr.',
  },
  'secrets-dir': {
    env: 'HOSTING_MCP_SECRETS_DIR',
    kind: 'string',
    description: 'Where one-time secrets (e.g. installer keys) are written as 0600 files.',
  },
  'rate-limit': {
    env: 'HOSTING_MCP_RATE_LIMIT',
    kind: 'string',
    description: "Requests per minute per account, replacing each provider's default budget (0: no limit).",
  },
  http: {
    env: 'HOSTING_MCP_HTTP',
    kind: 'boolean',
    description: 'Serve Streamable HTTP at /mcp instead of stdio.',
  },
  host: {
    env: 'HOSTING_MCP_HTTP_HOST',
    kind: 'string',
    description: 'HTTP bind address (default 127.0.0.1).',
  },
  port: {
    env: 'HOSTING_MCP_HTTP_PORT',
    kind: 'string',
    description: 'HTTP port (default 3333; 0 picks a free port).',
  },
  'allowed-hosts': {
    env: 'HOSTING_MCP_ALLOWED_HOSTS',
    kind: 'string',
    description: 'Comma-separated Host header values accepted in HTTP mode.',
  },
  'allowed-origins': {
    env: 'HOSTING_MCP_ALLOWED_ORIGINS',
    kind: 'string',
    description: 'Comma-separated browser origins accepted in HTTP mode.',
  },
  help: { env: '', kind: 'boolean', description: 'Print usage and exit.' },
  version: { env: '', kind: 'boolean', description: 'Print the version and exit.' },
};

/** Env var holding the HTTP bearer token (no flag twin: tokens do not belong in argv). */
export const HTTP_TOKEN_ENV = 'HOSTING_MCP_HTTP_TOKEN';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function loadConfig(argv: readonly string[], env: Env): ConfigResult {
  const errors: string[] = [];
  const flags = parseArgv(argv, errors);
  const flag = (name: string): string | undefined => {
    if (flags[name] !== undefined) return flags[name];
    const envName = FLAGS[name]?.env;
    return envName ? env[envName] : undefined;
  };
  const bool = (name: string) => isTrue(flag(name));

  const logLevel = (flag('log-level') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel as (typeof LOG_LEVELS)[number])) {
    errors.push(`--log-level / HOSTING_MCP_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);
  }
  const toolsets = flag('toolsets')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknownToolsets = toolsets?.filter((name) => !TOOLSETS.includes(name)) ?? [];
  if (unknownToolsets.length) {
    errors.push(`Unknown toolset ${unknownToolsets.join(', ')}; available: ${TOOLSETS.join(', ')}.`);
  }
  const sandbox = bool('sandbox');
  const config: AppConfig = {
    accounts: [],
    sandbox,
    readOnly: bool('read-only'),
    toolsets: toolsets?.length ? toolsets : undefined,
    logLevel,
    secretsDir: flag('secrets-dir'),
    rateLimitPerMinute: rateLimit(flag('rate-limit'), errors),
    http: bool('http') ? httpOptions(flag, env, errors) : undefined,
    help: bool('help'),
    version: bool('version'),
  };
  if (config.help || config.version || sandbox) return { config, errors };

  const fromEnv = accountsFromEnv(env, errors);
  const path = flag('config');
  const fromFile = path ? accountsFromFile(path, env, errors) : [];
  for (const account of fromFile) {
    if (fromEnv.some((a) => a.provider === account.provider && a.name === account.name)) {
      errors.push(
        `${path}: account "${account.name}" of ${account.provider} is also configured from env; rename one.`,
      );
    }
  }
  config.accounts = [...fromEnv, ...fromFile];
  if (config.accounts.length === 0 && errors.length === 0) {
    errors.push(
      `No provider is configured: set ${PROVIDER_DEFINITIONS.map((d) => envName(d, enablingSetting(d).env)).join(', ')} (any one), pass --config FILE, or run with --sandbox.`,
    );
  }
  return { config, errors };
}

/** The two short forms every CLI user tries first. */
const SHORT_FLAGS: Record<string, string> = { '-h': '--help', '-v': '--version' };

function parseArgv(argv: readonly string[], errors: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = SHORT_FLAGS[argv[i]!] ?? argv[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const spec = match ? FLAGS[match[1]!] : undefined;
    if (!match || !spec) {
      errors.push(`Unknown argument "${arg}"; run with --help for the list.`);
      continue;
    }
    const name = match[1]!;
    if (spec.kind === 'boolean') {
      out[name] = match[2] ?? 'true';
    } else if (match[2] !== undefined) {
      out[name] = match[2];
    } else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
      out[name] = argv[++i]!;
    } else {
      errors.push(`--${name} needs a value.`);
    }
  }
  return out;
}

/** Largest accepted --rate-limit: far above any provider's budget, small enough to stay exact. */
const MAX_RATE_LIMIT = 1_000_000;

/**
 * --rate-limit N: a whole number of requests per minute per account. Plans differ (Forge tiers,
 * self-hosted Coolify or PanelAlpha with their own budgets), so each provider's documented default
 * can be replaced; 0 turns the limiter off (a provider's own 429 is still handled as usual).
 */
function rateLimit(value: string | undefined, errors: string[]): number | undefined {
  const trimmed = value?.trim();
  // An empty env var (HOSTING_MCP_RATE_LIMIT= in a compose file) means "not set", as for the token.
  if (trimmed === undefined || trimmed === '') return undefined;
  const n = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || n > MAX_RATE_LIMIT) {
    errors.push(
      `--rate-limit / HOSTING_MCP_RATE_LIMIT must be a whole number of requests per minute per account (0-${MAX_RATE_LIMIT}; 0 turns the limiter off), not "${value}".`,
    );
    return undefined;
  }
  return n;
}

function httpOptions(flag: (name: string) => string | undefined, env: Env, errors: string[]): HttpOptions {
  const port = Number(flag('port') ?? '3333');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    errors.push('--port / HOSTING_MCP_HTTP_PORT must be a port number (0-65535).');
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    host: flag('host') ?? '127.0.0.1',
    port,
    token: env[HTTP_TOKEN_ENV] || undefined,
    allowedHosts: list(flag('allowed-hosts')),
    allowedOrigins: list(flag('allowed-origins')),
  };
}

export function envName(definition: ProviderDefinition, suffix: string): string {
  return `${definition.id.toUpperCase()}_${suffix}`;
}

function enablingSetting(definition: ProviderDefinition) {
  return definition.settings.find((s) => s.enables) ?? definition.settings[0]!;
}

/** An account named "default" for each provider whose enabling env var is set. */
function accountsFromEnv(env: Env, errors: string[]): AccountConfig[] {
  const accounts: AccountConfig[] = [];
  for (const definition of PROVIDER_DEFINITIONS) {
    const present = definition.settings.filter((s) => env[envName(definition, s.env)]);
    if (present.length === 0) continue;
    const enabling = enablingSetting(definition);
    if (!env[envName(definition, enabling.env)]) {
      errors.push(
        `${present.map((s) => envName(definition, s.env)).join(', ')} set but ${envName(definition, enabling.env)} is not: ${definition.title} needs it.`,
      );
      continue;
    }
    const settings: Record<string, string> = {};
    for (const setting of definition.settings) {
      const value = env[envName(definition, setting.env)] ?? setting.default;
      if (value !== undefined && value !== '') settings[setting.key] = value;
      else if (setting.required)
        errors.push(`${envName(definition, setting.env)} is required for ${definition.title}.`);
    }
    checkUrls(
      definition,
      settings,
      (key) => envName(definition, definition.settings.find((s) => s.key === key)!.env),
      errors,
    );
    accounts.push({ provider: definition.id, name: 'default', settings });
  }
  return accounts;
}

const fileSchema = z.object({
  accounts: z.array(z.record(z.string(), z.unknown())),
});

function accountsFromFile(path: string, env: Env, errors: string[]): AccountConfig[] {
  let parsed: z.infer<typeof fileSchema>;
  try {
    const result = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!result.success) {
      errors.push(`${path}: expected {"accounts": [ {...}, ... ]}.`);
      return [];
    }
    parsed = result.data;
  } catch (error) {
    const code = (error as { code?: string }).code;
    errors.push(code === 'ENOENT' ? `${path}: file not found.` : `${path}: not valid JSON.`);
    return [];
  }
  const accounts: AccountConfig[] = [];
  parsed.accounts.forEach((entry, index) => {
    const where = `${path}: accounts[${index}]`;
    const definition = typeof entry.provider === 'string' ? definitionOf(entry.provider) : undefined;
    if (!definition) {
      errors.push(`${where}.provider must be one of ${PROVIDER_DEFINITIONS.map((d) => d.id).join(', ')}.`);
      return;
    }
    const name = entry.name ?? 'default';
    if (typeof name !== 'string' || !ACCOUNT_NAME.test(name)) {
      errors.push(`${where}.name must be lowercase letters, digits, "-" or "_" (at most 32).`);
      return;
    }
    if (accounts.some((a) => a.provider === definition.id && a.name === name)) {
      errors.push(`${where}: a second ${definition.id} account is named "${name}".`);
      return;
    }
    const settings: Record<string, string> = {};
    const known = new Set(['provider', 'name']);
    for (const setting of definition.settings) {
      known.add(setting.key);
      known.add(`${setting.key}_env`);
      const inline = entry[setting.key];
      const reference = entry[`${setting.key}_env`];
      if (setting.secret && inline !== undefined) {
        errors.push(
          `${where}.${setting.key}: secrets cannot be written in the file; use "${setting.key}_env" with the name of an env var.`,
        );
        continue;
      }
      let value: string | undefined;
      if (reference !== undefined) {
        if (typeof reference !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(reference)) {
          errors.push(`${where}.${setting.key}_env must be an env var name.`);
          continue;
        }
        value = env[reference];
        if (!value) {
          errors.push(`${where}.${setting.key}_env names ${reference}, which is not set.`);
          continue;
        }
      } else if (inline !== undefined) {
        if (typeof inline !== 'string') {
          errors.push(`${where}.${setting.key} must be a string.`);
          continue;
        }
        value = inline;
      }
      value ??= setting.default;
      if (value) settings[setting.key] = value;
      else if (setting.required)
        errors.push(`${where}: ${setting.key}_env is required for ${definition.title}.`);
    }
    for (const key of Object.keys(entry)) {
      if (!known.has(key)) errors.push(`${where}.${key} is not a ${definition.id} setting.`);
    }
    checkUrls(definition, settings, (key) => `${where}.${key}`, errors);
    accounts.push({ provider: definition.id, name, settings });
  });
  return accounts;
}

function checkUrls(
  definition: ProviderDefinition,
  settings: Record<string, string>,
  label: (key: string) => string,
  errors: string[],
): void {
  for (const setting of definition.settings) {
    const value = settings[setting.key];
    if (!value || !setting.key.endsWith('_url')) continue;
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(value).protocol);
    } catch {
      ok = false;
    }
    if (!ok) errors.push(`${label(setting.key)} must be an http(s) URL.`);
  }
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}
