import { createHash } from 'node:crypto';
import { HostingError } from '../../core/errors.js';
import type { HttpRequest } from '../../core/http.js';
import type { CatalogOperation, Risk } from './catalog.js';
import { riskOf } from './policy.js';

/**
 * The one risk policy, applied where every request leaves for a provider — so verbs and the
 * whole-API tools obey the same rules: reads pass; writes are audited before they are sent (a
 * write is refused when the audit log cannot be written); destructive requests need the server's
 * `--allow-destructive` and then a person's confirmation; denied operations never leave.
 */

/** What a person is asked to confirm, bound to the exact request. */
export interface ConfirmPlan {
  operation: string;
  method: string;
  /** Path and query, relative to the account's API. */
  path: string;
  body?: unknown;
  /** SHA-256 of the body as sent, so a confirmation is bound to it. */
  bodyHash: string;
  /** What the request destroys, in words. */
  destroys: string;
}

export interface AuditEntry {
  event: 'dry_run' | 'refused' | 'confirmed' | 'sent' | 'outcome';
  operation: string;
  method: string;
  path: string;
  risk: Risk;
  body_sha256?: string;
  body?: unknown;
  status?: number;
  confirmed_by?: 'elicitation' | 'token';
  reason?: string;
}

/** Supplied per call by the tools layer; a call without one may not send destructive requests. */
export interface RequestPolicy {
  allowDestructive: boolean;
  /** Resolves with how a person confirmed; throws when nobody did (nothing is sent then). */
  confirm(plan: ConfirmPlan): Promise<'elicitation' | 'token'>;
  /** Appends to the audit log; throws when it cannot be written. */
  audit(entry: AuditEntry): void;
}

export function bodyHash(body: unknown): string {
  return createHash('sha256')
    .update(body === undefined ? '' : JSON.stringify(body))
    .digest('hex');
}

/** Everything the policy does before a request is sent; resolves when it may go. */
export async function gate(
  providerTitle: string,
  op: CatalogOperation,
  req: HttpRequest,
  ctx: { dryRun?: boolean; policy?: RequestPolicy },
  destroys?: string,
): Promise<Risk> {
  const body = req.body ?? req.form;
  const risk = riskOf(op, body);
  if (risk === 'read') return risk;
  const path = pathOf(req);
  const entry = { operation: op.id, method: req.method, path, risk, body_sha256: bodyHash(body), body };
  const policy = ctx.policy;
  if (risk === 'destructive') {
    if (!policy?.allowDestructive) {
      const reason = 'destructive operations need --allow-destructive';
      policy?.audit({ ...entry, event: 'refused', reason });
      throw new HostingError(
        'forbidden',
        `${providerTitle} ${op.id} is destructive${op.reason ? ` (${op.reason})` : ''}: this server refuses destructive operations. Nothing was sent.`,
        {
          hint: 'A person can restart the server with --allow-destructive (HOSTING_MCP_ALLOW_DESTRUCTIVE=1); each destructive request is then confirmed by a person.',
        },
      );
    }
    if (!ctx.dryRun) {
      const how = await policy.confirm({
        operation: op.id,
        method: req.method,
        path,
        body,
        bodyHash: entry.body_sha256,
        destroys: destroys ?? op.reason ?? `${req.method} ${path}`,
      });
      policy.audit({ ...entry, event: 'confirmed', confirmed_by: how });
    }
  }
  policy?.audit({ ...entry, event: ctx.dryRun ? 'dry_run' : 'sent' });
  return risk;
}

function pathOf(req: HttpRequest): string {
  const query = Object.entries(req.query ?? {})
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return query ? `${req.path}?${query}` : req.path;
}
