import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StdioServerTransport, serveStdio } from '@modelcontextprotocol/server/stdio';
import {
  type AppConfig,
  type EnvFile,
  envName,
  FLAGS,
  HTTP_TOKEN_ENV,
  loadConfig,
  type RedisOptions,
} from './config.js';
import { buildContext } from './context.js';
import { createLogger, type LogLevel } from './core/logger.js';
import { Redactor } from './core/redact.js';
import { connectSharedBudgets } from './core/shared-budget.js';
import { sharedKey } from './core/shared-key.js';
import { PROVIDER_DEFINITIONS } from './providers/registry.js';
import type { AccountConfig } from './providers/types.js';
import { startSandbox } from './sandbox/sandbox.js';
import { createServer } from './server.js';
import { redisSpentTokens } from './tools/confirmations.js';
import { GuardedLines } from './transport/stdio-lines.js';
import { VERSION } from './version.js';

/**
 * The only place that reads argv and env. Loads .env quietly (dotenv 17 prints a banner
 * otherwise, which would corrupt the stdio protocol), validates configuration, and starts the
 * chosen transport. Stdout is reserved for protocol messages; everything else goes to stderr.
 */
async function main(): Promise<void> {
  const { config, errors } = loadConfig(process.argv.slice(2), process.env, await loadDotenv());
  if (config.help) {
    process.stdout.write(usage());
    return;
  }
  if (config.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (errors.length) {
    for (const error of errors) process.stderr.write(`hosting-mcp: ${error}\n`);
    process.exitCode = 1;
    return;
  }
  if (config.command === 'doctor') await doctor(config);
  else await run(config);
}

/** `hosting-mcp doctor`: checks every account, prints a table on stdout, exits 1 when one fails. */
async function doctor(config: AppConfig): Promise<void> {
  const { runDoctor, doctorTable, checkReplicas } = await import('./doctor.js');
  const sandbox = config.sandbox ? await startSandbox() : undefined;
  const accounts = sandbox ? sandbox.accounts : config.accounts;
  const context = await buildContext({
    accounts,
    logLevel: config.logLevel === 'info' ? 'error' : config.logLevel,
    secretsDir: config.secretsDir,
    rateLimitPerMinute: config.rateLimitPerMinute ?? (sandbox ? 0 : undefined),
  });
  try {
    const rows = await runDoctor({
      accounts,
      providers: context.registry.providers,
      redactor: context.redactor,
      origins: config.origins,
      rateLimitPerMinute: config.rateLimitPerMinute ?? (sandbox ? 0 : undefined),
    });
    if (config.redis) rows.push(await checkReplicas(config.redis, silentLogger()));
    process.stdout.write(doctorTable(rows));
    process.exitCode = rows.some((row) => row.status === 'fail') ? 1 : 0;
  } finally {
    await context.registry.close();
    await sandbox?.close();
  }
}

/** Largest stdio message (one line) accepted, as for an HTTP body; larger ones get an error. */
const MAX_STDIO_MESSAGE_BYTES = 1024 * 1024;

async function run(config: AppConfig): Promise<void> {
  const sandbox = config.sandbox ? await startSandbox() : undefined;
  const accounts: AccountConfig[] = sandbox ? sandbox.accounts : config.accounts;
  const shared = config.redis ? await connectReplicas(config.redis, config.logLevel) : undefined;
  const confirmKey = await sharedKey({ configured: config.confirmKey, store: shared?.redis });
  const context = await buildContext({
    accounts,
    readOnly: config.readOnly,
    allowDestructive: config.allowDestructive,
    auditLog: config.auditLog,
    confirmKey: confirmKey.key,
    spentTokens: shared ? redisSpentTokens(shared.redis) : undefined,
    toolsets: config.toolsets,
    logLevel: config.logLevel,
    secretsDir: config.secretsDir,
    pollScale: sandbox?.pollScale,
    // An explicit --rate-limit wins everywhere (also to try the limiter against the sandbox).
    // Otherwise simulators have no request budget: the limiter would only slow the sandbox down.
    rateLimitPerMinute: config.rateLimitPerMinute ?? (sandbox ? 0 : undefined),
    budget: shared?.budget,
  });
  const shutdown = async () => {
    await context.registry.close();
    await shared?.close();
    await sandbox?.close();
  };

  if (config.http) {
    const { startHttpServer } = await import('./http/http-server.js');
    const { tuneHeapGrowth, HEAP_GROWING_PERCENT } = await import('./http/heap-growth.js');
    // A long-running server: keep old space near its live size (see heap-growth.ts).
    if (tuneHeapGrowth()) context.logger.debug('old-space growth tuned', { percent: HEAP_GROWING_PERCENT });
    let http: { close(): Promise<void> } | undefined;
    const stop = async () => {
      await http?.close();
      await shutdown();
      process.exit(0);
    };
    // Before listening: a signal that arrives right after the URL is printed must still drain.
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    http = await startHttpServer(context, config.http, context.logger);
    return;
  }

  let connection: { close(): Promise<void> } | undefined;
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await connection?.close().catch(() => undefined);
    await shutdown();
    process.exit(0);
  };
  // A client that goes away closes our stdout (EPIPE on the next write, often a progress
  // notification mid-wait) or our stdin: either way there is no one left to answer, so the server
  // ends as it would on a signal, exit 0, instead of dying on an unhandled stream error.
  process.stdout.on('error', () => void stop());
  process.stderr.on('error', () => undefined);
  process.stdin.on('error', () => void stop());
  process.stdin.once('end', () => void stop());
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const input = process.stdin.pipe(
    new GuardedLines({
      maxLineBytes: MAX_STDIO_MESSAGE_BYTES,
      reply: (message) => {
        if (!process.stdout.destroyed) process.stdout.write(`${JSON.stringify(message)}\n`);
      },
    }),
  );
  // serveStdio answers both protocol eras: the first message pins the connection to the one the
  // client speaks, and the factory builds the server for it.
  const transport = new StdioServerTransport(input, process.stdout);
  connection = serveStdio(() => createServer(context), {
    transport,
    onerror: (error) => context.logger.debug('stdio: message refused or failed', { error: error.message }),
  });
  // The transport closes when its input ends or stdout breaks: the entry tears the connection
  // down, then the process ends cleanly.
  const closeConnection = transport.onclose;
  transport.onclose = () => {
    closeConnection?.();
    void stop();
  };
  context.logger.info('hosting-mcp ready on stdio', {
    version: VERSION,
    accounts: accounts.map((a) => `${a.provider}/${a.name}`),
    sandbox: Boolean(sandbox),
    read_only: config.readOnly,
  });
}

