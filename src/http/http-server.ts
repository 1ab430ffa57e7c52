import type { HttpOptions } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { ServerContext } from '../server.js';

/** Streamable HTTP transport. */
export async function startHttpServer(
  _context: ServerContext,
  _options: HttpOptions,
  _logger: Logger,
): Promise<{ close(): Promise<void> }> {
  throw new Error('HTTP mode is not available in this build.');
}
