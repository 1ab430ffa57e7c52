import { z } from 'zod';
import { HostingError } from '../core/errors.js';
import { decodeHandle, type OperationHandle, waitFor } from '../core/operations.js';
import { frameUntrusted } from '../core/untrusted.js';
import { apiOperation } from '../providers/kit/api-follow.js';
import {
  type CallContext,
  type HostingProvider,
  type Operation,
  OperationSchema,
  type WriteResult,
} from '../providers/types.js';
import { unnamed } from './json-schema.js';
import { accountFields } from './results.js';

const MIN_POLL_MS = 250;

/** What tools return about an operation: the state, plus a framed log tail when it failed. */
export const PresentedOperationSchema = OperationSchema.omit({ log_tail: true }).extend({
  log_tail: z.string().optional(),
  next_check_seconds: z.number().optional(),
});
export type PresentedOperation = z.infer<typeof PresentedOperationSchema>;

/**
 * What every write tool returns: the account, what happened, and the operation to follow. A dry
 * run returns the request it would have sent instead (`dry_run`, `request`).
 *
 * Of the operation, the schema names what a caller acts on (the id to follow, where it stands);
 * it carries every field get_operation's does, and that tool's schema names them all, so a
 * dozen write tools do not each repeat the whole shape in every tools/list. For the same reason
 * the remarks and advice for the reader (a follow that failed, next steps, the tool to follow
 * with, that it was a dry run) are not named in the listed schema: it names the message and the
 * operation, what a client acts on.
 */
export const WriteResultSchema = z.looseObject({
  message: z.string(),
  /** The write went through but following its operation failed: it may still be running. */
  follow_error: unnamed(z.string().optional()),
  ...accountFields,
  operation: z
    .looseObject(PresentedOperationSchema.pick({ id: true, state: true, done: true }).shape)
    .optional(),
  resource: z.record(z.string(), z.unknown()).optional(),
  next_steps: unnamed(z.array(z.string()).optional()),
  follow_with: unnamed(z.string().optional()),
  dry_run: unnamed(z.boolean().optional()),
  request: z.record(z.string(), z.unknown()).optional(),
});
export type PresentedWrite = z.infer<typeof WriteResultSchema>;

export function presentOperation(op: Operation, nextCheckSeconds?: number): PresentedOperation {
  const { log_tail, ...rest } = op;
  return {
    ...rest,
    ...(log_tail?.length ? { log_tail: frameUntrusted(`${op.kind} ${op.id} log tail`, log_tail).text } : {}),
    ...(nextCheckSeconds !== undefined && !op.done ? { next_check_seconds: nextCheckSeconds } : {}),
  };
}

/** Writes sent through write_api are followed by the document's reads, at this pace. */
const API_POLL_MS = 5_000;

/**
 * The state of an operation now: writes of the whole-API tools (kind `api`) are read generically
 * through the provider's catalog; everything else by the provider's own operations capability.
 */
export function lookUp(
  provider: HostingProvider,
  handle: OperationHandle,
  call: CallContext,
): Promise<Operation> {
  if (handle.kind === 'api' && provider.api) return apiOperation(provider.api, handle, call);
  return provider.operations!.get(call, handle);
}

function pollInterval(provider: HostingProvider, handle: OperationHandle): number {
  return handle.kind === 'api' ? API_POLL_MS : provider.operations!.pollIntervalMs(handle);
}

/** Polls an operation for up to `waitSeconds`, at the provider's own pace. */
export async function follow(
  provider: HostingProvider,
  operation: Operation,
  waitSeconds: number,
  call: CallContext,
  /** Whether `operation` is fresh enough to count as the first look. */
  fresh = false,
): Promise<PresentedOperation> {
  const operations = provider.operations;
  if (!operations) return presentOperation(operation);
  const handle = decodeHandle(operation.id);
  // A floor keeps sandbox polling (where intervals shrink with the fast clock) from flooding the provider.
  const intervalMs = Math.max(MIN_POLL_MS, pollInterval(provider, handle) * (call.pollScale ?? 1));
  if (operation.done || (fresh && waitSeconds === 0)) {
    return presentOperation(operation, Math.ceil(intervalMs / 1000));
  }
  let first = fresh;
  const outcome = await waitFor({
    poll: async () => {
      if (first) {
        first = false;
        return operation;
      }
      return lookUp(provider, handle, call);
    },
    waitSeconds,
    intervalMs,
    signal: call.signal,
    progress: call.progress,
  });
  return presentOperation(outcome.result, outcome.nextCheckSeconds ?? Math.ceil(intervalMs / 1000));
}

/** Shapes a write's result for the model, following its operation when asked to wait. */
export async function presentWrite(
  provider: HostingProvider,
  result: WriteResult,
  waitSeconds: number | undefined,
  call: CallContext,
): Promise<PresentedWrite> {
  let operation: PresentedOperation | undefined;
  let followError: string | undefined;
  if (result.operation) {
    try {
      operation = await follow(provider, result.operation, waitSeconds ?? 0, call, true);
    } catch (error) {
      // The write went through; only watching it failed. Saying the call failed would invite a
      // second write, so the result stands, with the last state seen and why the wait stopped.
      if (!(error instanceof HostingError) || error.code === 'cancelled') throw error;
      operation = presentOperation(result.operation);
      followError = `Following the operation failed (${error.message}); it may still be running.`;
    }
  }
  return {
    message: result.message,
    ...(followError ? { follow_error: followError } : {}),
    provider: provider.id,
    account: provider.account,
    ...(operation ? { operation } : {}),
    ...(result.resource ? { resource: result.resource } : {}),
    ...(result.details ? result.details : {}),
    ...(result.next_steps?.length ? { next_steps: result.next_steps } : {}),
    ...(operation && !operation.done
      ? { follow_with: `get_operation {"operation_id":"${operation.id}","wait_seconds":30}` }
      : {}),
  };
}
