import { HostingError } from '../../core/errors.js';

/** The same failure with a hint that says more: what ServerPilot means by it, or what was already done. */
export function withHint(
  error: unknown,
  hint: (previous: string | undefined) => string,
  settled = false,
): unknown {
  if (!(error instanceof HostingError)) return error;
  return new HostingError(error.code, error.message, {
    hint: hint(error.hint),
    status: error.status,
    details: error.details,
    retryAfterSeconds: error.retryAfterSeconds,
    settled: settled || error.settled,
    cause: error,
  });
}

/**
 * ServerPilot keys have full account access, so its 403 means "protected resource", not a
 * missing permission; its 409 means "already exists", not a running operation.
 */
export function refine(error: unknown, conflict: string | undefined): unknown {
  if (!(error instanceof HostingError)) return error;
  if (error.status === 403) {
    return withHint(
      error,
      () =>
        'ServerPilot protects this resource (e.g. the default serverpilot system user); change it in the dashboard if you must.',
    );
  }
  if (error.status === 409) {
    return withHint(
      error,
      () => conflict ?? 'The resource already exists: list it instead of creating it again.',
    );
  }
  return error;
}

/** A later step of a write failed: say what the earlier steps already changed, so nothing is done twice. */
export function afterApplied(error: unknown, applied: readonly string[]): unknown {
  if (applied.length === 0) return error;
  return withHint(
    error,
    (previous) =>
      `${previous ?? 'Fix the cause first.'} Already done before this failed: ${applied.join(' ')}`,
    true,
  );
}
