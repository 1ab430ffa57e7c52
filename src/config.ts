import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { z } from 'zod';
import type { LogLevel } from './core/logger.js';
import { definitionOf, PROVIDER_DEFINITIONS } from './providers/registry.js';
import type { AccountConfig, ProviderDefinition, SettingSpec } from './providers/types.js';
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
  /** Destructive requests may be sent, each after a person confirms it. */
  allowDestructive: boolean;
  /** Audit log file; undefined = off. */
  auditLog?: string;
  /** Toolsets to expose; undefined = the defaults. */
  toolsets?: string[];
  logLevel: LogLevel;
  /** Directory for one-time secrets (0600 files); undefined = per-user temp dir. */
  secretsDir?: string;
  /** Requests per minute per account, overriding each provider's budget (0 disables); undefined = defaults. */
  rateLimitPerMinute?: number;
  /** Streamable HTTP mode; undefined = stdio. */
  http?: HttpOptions;
  /** Replicas sharing request budgets through Redis; undefined = every budget is this process's own. */
  redis?: RedisOptions;
  /** Key for confirmation tokens shared by replicas (HOSTING_MCP_CONFIRM_KEY); undefined = none given. */
  confirmKey?: string;
  /** Per account ("provider/name"): setting key → the env var its value came from, for messages. */
  origins: Record<string, Record<string, string>>;
  /** `serve` (stdio or HTTP) or `doctor` (check every account and exit). */
  command: 'serve' | 'doctor';
  help: boolean;
  version: boolean;
}

export interface RedisOptions {
  url: string;
  /** How many replicas share each budget: the fallback budget per replica is 1/N of the limit. */
  replicas: number;
}

/** Values that came from a .env file rather than the process environment, named in errors. */
export interface EnvFile {
  path: string;
  keys: readonly string[];
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
  /** What a string flag's value is, for usage lines (`--config FILE`). */
  value?: string;
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
    value: 'FILE',
    description: 'JSON file naming several accounts per provider.',
  },
  toolsets: {
    env: 'HOSTING_MCP_TOOLSETS',
    kind: 'string',
    value: 'LIST',
    description: 'Comma-separated toolsets to expose (default: core).',
  },
  'log-level': {
    env: 'HOSTING_MCP_LOG_LEVEL',
    kind: 'string',
    value: 'LEVEL',
    description: 'debug, info, warn, error or silent (default: info). Logs go to stderr.',
  },
  'secrets-dir': {
    env: 'HOSTING_MCP_SECRETS_DIR',
    kind: 'string',
    value: 'DIR',
    description: 'Where one-time secrets (e.g. installer keys) are written as 0600 files.',
  },
  'rate-limit': {
    env: 'HOSTING_MCP_RATE_LIMIT',
    kind: 'string',
    value: 'N',
    description: "Requests per minute per account, replacing each provider's default budget (0: no limit).",
  },
  'allow-destructive': {
    env: 'HOSTING_MCP_ALLOW_DESTRUCTIVE',
    kind: 'boolean',
    description:
      'Let destructive requests (deletes, stops, reboots, restores) through, each confirmed by a person.',
  },
  'audit-log': {
    env: 'HOSTING_MCP_AUDIT_LOG',
    kind: 'string',
    description:
      'File that records every write, dry run, refusal and confirmation (default: a per-user state directory; off disables).',
  },
  'allow-insecure-http': {
    env: 'HOSTING_MCP_ALLOW_INSECURE_HTTP',
    kind: 'boolean',
    description:
      'Accept plain http:// provider URLs to hosts other than this machine (credentials cross the network unencrypted).',
  },
  http: {
    env: 'HOSTING_MCP_HTTP',
    kind: 'boolean',
    description: 'Serve Streamable HTTP at /mcp instead of stdio.',
  },
  host: {
    env: 'HOSTING_MCP_HTTP_HOST',
    kind: 'string',
    value: 'ADDRESS',
    description: 'HTTP bind address (default 127.0.0.1).',
  },
  port: {
    env: 'HOSTING_MCP_HTTP_PORT',
    kind: 'string',
    value: 'PORT',
    description: 'HTTP port (default 3333; 0 picks a free port).',
  },
  'allowed-hosts': {
    env: 'HOSTING_MCP_ALLOWED_HOSTS',
    kind: 'string',
    value: 'LIST',
    description: 'Comma-separated Host header values accepted in HTTP mode.',
  },
  'allowed-origins': {
    env: 'HOSTING_MCP_ALLOWED_ORIGINS',
    kind: 'string',
    value: 'LIST',
    description: 'Comma-separated browser origins accepted in HTTP mode.',
  },
  help: { env: '', kind: 'boolean', description: 'Print usage and exit.' },
  version: { env: '', kind: 'boolean', description: 'Print the version and exit.' },
};

