import { HostingError } from '../core/errors.js';
import type { WriteRecord } from '../core/http.js';

/**
 * A failed call may still have changed something: the write itself may have gone through before
 * the connection broke, or it was accepted and a read after it failed. Either way the model must
 * not be told to try again (that is how two servers get created), but to look first, with the
 * read that shows it. The HTTP client records every write a call sends; this turns that record
 * and the tool's own read into the error the model sees.
 */
export function withWriteOutcome(
  failure: HostingError,
  writes: readonly WriteRecord[],
  /** The read that shows the write's effect, e.g. `list_servers {"provider":"forge"}`. */
  check: string | undefined,
): HostingError {
  if (failure.code === 'cancelled' || failure.settled) return failure;
  const look = check ? `call ${check}` : 'check with the matching list or get tool';
  if (failure.code === 'outcome_unknown') {
    return rebuild(failure, failure.code, failure.message, {
      hint: `The write may have happened: ${look} before doing anything else. Do not repeat the call blindly.`,
    });
  }
  const accepted = writes.filter((w) => w.outcome === 'accepted').map((w) => w.what);
  if (accepted.length === 0) return failure;
  if (writes[writes.length - 1]?.outcome === 'accepted') {
    // Advice written for a failed read ("retry shortly") would now invite a second write.
    const kept = failure.hint && !/retry|try again/i.test(failure.hint) ? `${failure.hint} ` : '';
    return rebuild(
      failure,
      'outcome_unknown',
      `${accepted[accepted.length - 1]} was accepted, then the call failed: ${failure.message}`,
      {
        hint: `${kept}The change is made or under way: ${look} to see it. Do not repeat the call blindly.`,
        details: { ...failure.details, failed_with: failure.code },
      },
    );
  }
  return rebuild(failure, failure.code, failure.message, {
    hint: `Already applied before the failure: ${accepted.join('; ')}. ${failure.hint ?? ''}`.trim(),
    details: { ...failure.details, already_applied: accepted },
  });
}

function rebuild(
  from: HostingError,
  code: HostingError['code'],
  message: string,
  changes: { hint: string; details?: Record<string, unknown> },
): HostingError {
  return new HostingError(code, message, {
    hint: changes.hint,
    status: from.status,
    details: changes.details ?? from.details,
    retryAfterSeconds: from.retryAfterSeconds,
    cause: from,
  });
}

/** A read call as the model would write it, e.g. `list_sites {"provider":"forge","server":"web-1"}`. */
export function readCall(tool: string, args: object, keys: readonly string[]): string {
  const given = args as Record<string, unknown>;
  const picked = Object.fromEntries(
    ['provider', 'account', ...keys].filter((k) => typeof given[k] === 'string').map((k) => [k, given[k]]),
  );
  return `${tool} ${JSON.stringify(picked)}`;
}
