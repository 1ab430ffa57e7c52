import { Agent, type Dispatcher, request } from 'undici';
import { HostingError } from './errors.js';
import type { Logger } from './logger.js';
import { hasDotSegment, segmentCount } from './path-safety.js';
import type { RequestBudget } from './rate-limit.js';
import { sleep } from './time.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

export interface HttpRequest {
  method: HttpMethod;
  /** Path appended to the base URL, or an absolute URL on an allowed host. Already encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  /** JSON body. */
  body?: unknown;
  /** application/x-www-form-urlencoded body (OAuth token exchanges). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Marks a non-GET request as safe to repeat; GET is always idempotent. */
  idempotent?: boolean;
  /** Route name for logs and error messages, e.g. "servers.show". */
  route?: string;
  /** How to read the body: JSON (default), raw text, or NDJSON streamed lines. */
  responseType?: 'json' | 'text';
  /** Which list tool shows valid ids, for 404 hints. */
  notFoundHint?: string;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

/** Per-call context: the MCP request's cancel signal and whether writes are only planned. */
export interface RequestContext {
  signal?: AbortSignal;
  dryRun?: boolean;
  /**
   * Every write sent during the call, appended by the client, so whoever reports a failure can
   * tell whether something was already changed (a create accepted, then a read after it failed).
   */
  writes?: WriteRecord[];
}

/** A write sent during one call and what is known of its effect. */
export interface WriteRecord {
  /** Provider, method and route, e.g. "Laravel Forge POST servers.store". */
  what: string;
  /** accepted: answered 2xx; rejected: refused, nothing applied; unknown: may or may not be applied. */
  outcome: 'accepted' | 'rejected' | 'unknown';
}

/** The request a dry run would have sent; thrown at the first write so nothing changes. */
export class DryRunStop extends Error {
  constructor(readonly planned: PlannedRequest) {
    super('dry run: request not sent');
    this.name = 'DryRunStop';
  }
}

export interface PlannedRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface Authenticator {
  /** Headers that authenticate a request (fetched per request so tokens can rotate). */
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /** Called once after a 401; when it resolves, the request is sent again. */
  refresh?(signal?: AbortSignal): Promise<void>;
}

export interface ProviderErrorBody {
  message?: string;
  fields?: Record<string, string[]>;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Provider name used in messages ("Forge"). */
  providerTitle: string;
  authenticator: Authenticator;
  /** What to tell the model on 401/403: which env var holds the credential. */
  authHint: string;
  userAgent: string;
  limiter: RequestBudget;
  logger: Logger;
  /** Reads the provider's own error body shape. */
  parseError?: (body: unknown) => ProviderErrorBody;
  /** Extra hosts (besides the base URL's) that absolute URLs may point at. */
  allowedHosts?: (host: string) => boolean;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryPolicy>;
  /** Headers sent on every request (Accept, Content-Type defaults are added). */
  defaultHeaders?: Record<string, string>;
  dispatcher?: Dispatcher;
}

export interface Timeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
  /** Upper bound for one attempt, start to end. */
  totalMs: number;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is reported instead of waited for. */
  maxRetryAfterMs: number;
  /**
   * The longest pause a Retry-After can impose on the account: one answer of `Retry-After: 99999`
   * must not lock it for a day. Past this the next call asks again.
   */
  retryAfterCapMs: number;
}

const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000, totalMs: 45_000 };
const DEFAULT_RETRY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 400,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 20_000,
  retryAfterCapMs: 300_000,
};
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
/** Failures that happen before a byte of the request leaves: nothing can have been applied. */
const NOT_SENT =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|UND_ERR_CONNECT_TIMEOUT|ERR_TLS_.*|CERT_.*|.*_CERT_.*|UNABLE_TO_.*|ERR_SSL_.*)$/;
/** Gateways answer these when the request may have reached the application behind them. */
const GATEWAY_STATUS = new Set([502, 504]);
const UNKNOWN_HINT =
  'The write may have happened: check its state with the matching list or get tool before doing anything else. Do not repeat it blindly.';

/** What came back, before the body is interpreted. */
interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/**
 * One client per account: a keep-alive undici pool, the account's limiter, timeouts on every
 * call, cancellation from the MCP request, and retries only where repeating cannot do harm.
 */
