import type { z } from 'zod';
import type { Authenticator, HttpClient, HttpRequest, RequestContext } from '../../core/http.js';
import type { PathParams } from '../../core/routes.js';
import { CatalogClient, type OperationArgs } from '../kit/catalog-client.js';
import { verb } from '../kit/hints.js';
import type { Listing } from '../types.js';
import { type ServerpilotOperationId, serverpilotCatalog } from './catalog.gen.js';
import { refine } from './errors.js';
import * as v from './schemas.js';

/** HTTP Basic credentials: client id as user name, API key as password. */
export function basicCredentials(clientId: string, apiKey: string): string {
  return Buffer.from(`${clientId}:${apiKey}`, 'utf8').toString('base64');
}

export function basicAuth(credentials: string): Authenticator {
  const headers = { authorization: `Basic ${credentials}` };
  return { headers: async () => headers };
}

/** What a write returns: the resource, and the action that tracks the work (absent when none was needed). */
export interface Written<T> {
  data: T;
  actionid: string | null;
}

/**
 * The document names every path parameter `id`, so the kit cannot tell from the name which list
 * shows valid values; the operation's tag can.
 */
const NOT_FOUND_BY_TAG: Record<string, string> = {
  Servers: `Use ${verb('servers.list')} to see valid server ids.`,
  Apps: `Use ${verb('sites.list')} to see valid app ids.`,
  SSL: `Use ${verb('sites.list')} to see valid app ids.`,
  'System Users': `Use ${verb('sites.get')} to see which system user owns an app.`,
  Actions: 'Pass the operation id returned by a ServerPilot write unchanged.',
};

/**
 * ServerPilot v1 operations by catalog id: `{data, actionid}` envelopes unwrapped, and
 * ServerPilot's meaning of 403 and 409. There is no pagination and so no page size to ask for:
 * every list returns the whole account in one body.
 */
export class ServerPilotClient extends CatalogClient<ServerpilotOperationId> {
  constructor(http: HttpClient) {
    super(http, serverpilotCatalog);
  }

  override request(id: ServerpilotOperationId, args?: OperationArgs, defaults?: PathParams): HttpRequest {
    const request = super.request(id, args, defaults);
    return { ...request, notFoundHint: NOT_FOUND_BY_TAG[this.operation(id).tag] ?? request.notFoundHint };
  }

  /** Reads an operation's `data`. */
  async read<S extends z.ZodType>(
    id: ServerpilotOperationId,
    params: PathParams,
    schema: S,
    ctx: RequestContext,
  ): Promise<z.output<S>> {
    return (await this.unwrap(id, { params }, schema, ctx)).data;
  }

  /** Sends a change; `conflict` says what ServerPilot's 409 means for this one. */
  write<S extends z.ZodType>(
    id: ServerpilotOperationId,
    params: PathParams,
    body: unknown,
    schema: S,
    ctx: RequestContext,
    conflict?: string,
  ): Promise<Written<z.output<S>>> {
    return this.unwrap(id, { params, body }, schema, ctx, conflict);
  }

  private async unwrap<S extends z.ZodType>(
    id: ServerpilotOperationId,
    args: OperationArgs,
    schema: S,
    ctx: RequestContext,
    conflict?: string,
  ): Promise<Written<z.output<S>>> {
    try {
      const body = (await this.call(id, args, v.envelope(schema), ctx)) as {
        data: z.output<S>;
        actionid?: string | null;
      };
      return { data: body.data, actionid: body.actionid ?? null };
    } catch (error) {
      throw refine(error, conflict);
    }
  }
}

/** ServerPilot lists have no pages: the whole list comes at once, and `limit` cuts it. */
export function cap<T>(items: T[], limit: number): Listing<T> {
  return { items: items.slice(0, limit), truncated: items.length > limit };
}