function silentLogger() {
  return createLogger({ level: 'silent', redactor: new Redactor() });
}

/** Replicas share each account's request budget through Redis (whose client is loaded only then). */
function connectReplicas(redis: RedisOptions, logLevel: LogLevel) {
  const logger = createLogger({ level: logLevel, redactor: new Redactor() });
  return connectSharedBudgets({ ...redis, logger });
}

/**
 * Reads ./.env into process.env (values already in the environment win) and says which variables
 * came from it, so configuration errors can name the file that holds the bad value.
 */
async function loadDotenv(): Promise<EnvFile | undefined> {
  const path = resolve('.env');
  // Most starts (an MCP client spawning the server) have no .env: dotenv loads only for one.
  if (!existsSync(path)) return undefined;
  const { default: dotenv } = await import('dotenv');
  const before = new Set(Object.keys(process.env));
  const { parsed } = dotenv.config({ path, quiet: true });
  return parsed ? { path, keys: Object.keys(parsed).filter((key) => !before.has(key)) } : undefined;
}

function usage(): string {
  const flags = Object.entries(FLAGS).map(
    ([name, spec]) =>
      `  ${`--${name}${spec.value ? ` ${spec.value}` : ''}`.padEnd(24)} ${spec.description}${spec.env ? ` [${spec.env}]` : ''}`,
  );
  const providers = PROVIDER_DEFINITIONS.flatMap((d) => [
    `  ${d.title}:`,
    ...d.settings.map(
      (s) =>
        `    ${envName(d, s.env).padEnd(26)} ${s.description}${s.default ? ` (default ${s.default})` : ''}`,
    ),
  ]);
  return [
    `hosting-mcp ${VERSION}: run hosting across Forge, ServerPilot, Coolify, PanelAlpha and Platform.sh from an MCP client.`,
    '',
    'Usage: hosting-mcp [options]          serve MCP over stdio (or HTTP with --http)',
    '       hosting-mcp doctor [options]   check every configured account, print a table, exit 1 if one fails',
    '',
    'Options:',
    ...flags,
    '',
    `HTTP mode token: ${HTTP_TOKEN_ENV}.`,
    '',
    'Providers (configure any; a .env file in the working directory is read):',
    ...providers,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`hosting-mcp: ${message}\n`);
  process.exit(1);
});