export class HttpClient {
  readonly baseUrl: URL;
  private readonly timeouts: Timeouts;
  private readonly retry: RetryPolicy;
  private pool: Dispatcher | undefined;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = new URL(options.baseUrl.replace(/\/+$/, ''));
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.pool = options.dispatcher;
  }

  /**
   * The connection pool, made for the first request: a server that only lists its tools never
   * loads undici's client (a twentieth of a start).
   */
  private get dispatcher(): Dispatcher {
    this.pool ??= new Agent({
      connect: { timeout: this.timeouts.connectMs },
      headersTimeout: this.timeouts.headersMs,
      bodyTimeout: this.timeouts.bodyMs,
      keepAliveTimeout: 30_000,
      connections: 16,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
    return this.pool;
  }

  get title(): string {
    return this.options.providerTitle;
  }

  /**
   * Absolute URL for a request, refusing hosts outside the configured API and paths that URL
   * normalisation would reshape (dot segments, backslashes): the request goes where it says.
   */
  url(req: Pick<HttpRequest, 'path' | 'query'>): URL {
    const absolute = /^https?:\/\//i.test(req.path);
    const raw = absolute
      ? req.path
      : this.baseUrl.href.replace(/\/+$/, '') + (req.path.startsWith('/') ? req.path : `/${req.path}`);
    const rawPath = absolute
      ? req.path.replace(/^https?:\/\/[^/?#]*/i, '')
      : raw.slice(this.baseUrl.origin.length);
    const url = new URL(raw);
    if (url.host !== this.baseUrl.host && !this.options.allowedHosts?.(url.host)) {
      throw new HostingError('malformed_response', `${this.title} pointed at ${url.host}, outside its API.`, {
        hint: 'Only hosts of the configured API are followed; check the base URL setting.',
      });
    }
    const path = rawPath.split(/[?#]/, 1)[0]!;
    if (hasDotSegment(path) || segmentCount(path) !== segmentCount(url.pathname)) {
      const shown = path.length > 120 ? `${path.slice(0, 120)}…` : path;
      throw new HostingError(
        absolute ? 'malformed_response' : 'invalid_argument',
        `Refused to request ${shown}: a "." or ".." segment (or a backslash) would send it to another path.`,
        {
          hint: absolute
            ? `${this.title} returned a link that does not name one resource; nothing was sent.`
            : 'Pass ids exactly as the list tools show them; nothing was sent.',
        },
      );
    }
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value === undefined || value === null) continue;
      url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    return url;
  }

  async send<T = unknown>(req: HttpRequest, ctx: RequestContext = {}): Promise<HttpResponse<T>> {
    const url = this.url(req);
    if (ctx.dryRun && req.method !== 'GET') {
      throw new DryRunStop({
        method: req.method,
        url: url.href,
        headers: this.visibleHeaders(req),
        body: req.body ?? req.form,
      });
    }
    const idempotent = req.method === 'GET' || req.idempotent === true;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      await this.options.limiter.acquire(ctx.signal);
      let raw: RawResponse;
      try {
        raw = await this.attempt(url, req, ctx.signal);
      } catch (error) {
        const failure = this.networkError(error, req, ctx.signal);
        if (idempotent && attempt < this.retry.attempts && failure.code === 'network') {
          await sleep(this.backoff(attempt), ctx.signal);
          continue;
        }
        if (failure.code !== 'network') this.noteWrite(req, ctx, 'unknown');
        throw failure;
      }
      if (raw.status === 401 && this.options.authenticator.refresh && !refreshed) {
        // A 401 means the request was not processed, so one retry after a refresh is safe for writes too.
        refreshed = true;
        await this.options.authenticator.refresh(ctx.signal);
        attempt--;
        continue;
      }
      if (raw.status >= 200 && raw.status < 300) {
        let body: unknown;
        try {
          body = this.decodeSuccess(raw, req);
        } catch (error) {
          this.noteWrite(req, ctx, 'unknown');
          throw error;
        }
        this.noteWrite(req, ctx, 'accepted');
        return { status: raw.status, headers: raw.headers, body: body as T };
      }
      if (raw.status < 400) {
        this.noteWrite(req, ctx, 'unknown');
        throw this.redirectError(raw, req);
      }
      const response = { status: raw.status, headers: raw.headers, body: decodeLenient(raw) };
      const askedMs = parseRetryAfter(response.headers['retry-after']);
      const retryAfterMs = askedMs === undefined ? undefined : Math.min(askedMs, this.retry.retryAfterCapMs);
      if (response.status === 429 && retryAfterMs !== undefined)
        this.options.limiter.pauseFor(retryAfterMs / 1000);
      const canRetry =
        idempotent &&
        attempt < this.retry.attempts &&
        RETRYABLE_STATUS.has(response.status) &&
        (retryAfterMs === undefined || retryAfterMs <= this.retry.maxRetryAfterMs);
      if (canRetry) {
        this.options.logger.warn('retrying provider request', {
          route: req.route,
          status: response.status,
          attempt,
        });
        await sleep(retryAfterMs ?? this.backoff(attempt), ctx.signal);
        continue;
      }
      const failure = this.statusError(response, req, retryAfterMs, askedMs);
      this.noteWrite(req, ctx, failure.code === 'outcome_unknown' ? 'unknown' : 'rejected');
      throw failure;
    }
  }

  /** Releases pooled connections. */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  private async attempt(url: URL, req: HttpRequest, outer?: AbortSignal): Promise<RawResponse> {
    const deadline = new AttemptSignal(this.timeouts.totalMs, outer);
    try {
      return await this.exchange(url, req, deadline.signal);
    } finally {
      deadline.release();
    }
  }

  private async exchange(url: URL, req: HttpRequest, signal: AbortSignal): Promise<RawResponse> {
    const started = performance.now();
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent,
      ...this.options.defaultHeaders,
      ...(await this.options.authenticator.headers(signal)),
      ...req.headers,
    };
    let body: string | undefined;
    if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    const res = await request(url, {
      method: req.method,
      headers,
      body,
      signal,
      dispatcher: this.dispatcher,
    });
    const text = await res.body.text();
    this.options.logger.debug('provider request', {
      provider: this.title,
      route: req.route,
      method: req.method,
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
    });
    return { status: res.statusCode, headers: flattenHeaders(res.headers), text };
  }

  /** The body of a 2xx answer: JSON unless the route reads text; anything else is a clear error. */
  private decodeSuccess(raw: RawResponse, req: HttpRequest): unknown {
    if (req.responseType === 'text') return raw.text;
    if (raw.text.trim() === '') return undefined;
    const looksJson = /json/i.test(raw.headers['content-type'] ?? '') || /^\s*[[{]/.test(raw.text);
    if (!looksJson) throw this.malformed(req, raw.status, 'is not JSON');
    try {
      return JSON.parse(raw.text);
    } catch {
      throw this.malformed(req, raw.status, 'is not valid JSON');
    }
  }

  private malformed(req: HttpRequest, status: number, what: string): HostingError {
    const where = `${this.title} answered ${describe(req)} with a body that ${what} (HTTP ${status})`;
    if (req.method !== 'GET') {
      return new HostingError(
        'outcome_unknown',
        `${where}: the write was probably applied, but what it did could not be read.`,
        { status, hint: UNKNOWN_HINT },
      );
    }
    return new HostingError('malformed_response', `${where}.`, {
      status,
      hint: 'This is usually a transient proxy or maintenance page; retry in a minute.',
    });
  }

  /** A 3xx (redirects are never followed: they could lead the credentials elsewhere) or a 1xx. */
  private redirectError(raw: RawResponse, req: HttpRequest): HostingError {
    let target = '';
    try {
      const location = raw.headers.location;
      if (location) target = ` to ${new URL(location, this.baseUrl).host}`;
    } catch {
      // An unreadable Location says nothing more than the status does.
    }
    const answered = `${this.title} answered ${describe(req)} with HTTP ${raw.status}${target} instead of a result`;
    if (req.method !== 'GET') {
      return new HostingError(
        'outcome_unknown',
        `${answered}: the write may or may not have happened (redirects are not followed).`,
        { status: raw.status, hint: UNKNOWN_HINT },
      );
    }
    return new HostingError('provider_error', `${answered}; redirects are not followed.`, {
      status: raw.status,
      hint: 'A redirect usually means a wrong base URL (or a login page in front of the API): check the base URL setting.',
    });
  }

  private noteWrite(req: HttpRequest, ctx: RequestContext, outcome: WriteRecord['outcome']): void {
    if (req.method === 'GET') return;
    ctx.writes?.push({ what: `${this.title} ${describe(req)}`, outcome });
  }

  private networkError(error: unknown, req: HttpRequest, outer?: AbortSignal): HostingError {
    if (error instanceof HostingError) return error;
    if (outer?.aborted) return new HostingError('cancelled', 'The request was cancelled before it finished.');
    const err = error as { name?: string; code?: string; message?: string };
    const code = err.code ?? '';
    const write = req.method !== 'GET';
    if (NOT_SENT.test(code)) {
      this.options.logger.warn('provider unreachable', {
        provider: this.title,
        route: req.route,
        error: code,
      });
      return new HostingError('network', `Could not reach ${this.title} at ${this.baseUrl.host} (${code}).`, {
        hint: `Nothing was sent. Check the base URL setting and the network, then call again.`,
        cause: error,
      });
    }
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
      const what = `${this.title} answered ${describe(req)} with more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`;
      return write
        ? new HostingError(
            'outcome_unknown',
            `${what}: the write may have happened, its answer was not read.`,
            {
              hint: UNKNOWN_HINT,
            },
          )
        : new HostingError('malformed_response', `${what}; the answer was not read.`, {
            hint: 'Narrow the request (a smaller limit or one resource), or check the base URL setting.',
          });
    }
    if (err.name === 'TimeoutError' || err.name === 'AbortError' || /Timeout/i.test(code)) {
      return write
        ? new HostingError(
            'outcome_unknown',
            `${this.title} did not answer ${describe(req)} in time, after it was sent: the write may or may not have happened.`,
            { hint: UNKNOWN_HINT },
          )
        : new HostingError('timeout', `${this.title} did not answer ${describe(req)} in time.`, {
            hint: 'Retry; the provider may be slow right now.',
          });
    }
    this.options.logger.warn('provider connection failed', {
      provider: this.title,
      route: req.route,
      error: code || err.message,
    });
    if (write) {
      return new HostingError(
        'outcome_unknown',
        `The connection to ${this.title} broke after ${describe(req)} was sent (${code || 'connection lost'}): the write may or may not have happened.`,
        { hint: UNKNOWN_HINT, cause: error },
      );
    }
    return new HostingError(
      'network',
      `Could not reach ${this.title} at ${this.baseUrl.host} (${code || 'network error'}).`,
      { hint: 'Check the base URL setting and the network; retry shortly.', cause: error },
    );
  }

  private statusError(
    response: HttpResponse<unknown>,
    req: HttpRequest,
    retryAfterMs?: number,
    askedMs?: number,
  ): HostingError {
    const parsed = safeParseError(this.options.parseError, response.body);
    const status = response.status;
    const what = describe(req);
    const write = req.method !== 'GET';
    // The body stays structured: the logger redacts it before it becomes a JSON string.
    this.options.logger.warn('provider error', {
      provider: this.title,
      route: req.route,
      status,
      body: response.body,
    });
    const said = parsed.message ? `: ${parsed.message}` : '';
    const notTransient = 'Repeating the same call fails the same way: change the arguments.';
    switch (status) {
      case 400:
        return new HostingError('invalid_argument', `${this.title} rejected ${what}${said}.`, {
          status,
          hint: 'Fix the arguments and try again.',
        });
      case 401:
        return new HostingError('unauthorized', `${this.title} did not accept the credentials${said}.`, {
          status,
          hint: this.options.authHint,
        });
      case 402:
        return new HostingError(
          'payment_required',
          `${this.title} requires a paid plan or billing details for this${said}.`,
          { status, hint: 'Check the account billing in the provider dashboard.' },
        );
      case 403:
        return new HostingError('forbidden', `${this.title} refused ${what}${said}.`, {
          status,
          hint: `The credential lacks permission for this action. ${this.options.authHint}`,
        });
      case 404:
      case 410:
        return new HostingError('not_found', `${this.title} found nothing at ${what}${said}.`, {
          status,
          hint: req.notFoundHint ?? 'Check the id with the matching list tool.',
        });
      case 405:
        return new HostingError('provider_error', `${this.title} does not allow ${what}.`, {
          status,
          hint: 'This looks like an API version mismatch; check the base URL setting.',
        });
      case 409:
        return new HostingError('conflict', `${this.title} reports a conflict on ${what}${said}.`, {
          status,
          hint: 'Another operation may be running; check get_operation or retry later.',
        });
      case 413:
      case 414:
      case 431:
        return new HostingError(
          'invalid_argument',
          `${this.title} refused ${what} as too large (HTTP ${status})${said}.`,
          { status, hint: `${notTransient} Shorten the longest argument.` },
        );
      case 422:
        return new HostingError('validation', `${this.title} rejected the input${said}.`, {
          status,
          details: parsed.fields ? { fields: parsed.fields } : undefined,
          hint: parsed.fields
            ? `Fix these fields: ${Object.keys(parsed.fields).join(', ')}.`
            : 'Fix the arguments and try again.',
        });
      case 429: {
        const seconds = retryAfterMs !== undefined ? Math.ceil(retryAfterMs / 1000) : 60;
        const asked =
          askedMs !== undefined && retryAfterMs !== undefined && askedMs > retryAfterMs
            ? ` ${this.title} asked for ${askedMs > 31_536_000_000 ? 'more than a year' : `${Math.ceil(askedMs / 1000)} s`}; hosting-mcp pauses at most ${seconds} s, then asks again.`
            : '';
        return new HostingError('rate_limited', `${this.title} is rate limiting requests.${asked}`, {
          status,
          retryAfterSeconds: seconds,
          hint: `Wait ${seconds} s before calling again.`,
        });
      }
      case 503:
        return new HostingError(
          'unavailable',
          `${this.title} is unavailable (maintenance or overload)${said}.`,
          { status, hint: 'Retry in a few minutes.' },
        );
    }
    if (status < 500) {
      return new HostingError('provider_error', `${this.title} refused ${what} with HTTP ${status}${said}.`, {
        status,
        hint: notTransient,
      });
    }
    if (write && status !== 501) {
      // A gateway error may come after the application applied the write; a server error may
      // come half-way through it.
      return new HostingError(
        'outcome_unknown',
        `${this.title} failed on ${what} with HTTP ${status}${said}: the write may or may not have been applied${GATEWAY_STATUS.has(status) ? ' (a gateway answered, the API behind it may have finished)' : ''}.`,
        { status, hint: UNKNOWN_HINT },
      );
    }
    return new HostingError('provider_error', `${this.title} failed on ${what} with HTTP ${status}${said}.`, {
      status,
      hint: write ? 'Nothing was applied: this provider does not offer it.' : 'Retry shortly.',
    });
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private visibleHeaders(req: HttpRequest): Record<string, string> {
    return {
      accept: 'application/json',
      ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(req.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      authorization: '[redacted]',
      ...req.headers,
    };
  }
}

/**
 * The signal of one attempt: aborted by the caller's signal or when `ms` have passed, whichever
 * comes first. AbortSignal.timeout() and AbortSignal.any() do the same, but their timer and weak
 * links stay registered after the request is done (the timer for its full 45 s) and are only
 * undone by a full GC, so under load every request's objects outlived the young generation and
 * filled old space. Here both links are undone as soon as the attempt ends.
 */
class AttemptSignal {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onOuterAbort = () => this.controller.abort(this.outer?.reason);

  constructor(
    ms: number,
    private readonly outer?: AbortSignal,
  ) {
    // The same reason AbortSignal.timeout() gives, so a timeout still reads as one.
    this.timer = setTimeout(
      () =>
        this.controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      ms,
    );
    if (outer?.aborted) this.controller.abort(outer.reason);
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  release(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

/**
 * Retry-After is either delay-seconds or an HTTP date. Returns milliseconds, finite even for a
 * 400-digit number (the caller caps it).
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed))
    return Math.min(Math.round(Number(trimmed) * 1000), Number.MAX_SAFE_INTEGER);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** "POST servers.store" (the route name when there is one) for messages. */
function describe(req: HttpRequest): string {
  const path = req.path.length > 120 ? `${req.path.slice(0, 120)}…` : req.path;
  return `${req.method} ${req.route ?? path}`;
}

/** The body of an error answer: JSON when it parses, else the text (an HTML page, a message). */
function decodeLenient(raw: RawResponse): unknown {
  if (raw.text.trim() === '') return undefined;
  try {
    return JSON.parse(raw.text);
  } catch {
    return raw.text;
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const MAX_MESSAGE_CHARS = 300;

function safeParseError(parse: HttpClientOptions['parseError'], body: unknown): ProviderErrorBody {
  let parsed: ProviderErrorBody = {};
  try {
    if (parse) parsed = parse(body);
  } catch {
    // A malformed error body must not hide the status that came with it.
  }
  if (
    !parsed.message &&
    body &&
    typeof body === 'object' &&
    typeof (body as { message?: unknown }).message === 'string'
  ) {
    parsed = { ...parsed, message: (body as { message: string }).message };
  }
  // Provider messages are third-party text: keep them short and on one line.
  const message = parsed.message
    ?.replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '');
  return {
    ...parsed,
    message:
      message && message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message,
  };
}
