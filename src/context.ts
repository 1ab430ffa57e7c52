import { randomBytes } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from './core/audit-log.js';
import { createLogger, type Logger, type LogLevel } from './core/logger.js';
import type { BudgetFactory } from './core/rate-limit.js';
import { Redactor } from './core/redact.js';
import { secretFilesIn } from './core/secret-files.js';
import { definitionOf, ProviderRegistry } from './providers/registry.js';
import type { AccountConfig } from './providers/types.js';
import type { ServerContext } from './server.js';
import { Confirmations, type SpentTokens } from './tools/confirmations.js';
import { USER_AGENT } from './version.js';

export interface ContextOptions {
  accounts: readonly AccountConfig[];
  readOnly?: boolean;
  toolsets?: readonly string[];
  logLevel?: LogLevel;
  /** Shrinks poll intervals (sandbox). */
  pollScale?: number;
  /** Overrides every provider's request budget (requests/minute; 0 disables). */
  rateLimitPerMinute?: number;
  /** Makes each account's request budget; default: one in this process. */
  budget?: BudgetFactory;
  /** Directory for one-time secrets the user needs (0600 files). */
  secretsDir?: string;
  /** Lets destructive requests through to a person's confirmation (--allow-destructive). */
  allowDestructive?: boolean;
  /** Audit log file; undefined = no audit log. */
  auditLog?: string;
  /** Signs confirmation tokens; replicas share it. Default: a key of this process. */
  confirmKey?: Buffer;
  /** Where spent confirmation tokens are kept; this process when unset (Redis for replicas). */
  spentTokens?: SpentTokens;
  /** Captures log lines (tests). */
  logWrite?: (line: string) => void;
}

/**
 * Builds the shared context: one redactor that knows every configured secret, one stderr logger,
 * and one provider instance (HTTP pool + limiter) per account.
 */
export async function buildContext(options: ContextOptions): Promise<ServerContext & { logger: Logger }> {
  const redactor = new Redactor();
  for (const account of options.accounts) {
    const definition = definitionOf(account.provider);
    for (const setting of definition?.settings ?? []) {
      if (setting.secret) redactor.addSecret(account.settings[setting.key]);
    }
  }
  const secretFiles = secretFilesIn(options.secretsDir ?? defaultSecretsDir());
  const logger = createLogger({ level: options.logLevel ?? 'info', redactor, write: options.logWrite });
  // Each configured provider's code, loaded once however many accounts it has.
  const factories = new Map(
    await Promise.all(
      [...new Set(options.accounts.map((account) => account.provider))].map(async (id) => {
        const definition = definitionOf(id);
        if (!definition) throw new Error(`unknown provider ${id}`);
        return [id, await definition.load()] as const;
      }),
    ),
  );
  const providers = options.accounts.map((account) =>
    factories.get(account.provider)!(account, {
      logger,
      redactor,
      userAgent: USER_AGENT,
      pollScale: options.pollScale,
      rateLimitPerMinute: options.rateLimitPerMinute,
      budget: options.budget,
      secretFiles,
    }),
  );
  return {
    registry: new ProviderRegistry(providers),
    redactor,
    logger,
    readOnly: options.readOnly ?? false,
    policy: {
      allowDestructive: options.allowDestructive ?? false,
      audit: new AuditLog(options.auditLog, redactor),
      confirmations: new Confirmations(options.confirmKey ?? randomBytes(32), Date.now, options.spentTokens),
    },
    pollScale: options.pollScale,
    toolsets: options.toolsets,
  };
}

/** Per-user directory under the OS temp dir, so two users on one host never share secrets. */
export function defaultSecretsDir(): string {
  let user = 'user';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to a fixed name.
  }
  return join(tmpdir(), `hosting-mcp-${user}`, 'secrets');
}