/** Env var holding the HTTP bearer token (no flag twin: tokens do not belong in argv). */
export const HTTP_TOKEN_ENV = 'HOSTING_MCP_HTTP_TOKEN';
export const REDIS_URL_ENV = 'HOSTING_MCP_REDIS_URL';
export const REPLICAS_ENV = 'HOSTING_MCP_REPLICAS';
export const CONFIRM_KEY_ENV = 'HOSTING_MCP_CONFIRM_KEY';

/** The server's env vars without a flag twin: secrets (argv is visible to other users) and deployment facts. */
export const ENV_ONLY: Record<string, string> = {
  [HTTP_TOKEN_ENV]: 'Bearer token HTTP clients must send (at least 16 characters).',
  [REDIS_URL_ENV]:
    "redis:// or rediss:// URL: HTTP replicas draw each account's request budget from one shared budget there.",
  [REPLICAS_ENV]:
    'How many replicas share the budgets (default 1); while Redis is unreachable each uses 1/N of every limit.',
  [CONFIRM_KEY_ENV]:
    'Key (at least 32 characters) that signs confirmation tokens, the same on every replica; else one is kept in Redis, or made per process.',
};

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function loadConfig(argv: readonly string[], env: Env, envFile?: EnvFile): ConfigResult {
  const errors: string[] = [];
  const { command, flags } = parseArgv(argv, errors);
  const fromFile = new Set(envFile?.keys ?? []);
  /** An env var's name, with the .env file that set it when it came from one. */
  const named = (name: string) => (fromFile.has(name) ? `${name} (set in ${envFile!.path})` : name);
  const flag = (name: string): string | undefined => {
    if (flags[name] !== undefined) return flags[name];
    const envName = FLAGS[name]?.env;
    return envName ? env[envName] : undefined;
  };
  /** How a flag is named in errors: both names, and the .env file when its value came from there. */
  const label = (name: string) => {
    const envName = FLAGS[name]!.env;
    const fromEnv = flags[name] === undefined && fromFile.has(envName);
    return `--${name} / ${fromEnv ? named(envName) : envName}`;
  };
  const bool = (name: string) => parseBoolean(flag(name), label(name), errors);

  const logLevel = (flag('log-level') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel as (typeof LOG_LEVELS)[number])) {
    errors.push(`${label('log-level')} must be one of ${LOG_LEVELS.join(', ')}.`);
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
    allowDestructive: bool('allow-destructive'),
    auditLog: auditLogPath(flag('audit-log'), env),
    toolsets: toolsets?.length ? toolsets : undefined,
    logLevel,
    secretsDir: flag('secrets-dir'),
    rateLimitPerMinute: rateLimit(flag('rate-limit'), label('rate-limit'), errors),
    http: bool('http') ? httpOptions(flag, label, env, errors) : undefined,
    redis: redisOptions(env, named, errors),
    confirmKey: confirmKey(env, named, errors),
    origins: {},
    command,
    help: bool('help'),
    version: bool('version'),
  };
  if (config.help || config.version || sandbox) return { config, errors };

  const urls: UrlPolicy = { allowInsecureHttp: bool('allow-insecure-http') };
  const reading: AccountReading = { env, named, urls, origins: config.origins, errors };
  const fromEnv = accountsFromEnv(reading);
  const path = flag('config');
  const fileAccounts = path ? accountsFromFile(path, reading) : [];
  for (const account of fileAccounts) {
    if (fromEnv.some((a) => a.provider === account.provider && a.name === account.name)) {
      errors.push(
        `${path}: account "${account.name}" of ${account.provider} is also configured from env; rename one.`,
      );
    }
  }
  config.accounts = [...fromEnv, ...fileAccounts];
  if (config.accounts.length === 0 && errors.length === 0) {
    errors.push(
      `No provider is configured: set ${PROVIDER_DEFINITIONS.map((d) => envName(d, enablingSetting(d).env)).join(', ')} (any one), pass --config FILE, or run with --sandbox.`,
    );
  }
  return { config, errors };
}

/** The two short forms every CLI user tries first. */
const SHORT_FLAGS: Record<string, string> = { '-h': '--help', '-v': '--version' };

/** Subcommands, accepted as the first argument only. */
const COMMANDS = ['doctor'] as const;

