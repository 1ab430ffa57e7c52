import { HostingError } from '../../core/errors.js';
import type { CatalogOperation, Risk } from './catalog.js';

/**
 * The risk of one request: the operation's own, raised by the body where a body field picks the
 * action (a server action `reboot` is destructive, `restart` is not). Never lowered by the body.
 */
const ORDER: Record<Risk, number> = { read: 0, write: 1, destructive: 2, deny: 3 };

export function riskOf(op: CatalogOperation, body?: unknown): Risk {
  if (!op.bodyRisk || !body || typeof body !== 'object') return op.risk;
  const value = (body as Record<string, unknown>)[op.bodyRisk.field];
  // Values are keyed as text: a boolean switch (ServerPilot's `force: false`) reads as "false".
  const scalar = typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number';
  const byBody = scalar ? op.bodyRisk.values[String(value)] : undefined;
  return byBody && ORDER[byBody] > ORDER[op.risk] ? byBody : op.risk;
}

/** Refuses an operation the policy says is never callable, with the reason. */
export function assertCallable(provider: string, op: CatalogOperation): void {
  if (op.risk !== 'deny') return;
  throw new HostingError(
    'forbidden',
    `${provider} operation ${op.id} is never called by this server: ${op.reason}.`,
    {
      hint: 'Do it in the provider dashboard if it is really meant.',
    },
  );
}
