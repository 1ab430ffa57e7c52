import type { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import {
  DryRunStop,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type QueryValue,
  type RequestContext,
} from '../../core/http.js';
import { buildPath, type PathParams, parseBody } from '../../core/routes.js';
import type { CatalogData, CatalogOperation } from './catalog.js';
import { gate, type RequestPolicy } from './gate.js';
import { listVerbFor, verb } from './hints.js';
import { assertCallable } from './policy.js';
import { validateValue } from './validate.js';

/**
 * Every documented operation of one account, for the whole-API tools and the tests: the catalog and
 * a way to send any operation of it with the account's credentials and path defaults.
 */
export interface ProviderApi {
  readonly catalog: CatalogData;
  send<T = unknown>(id: string, args: OperationArgs, ctx: ClientContext): Promise<HttpResponse<T>>;
}

/** What one call of a catalog operation carries besides its id. */
export interface OperationArgs {
  params?: PathParams;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /** For a destructive request: what it destroys, in words a person confirms (default: the policy's reason). */
  destroys?: string;
}

/** A call's context as the client sees it: cancel signal, dry run, and the risk policy of the call. */
export type ClientContext = RequestContext & { policy?: RequestPolicy };

/**
 * Calls a provider's operations by catalog id. The path comes from the document; path parameters
 * are checked and encoded; the body is validated against the document before anything is sent;
 * operations the policy denies are refused. Provider clients add only what is vendor-specific
 * (envelopes, pagination, auth quirks, path defaults such as Forge's organization).
 */
export class CatalogClient<Id extends string> implements ProviderApi {
  constructor(
    readonly http: HttpClient,
    readonly catalog: CatalogData<Id>,
  ) {}

  /** Path params every operation shares (e.g. Forge's organization slug); none by default. */
  protected pathDefaults(_ctx: RequestContext): PathParams | Promise<PathParams> {
    return {};
  }

  operation(id: Id): CatalogOperation {
    const operations = this.catalog.operations as Record<string, CatalogOperation | undefined>;
    const op = Object.hasOwn(operations, id) ? operations[id] : undefined;
    if (!op) throw new Error(`unknown ${this.catalog.provider} operation ${id}`);
    return op;
  }

  /** Builds the request for an operation, refusing bad input before anything is sent. */
  request(id: Id, args: OperationArgs = {}, defaults: PathParams = {}): HttpRequest {
    const op = this.operation(id);
    assertCallable(this.http.title, op);
    const body = args.body;
    if (op.body && body !== undefined) {
      const issues = validateValue(body, op.body.schema, this.catalog.schemas);
      if (issues.length) {
        const fields = issues.map((issue) => `${issue.path}: ${issue.message}`);
        throw new HostingError(
          'invalid_argument',
          `Invalid request for ${this.http.title} ${op.id}: ${fields.join('; ')}. Nothing was sent.`,
          { hint: 'Fix these fields and call again.', details: { fields } },
        );
      }
    } else if (op.body?.required && body === undefined) {
      throw new HostingError('invalid_argument', `${this.http.title} ${op.id} needs a request body.`, {
        hint: 'Pass the body the operation documents.',
      });
    }
    const form = op.body?.contentType === 'application/x-www-form-urlencoded';
    const listHint = op.params
      .filter((param) => param.in === 'path')
      .map((param) => listVerbFor(param.name))
      .findLast(Boolean);
    return {
      method: op.method,
      path: buildPath(op.path, { ...defaults, ...args.params }),
      route: op.id,
      query: args.query,
      headers: args.headers,
      ...(body === undefined ? {} : form ? { form: body as Record<string, string> } : { body }),
      notFoundHint: listHint ? `Use ${verb(listHint)} to see valid ids.` : undefined,
      responseType: op.response === 'text' ? 'text' : undefined,
    };
  }

  /**
   * Sends an operation and returns the raw response (body not validated). Every request passes the
   * risk policy first (see gate.ts); writes are audited with their outcome.
   */
  async send<T = unknown>(id: Id, args: OperationArgs, ctx: ClientContext): Promise<HttpResponse<T>> {
    const op = this.operation(id);
    const req = this.request(id, args, await this.pathDefaults(ctx));
    const risk = await gate(this.http.title, op, req, ctx, args.destroys);
    if (risk === 'read') return this.http.send<T>(req, ctx);
    const outcome = { operation: op.id, method: req.method, path: req.path, risk } as const;
    try {
      const response = await this.http.send<T>(req, ctx);
      ctx.policy?.audit({ ...outcome, event: 'outcome', status: response.status });
      return response;
    } catch (error) {
      if (!(error instanceof DryRunStop)) {
        const failure = error instanceof HostingError ? error : undefined;
        try {
          ctx.policy?.audit({
            ...outcome,
            event: 'outcome',
            status: failure?.status,
            reason: failure?.code ?? 'error',
          });
        } catch {
          // The request already went out; the failure it met is what the caller must see.
        }
      }
      throw error;
    }
  }

  /** Sends an operation and reads the fields a mapper needs with `schema` (the allow-list). */
  async call<S extends z.ZodType>(
    id: Id,
    args: OperationArgs,
    schema: S,
    ctx: ClientContext,
  ): Promise<z.output<S>> {
    const response = await this.send(id, args, ctx);
    return parseBody(schema, response.body, `${this.http.title} ${id}`);
  }

  get<S extends z.ZodType>(
    id: Id,
    params: PathParams,
    schema: S,
    ctx: ClientContext,
    query?: Record<string, QueryValue>,
  ): Promise<z.output<S>> {
    return this.call(id, { params, query }, schema, ctx);
  }

  post<S extends z.ZodType>(
    id: Id,
    params: PathParams,
    body: unknown,
    schema: S,
    ctx: ClientContext,
  ): Promise<z.output<S>> {
    return this.call(id, { params, body }, schema, ctx);
  }
}