function parseArgv(
  argv: readonly string[],
  errors: string[],
): { command: AppConfig['command']; flags: Record<string, string> } {
  const out: Record<string, string> = {};
  const command = COMMANDS.find((name) => name === argv[0]) ?? 'serve';
  for (let i = command === 'serve' ? 0 : 1; i < argv.length; i++) {
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
  return { command, flags: out };
}

/** Only true/false/1/0 (any case): a typo such as "ture" or "yes" must not quietly mean false. */
function parseBoolean(value: string | undefined, label: string, errors: string[]): boolean {
  const word = value?.trim().toLowerCase();
  // An empty env var (FOO= in a compose file) means "not set", as for the other switches.
  if (word === undefined || word === '') return false;
  if (word === 'true' || word === '1') return true;
  if (word === 'false' || word === '0') return false;
  errors.push(`${label} must be true, false, 1 or 0, not "${value}".`);
  return false;
}

/** Largest accepted --rate-limit: far above any provider's budget, small enough to stay exact. */
const MAX_RATE_LIMIT = 1_000_000;

/**
 * --rate-limit N: a whole number of requests per minute per account. Plans differ (Forge tiers,
 * self-hosted Coolify or PanelAlpha with their own budgets), so each provider's documented default
 * can be replaced; 0 turns the limiter off (a provider's own 429 is still handled as usual).
 */
function rateLimit(value: string | undefined, label: string, errors: string[]): number | undefined {
  const trimmed = value?.trim();
  // An empty env var (HOSTING_MCP_RATE_LIMIT= in a compose file) means "not set", as for the token.
  if (trimmed === undefined || trimmed === '') return undefined;
  const n = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || n > MAX_RATE_LIMIT) {
    errors.push(
      `${label} must be a whole number of requests per minute per account (0-${MAX_RATE_LIMIT}; 0 turns the limiter off), not "${value}".`,
    );
    return undefined;
  }
  return n;
}

function httpOptions(
  flag: (name: string) => string | undefined,
  label: (name: string) => string,
  env: Env,
  errors: string[],
): HttpOptions {
  const port = Number(flag('port') ?? '3333');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    errors.push(`${label('port')} must be a port number (0-65535).`);
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

const MAX_REPLICAS = 1000;

function redisOptions(env: Env, named: (name: string) => string, errors: string[]): RedisOptions | undefined {
  const url = env[REDIS_URL_ENV]?.trim();
  const replicasText = env[REPLICAS_ENV]?.trim() || '1';
  const replicas = Number(replicasText);
  if (!/^\d+$/.test(replicasText) || replicas < 1 || replicas > MAX_REPLICAS) {
    errors.push(
      `${named(REPLICAS_ENV)} must be a whole number of replicas (1-${MAX_REPLICAS}), not "${replicasText}".`,
    );
  }
  if (!url) return undefined;
  let ok = false;
  try {
    ok = /^rediss?:$/.test(new URL(url).protocol);
  } catch {
    ok = false;
  }
  // The URL may carry a password: the message names the variable, never the value.
  if (!ok) errors.push(`${named(REDIS_URL_ENV)} must be a redis:// or rediss:// URL.`);
  return { url, replicas };
}

/** Shorter than this, an HMAC key could be guessed; 32 characters of a random base64 string are 192 bits. */
const MIN_CONFIRM_KEY_CHARS = 32;

function confirmKey(env: Env, named: (name: string) => string, errors: string[]): string | undefined {
  const value = env[CONFIRM_KEY_ENV];
  if (value === undefined || value === '') return undefined;
  if (value.trim().length < MIN_CONFIRM_KEY_CHARS) {
    errors.push(
      `${named(CONFIRM_KEY_ENV)} must be at least ${MIN_CONFIRM_KEY_CHARS} characters (e.g. openssl rand -base64 32).`,
    );
    return undefined;
  }
  return value.trim();
}

export function envName(definition: ProviderDefinition, suffix: string): string {
  return `${definition.id.toUpperCase()}_${suffix}`;
}

function enablingSetting(definition: ProviderDefinition) {
  return definition.settings.find((s) => s.enables) ?? definition.settings[0]!;
}

/**
 * An account named "default" for each provider whose enabling env var is set. An empty variable
 * counts as not set, as everywhere here: MCP bundle hosts and compose files pass every variable
 * they know, set or not. A secret that is only whitespace, or a `${...}` placeholder nobody
 * replaced, is refused: it would reach the provider as a credential and come back as a 401.
 */
function accountsFromEnv({ env, named, urls, origins: originsOut, errors }: AccountReading): AccountConfig[] {
  const accounts: AccountConfig[] = [];
  for (const definition of PROVIDER_DEFINITIONS) {
    const variable = (setting: SettingSpec) => envName(definition, setting.env);
    const blankSecrets = definition.settings.filter((s) => s.secret && blankSecret(env[variable(s)]));
    for (const setting of blankSecrets) {
      errors.push(
        `${named(variable(setting))} ${blankSecret(env[variable(setting)])}; ${definition.title} needs the credential itself.`,
      );
    }
    if (blankSecrets.length) continue;
    const present = definition.settings.filter((s) => env[variable(s)]);
    if (present.length === 0) continue;
    const enabling = enablingSetting(definition);
    if (!env[variable(enabling)]) {
      errors.push(
        `${present.map((s) => named(variable(s))).join(', ')} set but ${variable(enabling)} is not: ${definition.title} needs it.`,
      );
      continue;
    }
    const settings: Record<string, string> = {};
    const origins: Record<string, string> = {};
    for (const setting of definition.settings) {
      const value = env[variable(setting)] || setting.default;
      if (value !== undefined && value !== '') {
        settings[setting.key] = value;
        if (env[variable(setting)]) origins[setting.key] = variable(setting);
      } else if (setting.required) errors.push(`${variable(setting)} is required for ${definition.title}.`);
    }
    checkUrls(definition, settings, (key) => named(variable(settingOf(definition, key))), urls, errors);
    accounts.push({ provider: definition.id, name: 'default', settings });
    originsOut[`${definition.id}/default`] = origins;
  }
  return accounts;
}

/** Why a secret's value cannot be a credential, or undefined when it may be one (or is unset). */
function blankSecret(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.trim() === '') return 'is only whitespace';
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text a user would see in their config.
  if (/^\$\{[^}]*\}$/.test(value.trim())) return 'holds a ${...} placeholder that was never replaced';
  return undefined;
}

