import { createLogger, type Logger, type LogLevel } from './core/logger.js';
import { Redactor } from './core/redact.js';
import { definitionOf, ProviderRegistry } from './providers/registry.js';
import type { AccountConfig } from './providers/types.js';
import type { ServerContext } from './server.js';
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
  /** Captures log lines (tests). */
  logWrite?: (line: string) => void;
}

/**
 * Builds the shared context: one redactor that knows every configured secret, one stderr logger,
 * and one provider instance (HTTP pool + limiter) per account.
 */
export function buildContext(options: ContextOptions): ServerContext & { logger: Logger } {
  const redactor = new Redactor();
  for (const account of options.accounts) {
    const definition = definitionOf(account.provider);
    for (const setting of definition?.settings ?? []) {
      if (setting.secret) redactor.addSecret(account.settings[setting.key]);
    }
  }
  const logger = createLogger({ level: options.logLevel ?? 'info', redactor, write: options.logWrite });
  const providers = options.accounts.map((account) => {
    const definition = definitionOf(account.provider);
    if (!definition) throw new Error(`unknown provider ${account.provider}`);
    return definition.create(account, {
      logger,
      redactor,
      userAgent: USER_AGENT,
      pollScale: options.pollScale,
      rateLimitPerMinute: options.rateLimitPerMinute,
    });
  });
  return {
    registry: new ProviderRegistry(providers),
    redactor,
    logger,
    readOnly: options.readOnly ?? false,
    toolsets: options.toolsets,
  };
}
