/**
 * The one error type that crosses layers. Every failure the model can see is a HostingError with a
 * machine-readable `code`, a message that says what failed, and a `hint` that says what to do next.
 */
export type ErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'ambiguous'
  | 'unauthorized'
  | 'forbidden'
  | 'validation'
  | 'conflict'
  | 'payment_required'
  | 'rate_limited'
  | 'provider_error'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'cancelled'
  | 'malformed_response'
  | 'outcome_unknown'
  | 'unsupported'
  | 'confirmation_required'
  | 'config';

/** One argument the caller got wrong, in words a model can act on: which, and what is allowed. */
export interface FieldProblem {
  /** Dotted path of the argument, e.g. `limit` or `set.KEY`; `arguments` for the whole object. */
  field: string;
  /** What is wrong or allowed, e.g. "must be at most 500 (got 900)". */
  problem: string;
}

export interface HostingErrorOptions {
  /** What the model should do next: which tool, which env var, how long to wait. */
  hint?: string;
  /** HTTP status from the provider, when there was one. */
  status?: number;
  /** Structured details safe to show (field errors, candidates, retry delay). Never raw bodies. */
  details?: Record<string, unknown>;
  /** Seconds to wait before retrying, from Retry-After or the limiter. */
  retryAfterSeconds?: number;
  /**
   * The error already says what the call's writes did (a provider read the answer to its own
   * write and found it refused or incomplete): it is shown as is, not turned into "outcome unknown".
   */
  settled?: boolean;
  /** For invalid_argument: each argument that is wrong and what it allows. */
  fields?: FieldProblem[];
  cause?: unknown;
}

export class HostingError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly status?: number;
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;
  readonly settled: boolean;
  readonly fields?: FieldProblem[];

  constructor(code: ErrorCode, message: string, options: HostingErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HostingError';
    this.code = code;
    this.hint = options.hint;
    this.status = options.status;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.settled = options.settled === true;
    this.fields = options.fields;
  }

  /** A shape safe to put in a tool result (the redactor still runs over it). */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.status ? { status: this.status } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retry_after_seconds: this.retryAfterSeconds } : {}),
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Wraps anything thrown into a HostingError without leaking internals. */
export function toHostingError(error: unknown): HostingError {
  if (error instanceof HostingError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new HostingError('cancelled', 'The request was cancelled before it finished.');
  }
  if (error instanceof URIError) {
    // Thrown by URI encoding on a lone surrogate or by decoding a broken %-escape: bad input, not a fault.
    return new HostingError('invalid_argument', 'A value is not valid text or has a broken %-escape.', {
      hint: 'Pass ids and names exactly as the list tools show them.',
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new HostingError('provider_error', `Unexpected failure: ${message}`, {
    hint: 'Retry once; if it persists, check the server logs on stderr.',
    cause: error,
  });
}

/** Thrown by a provider when a verb exists in the tool set but not in this provider's API. */
export function unsupported(providerTitle: string, what: string, instead: string): HostingError {
  return new HostingError('unsupported', `${providerTitle} has no ${what}.`, { hint: instead });
}
