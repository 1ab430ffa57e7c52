import { expect } from 'vitest';
import type { Harness } from './harness.js';

/** An operation as get_operation returns it. */
export interface FollowedOperation {
  id: string;
  kind: string;
  state: string;
  done: boolean;
  status: string;
  details?: Record<string, unknown>;
}

/** Moves the simulator's clock past the operation's end (`advance`), then reads it once. */
export async function settled(
  h: Harness,
  advance: () => void,
  op: { id: string },
): Promise<FollowedOperation> {
  advance();
  return (await h.ok<{ operation: FollowedOperation }>('get_operation', { operation_id: op.id })).operation;
}

/**
 * Calls a destructive tool as a client without elicitation does: the first call must answer
 * confirmation_required with the plan and a token, the second carries the token.
 */
export async function confirmedByToken<T>(
  h: Harness,
  tool: string,
  args: Record<string, unknown>,
): Promise<{ plan: string; result: T }> {
  const first = await h.call(tool, args);
  const error = (
    first.structuredContent as {
      error: { code: string; details: { confirm: string; plan: { destroys: string } } };
    }
  ).error;
  expect(error.code).toBe('confirmation_required');
  return {
    plan: error.details.plan.destroys,
    result: await h.ok<T>(tool, { ...args, confirm: error.details.confirm }),
  };
}
