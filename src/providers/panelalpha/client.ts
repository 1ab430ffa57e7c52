import type { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { HttpClient, HttpRequest, HttpResponse, QueryValue, RequestContext } from '../../core/http.js';
import { collectPages } from '../../core/pagination.js';
import type { PathParams } from '../../core/routes.js';
import type { CatalogOperation } from '../kit/catalog.js';
import { CatalogClient, type OperationArgs } from '../kit/catalog-client.js';
import { verb } from '../kit/hints.js';
import { type PanelalphaOperationId, panelalphaCatalog } from './catalog.gen.js';
import * as v from './schemas.js';

/**
 * Items asked for per page. PanelAlpha documents no page size; 100 is what its own WHMCS module
 * asks for (`per_page=100`), so it is known to be accepted and the document caps `per_page` there.
 */
const PAGE_SIZE = 100;

/** The header naming the user a user endpoint acts as (a numeric PanelAlpha user id). */
export const USER_HEADER = 'X-PanelAlpha-User';

const SETTING = 'PANELALPHA_USER_ID';

/** Where valid ids of an admin path are listed, by the collection the path names. */
const LISTED_BY: ReadonlyArray<[RegExp, string]> = [
  [/^\/admin\/servers\/\{id\}/, `Use ${verb('servers.list')} to see valid server ids.`],
  [/^\/admin\/instances\/(failed\/)?\{id\}/, `Use ${verb('sites.list')} to see valid site ids.`],
  [/^\/admin\/tasks\/\{id\}/, `Use ${verb('logs.read')} with source "tasks" to list recent task ids.`],
  [/^\/admin\/users\/\{userId\}/, `Check the PanelAlpha user id (${SETTING} or the \`user\` argument).`],
];

/** A user endpoint answers 404 for records of other users, too. */
const OWNED = `Check the id, and that it belongs to the user the call acts as (\`user\`, else ${SETTING}).`;

/**
 * PanelAlpha operations by catalog id. Admin endpoints carry the admin token only; user endpoints
 * also name the user they act as in `X-PanelAlpha-User` — the one a call gives, else the configured
 * default. Knows the `{data}` envelope and Laravel pagination; nothing about MCP.
 */
export class PanelAlphaClient extends CatalogClient<PanelalphaOperationId> {
  constructor(
    http: HttpClient,
    /** PANELALPHA_USER_ID: a user id or email, for user endpoints when a call names no user. */
    private readonly defaultUser: string | undefined,
  ) {
    super(http, panelalphaCatalog);
  }

  override request(
    id: PanelalphaOperationId,
    args: OperationArgs = {},
    defaults: PathParams = {},
  ): HttpRequest {
    const op = this.operation(id);
    const req = super.request(id, args, defaults);
    const hint = actsAsUser(op) ? OWNED : LISTED_BY.find(([path]) => path.test(op.path))?.[1];
    return hint ? { ...req, notFoundHint: hint } : req;
  }

  /** Sends an operation; a user endpoint acts as the user the call names, else the configured one. */
  override async send<T = unknown>(
    id: PanelalphaOperationId,
    args: OperationArgs,
    ctx: RequestContext,
  ): Promise<HttpResponse<T>> {
    if (!actsAsUser(this.operation(id))) return super.send<T>(id, args, ctx);
    const user = args.headers?.[USER_HEADER] ?? (await this.defaultUserId(ctx));
    try {
      return await super.send<T>(id, withUser(args, user), ctx);
    } catch (error) {
      // A 401 on a user endpoint means a bad token or an unknown user: say which user was used.
      if (!(error instanceof HostingError && error.code === 'unauthorized')) throw error;
      throw new HostingError(
        'unauthorized',
        `PanelAlpha refused the call made as user ${user}: the API token is not accepted or user ${user} does not exist.`,
        {
          status: error.status,
          hint: `Check PANELALPHA_API_TOKEN, and ${SETTING} or the \`user\` argument (a PanelAlpha user id or email).`,
        },
      );
    }
  }

  /** A user-endpoint call acting as `user`, read with `schema`. */
  asUser<S extends z.ZodType>(
    user: string,
    id: PanelalphaOperationId,
    args: OperationArgs,
    schema: S,
    ctx: RequestContext,
  ): Promise<z.output<S>> {
    return this.call(id, withUser(args, user), schema, ctx);
  }

  /** A user-endpoint call acting as `user` whose answer the caller reads (bodies the panel words loosely). */
  async sendAs(
    user: string,
    id: PanelalphaOperationId,
    args: OperationArgs,
    ctx: RequestContext,
  ): Promise<unknown> {
    return (await this.send(id, withUser(args, user), ctx)).body;
  }

  /** Reads a list, following `meta.current_page`/`last_page` until `limit` items are collected. */
  list<S extends z.ZodType>(
    id: PanelalphaOperationId,
    params: PathParams,
    item: S,
    ctx: RequestContext,
    limit: number,
    query: Record<string, QueryValue> = {},
    user?: string,
  ): Promise<{ items: z.output<S>[]; truncated: boolean }> {
    const schema = v.page(item);
    const perPage = Math.min(PAGE_SIZE, Math.max(1, limit));
    return collectPages(async (cursor) => {
      const args = { params, query: { ...query, per_page: perPage, page: cursor } };
      const body = await this.call(id, user ? withUser(args, user) : args, schema, ctx);
      const current = body.meta?.current_page ?? undefined;
      const last = body.meta?.last_page ?? undefined;
      const next = current !== undefined && last !== undefined && current < last ? String(current + 1) : null;
      return { items: body.data as z.output<S>[], next };
    }, limit);
  }

  /** An instance by id, as the admin sees it (whoever owns it). */
  async instance(id: string, ctx: RequestContext): Promise<v.PaInstance> {
    return (await this.get('admin-show-instance-details', { id }, v.single(v.instance), ctx)).data;
  }

  /** The configured default user's id; without one, a user endpoint cannot be called. */
  async defaultUserId(ctx: RequestContext): Promise<string> {
    if (!this.defaultUser) {
      throw new HostingError('config', 'This PanelAlpha call acts as a user, and none is set.', {
        hint: `Set ${SETTING} (a PanelAlpha user id or email) or pass \`user\`.`,
      });
    }
    return this.resolveUser(this.defaultUser, ctx);
  }

  /** Turns a user id or email into the numeric id the user header takes. */
  async resolveUser(ref: string, ctx: RequestContext): Promise<string> {
    const trimmed = ref.trim();
    if (/^\d+$/.test(trimmed)) return trimmed;
    if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) {
      throw new HostingError('invalid_argument', `"${trimmed.slice(0, 80)}" is not a PanelAlpha user.`, {
        hint: 'Pass a numeric PanelAlpha user id or the user’s email address.',
      });
    }
    const found = await this.get(
      'admin-find-user-by-email',
      {},
      v.single(v.user),
      { signal: ctx.signal },
      { email: trimmed },
    );
    return found.data.id;
  }
}

function actsAsUser(op: CatalogOperation): boolean {
  return op.params.some((param) => param.in === 'header' && param.name === USER_HEADER);
}

function withUser(args: OperationArgs, user: string): OperationArgs {
  return { ...args, headers: { ...args.headers, [USER_HEADER]: user } };
}
