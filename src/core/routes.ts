import type { z } from 'zod';
import { HostingError } from './errors.js';
import type {
  HttpClient,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  QueryValue,
  RequestContext,
} from './http.js';
import { hasDotSegment } from './path-safety.js';

/**
 * A provider's API as data: each route names its method, path template and the doc section it
 * implements. Clients call routes by name; no provider code concatenates URLs by hand.
 */
export interface RouteSpec {
  method: HttpMethod;
  /** Path template with {param} placeholders, relative to the base URL. */
  path: string;
  /** The reference section this route implements. */
  doc: string;
  /** Which tool lists valid ids when this route answers 404. */
  notFoundHint?: string;
  /** A non-GET route that is safe to repeat. */
  idempotent?: boolean;
  responseType?: 'json' | 'text';
}

export type PathParams = Record<string, string | number>;

export interface CallOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/**
 * Fills {param} placeholders, encoding each value as one path segment. A value that would change
 * the path's shape (`.`, `..`, or either once decoded) is refused, whether it came from the model
 * or from a provider's own response.
 */
export function buildPath(template: string, params: PathParams): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') {
      throw new HostingError('invalid_argument', `Missing path parameter "${name}" for ${template}.`);
    }
    const text = String(value);
    if (hasDotSegment(text)) {
      throw new HostingError(
        'invalid_argument',
        `"${shorten(text)}" is not a valid ${name}: "." and ".." (in any encoding) would change which path is requested.`,
        { hint: 'Pass the id or name exactly as the list tools show it; nothing was sent.' },
      );
    }
    try {
      return encodeURIComponent(text);
    } catch {
      throw new HostingError(
        'invalid_argument',
        `The ${name} is not valid text (it contains a lone surrogate).`,
        {
          hint: 'Pass the id or name exactly as the list tools show it; nothing was sent.',
        },
      );
    }
  });
}

function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

/**
 * Calls a provider's routes by name. Provider clients extend it with what is vendor-specific
 * (envelopes, pagination, auth quirks); the request plumbing lives here once.
 */
export class RouteClient<R extends Record<string, RouteSpec>> {
  constructor(
    readonly http: HttpClient,
    readonly routes: R,
  ) {}

  /** Path params every route shares (e.g. Forge's organization slug); none by default. */
  protected pathDefaults(_ctx: RequestContext): PathParams | Promise<PathParams> {
    return {};
  }

  request(
    name: keyof R & string,
    params: PathParams,
    options: CallOptions = {},
    defaults: PathParams = {},
  ): HttpRequest {
    const route = this.routes[name];
    if (!route) throw new Error(`unknown route ${name}`);
    return {
      method: route.method,
      path: buildPath(route.path, { ...defaults, ...params }),
      route: name,
      idempotent: route.idempotent,
      responseType: route.responseType,
      notFoundHint: route.notFoundHint,
      ...options,
    };
  }

  /** Sends a route and returns the raw response (body not validated). */
  async raw<T = unknown>(
    name: keyof R & string,
    params: PathParams,
    ctx: RequestContext,
    options: CallOptions = {},
  ): Promise<HttpResponse<T>> {
    const req = this.request(name, params, options, await this.pathDefaults(ctx));
    return this.http.send<T>(req, ctx);
  }

  /** Sends a route and validates the body against the vendor schema. */
  async call<S extends z.ZodType>(
    name: keyof R & string,
    params: PathParams,
    schema: S,
    ctx: RequestContext,
    options: CallOptions = {},
  ): Promise<z.output<S>> {
    const response = await this.raw(name, params, ctx, options);
    return parseBody(schema, response.body, `${this.http.title} ${name}`);
  }

  get<S extends z.ZodType>(
    name: keyof R & string,
    params: PathParams,
    schema: S,
    ctx: RequestContext,
    query?: Record<string, QueryValue>,
  ): Promise<z.output<S>> {
    return this.call(name, params, schema, ctx, { query });
  }

  post<S extends z.ZodType>(
    name: keyof R & string,
    params: PathParams,
    body: unknown,
    schema: S,
    ctx: RequestContext,
  ): Promise<z.output<S>> {
    return this.call(name, params, schema, ctx, { body });
  }
}

/** Validates a provider body; a mismatch is a clear malformed_response, never a crash. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw new HostingError(
    'malformed_response',
    `${what} returned a body in an unexpected shape (${fields}).`,
    {
      hint: 'The provider API may have changed or be misconfigured (check the base URL). Retry later.',
    },
  );
}
