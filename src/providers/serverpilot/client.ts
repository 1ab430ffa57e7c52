import type { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { Authenticator, HttpClient, RequestContext } from '../../core/http.js';
import { type CallOptions, type PathParams, RouteClient } from '../../core/routes.js';
import { type ServerPilotRoute, serverpilotRoutes } from './routes.js';
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
 * Typed access to the ServerPilot v1 routes: envelope unwrapping and ServerPilot's meaning of
 * 403 and 409. The API has no pagination: list routes return everything in one body.
 */
export class ServerPilotClient extends RouteClient<typeof serverpilotRoutes> {
  constructor(http: HttpClient) {
    super(http, serverpilotRoutes);
  }

  listServers(ctx: RequestContext): Promise<v.SpServer[]> {
    return this.read('servers.index', {}, v.server.array(), ctx);
  }

  getServer(id: string, ctx: RequestContext): Promise<v.SpServer> {
    return this.read('servers.show', { server: id }, v.server, ctx);
  }

  createServer(
    body: { name: string; plan?: string; enable_ssh_password_auth?: boolean },
    ctx: RequestContext,
  ): Promise<Written<z.output<typeof v.createdServer>>> {
    return this.write('servers.store', {}, body, v.createdServer, ctx, {
      conflict: `A server named "${body.name}" already exists: pick another name or use list_servers.`,
    });
  }

  listSysusers(ctx: RequestContext): Promise<v.SpSysuser[]> {
    return this.read('sysusers.index', {}, v.sysuser.array(), ctx);
  }

  getSysuser(id: string, ctx: RequestContext): Promise<v.SpSysuser> {
    return this.read('sysusers.show', { sysuser: id }, v.sysuser, ctx);
  }

  createSysuser(
    body: { serverid: string; name: string },
    ctx: RequestContext,
  ): Promise<Written<v.SpSysuser>> {
    return this.write('sysusers.store', {}, body, v.sysuser, ctx, {
      conflict: `The server already has a system user "${body.name}": pass it as \`sysuser\`.`,
    });
  }

  listApps(ctx: RequestContext): Promise<v.SpApp[]> {
    return this.read('apps.index', {}, v.app.array(), ctx);
  }

  getApp(id: string, ctx: RequestContext): Promise<v.SpApp> {
    return this.read('apps.show', { app: id }, v.app, ctx);
  }

  createApp(
    body: { name: string; sysuserid: string; runtime: string; domains: string[] },
    ctx: RequestContext,
  ): Promise<Written<v.SpApp>> {
    return this.write('apps.store', {}, body, v.app, ctx, {
      conflict: `An app named "${body.name}" or one of its domains already exists on that server: use list_sites or pick another name.`,
    });
  }

  /** `domains` replaces the app's whole list: callers always send every domain the app keeps. */
  updateAppDomains(id: string, domains: string[], ctx: RequestContext): Promise<Written<v.SpApp>> {
    return this.write('apps.update', { app: id }, { domains }, v.app, ctx, {
      conflict: 'One of these domains is already used by another app on the server.',
    });
  }

  /** `{auto: true}` enables AutoSSL; `{force}` toggles ForceSSL (always a call of its own). */
  setSsl(
    id: string,
    body: { auto: true } | { force: boolean },
    ctx: RequestContext,
  ): Promise<Written<v.SpSsl>> {
    return this.write('apps.ssl.store', { app: id }, body, v.ssl, ctx);
  }

  getAction(id: string, ctx: RequestContext): Promise<v.SpAction> {
    return this.read('actions.show', { action: id }, v.action, ctx);
  }

  private async read<S extends z.ZodType>(
    route: ServerPilotRoute,
    params: PathParams,
    schema: S,
    ctx: RequestContext,
  ): Promise<z.output<S>> {
    return (await this.send(route, params, schema, ctx)).data;
  }

  private write<S extends z.ZodType>(
    route: ServerPilotRoute,
    params: PathParams,
    body: unknown,
    schema: S,
    ctx: RequestContext,
    hints: { conflict?: string } = {},
  ): Promise<Written<z.output<S>>> {
    return this.send(route, params, schema, ctx, { body }, hints);
  }

  /** Sends a route and unwraps `{data, actionid}`. */
  private async send<S extends z.ZodType>(
    route: ServerPilotRoute,
    params: PathParams,
    schema: S,
    ctx: RequestContext,
    options: CallOptions = {},
    hints: { conflict?: string } = {},
  ): Promise<Written<z.output<S>>> {
    let body: { data: z.output<S>; actionid?: string | null };
    try {
      body = (await this.call(route, params, v.envelope(schema), ctx, options)) as typeof body;
    } catch (error) {
      throw refine(error, hints);
    }
    return { data: body.data, actionid: body.actionid ?? null };
  }
}

/**
 * ServerPilot keys have full account access, so its 403 means "protected resource", not a
 * missing permission; its 409 means "already exists", not a running operation.
 */
function refine(error: unknown, hints: { conflict?: string }): unknown {
  if (!(error instanceof HostingError)) return error;
  let hint: string | undefined;
  if (error.status === 403) {
    hint =
      'ServerPilot protects this resource (e.g. the default serverpilot system user); change it in the dashboard if you must.';
  } else if (error.status === 409) {
    hint = hints.conflict ?? 'The resource already exists: list it instead of creating it again.';
  }
  if (!hint) return error;
  return new HostingError(error.code, error.message, {
    hint,
    status: error.status,
    details: error.details,
    retryAfterSeconds: error.retryAfterSeconds,
    cause: error,
  });
}