function settingOf(definition: ProviderDefinition, key: string): SettingSpec {
  return definition.settings.find((s) => s.key === key)!;
}

const fileSchema = z.object({
  accounts: z.array(z.record(z.string(), z.unknown())),
});

function accountsFromFile(
  path: string,
  { env, named, urls, origins: originsOut, errors }: AccountReading,
): AccountConfig[] {
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
    const origins: Record<string, string> = {};
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
        const blank = setting.secret ? blankSecret(value) : undefined;
        if (blank) {
          errors.push(`${where}.${setting.key}_env names ${named(reference)}, which ${blank}.`);
          continue;
        }
        origins[setting.key] = reference;
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
    checkUrls(
      definition,
      settings,
      (key) => (origins[key] ? `${where}.${key}_env (${named(origins[key])})` : `${where}.${key}`),
      urls,
      errors,
    );
    accounts.push({ provider: definition.id, name, settings });
    originsOut[`${definition.id}/${name}`] = origins;
  });
  return accounts;
}

interface UrlPolicy {
  allowInsecureHttp: boolean;
}

/** What reading accounts (from env or from a file) needs, and where it reports. */
interface AccountReading {
  env: Env;
  /** An env var's name as errors write it (with the .env file that set it). */
  named: (name: string) => string;
  urls: UrlPolicy;
  /** Filled in: each account's setting → the env var it came from. */
  origins: AppConfig['origins'];
  errors: string[];
}

/** API addresses that no longer answer, refused with what to use instead. */
const RETIRED_APIS: ReadonlyArray<{ provider: string; key: string; path: RegExp; hint: string }> = [
  {
    provider: 'forge',
    key: 'base_url',
    path: /\/api\/v1\/?$/,
    hint: 'Forge switched API v1 off on 2026-08-31; this server speaks API v2: use https://forge.laravel.com/api (or leave FORGE_BASE_URL unset).',
  },
];

function checkUrls(
  definition: ProviderDefinition,
  settings: Record<string, string>,
  label: (key: string) => string,
  policy: UrlPolicy,
  errors: string[],
): void {
  for (const setting of definition.settings) {
    const value = settings[setting.key];
    if (!value || !setting.key.endsWith('_url')) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol)) {
      errors.push(`${label(setting.key)} must be an http(s) URL.`);
      continue;
    }
    if (url.protocol === 'http:' && !policy.allowInsecureHttp && !isLoopback(url.hostname)) {
      errors.push(
        `${label(setting.key)} uses plain http:// to ${url.hostname}, so the ${definition.title} credentials would cross the network unencrypted: use https://, or pass --allow-insecure-http (HOSTING_MCP_ALLOW_INSECURE_HTTP=1) for a network you trust.`,
      );
    }
    const retired = RETIRED_APIS.find(
      (r) => r.provider === definition.id && r.key === setting.key && r.path.test(url.pathname),
    );
    if (retired)
      errors.push(`${label(setting.key)} points at a retired API (${url.pathname}). ${retired.hint}`);
  }
}

/** This machine: credentials sent here never cross a network. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * Where the audit log goes: the flag's path, nothing for `off`, else the per-user state directory
 * (XDG_STATE_HOME, ~/.local/state, or LOCALAPPDATA on Windows) — a place that survives restarts.
 */
function auditLogPath(value: string | undefined, env: Env): string | undefined {
  if (value?.trim().toLowerCase() === 'off') return undefined;
  if (value?.trim()) return resolvePath(value.trim());
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  const base =
    env.XDG_STATE_HOME ??
    (process.platform === 'win32' && env.LOCALAPPDATA ? env.LOCALAPPDATA : join(home, '.local', 'state'));
  return join(base, 'hosting-mcp', 'audit.log');
}
