import { appendFileSync, chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { HostingError } from './errors.js';
import type { Redactor } from './redact.js';

/**
 * The audit log: one JSON line per write event (dry runs, refusals, confirmations, sends and their
 * outcome, the operation handle a tool returned), appended before the call returns, in a file only
 * its owner can read. Bodies pass the redactor; a hash of the full body is kept by the caller.
 */
export class AuditLog {
  private prepared = false;

  constructor(
    /** The file; undefined when the log is off. */
    readonly path: string | undefined,
    private readonly redactor: Redactor,
  ) {}

  /** Appends one event; throws when the log cannot be written (the caller refuses the write then). */
  write(event: Record<string, unknown>): void {
    if (!this.path) return;
    const line = `${JSON.stringify({ time: new Date().toISOString(), ...this.redactor.value(event) })}\n`;
    try {
      if (!this.prepared) {
        mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
        appendFileSync(this.path, '', { mode: 0o600 });
        chmodSync(this.path, 0o600);
        this.prepared = true;
      }
      appendFileSync(this.path, line, { mode: 0o600 });
    } catch (error) {
      this.prepared = false;
      throw new HostingError(
        'unavailable',
        `The audit log ${this.path} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'}), so writes are refused. Nothing was sent.`,
        {
          hint: 'A person must fix the file or directory permissions, or point --audit-log (HOSTING_MCP_AUDIT_LOG) elsewhere. Reads still work.',
        },
      );
    }
  }
}
