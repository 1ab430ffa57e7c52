import { HostingError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http.js';
import { resolveRef } from '../kit/resolve-ref.js';
import type { SiteRef } from '../types.js';
import type { ServerPilotClient } from './client.js';
import { ID } from './input.js';
import * as v from './schemas.js';

const TITLE = 'ServerPilot';
const isId = (ref: string) => ID.test(ref);

/** Servers by id, name or IP address; apps by id, name or domain, optionally within one server. */
export class ServerPilotRefs {
  constructor(private readonly client: ServerPilotClient) {}

  server(ctx: RequestContext, ref: string): Promise<v.SpServer> {
    return resolveRef(ref, {
      kind: 'server',
      provider: TITLE,
      looksLikeId: isId,
      fetch: (id) => this.client.read('get-server', { id }, v.server, ctx),
      list: () => this.client.read('list-servers', {}, v.servers, ctx),
      id: (server) => server.id,
      name: (server) => server.name,
      aliases: (server) => [server.lastaddress],
    });
  }

  /** The app with its details: only Get Details of an App says whether AutoSSL is available. */
  async app(ctx: RequestContext, ref: SiteRef): Promise<v.SpApp> {
    const server = ref.server ? await this.server(ctx, ref.server) : undefined;
    const onServer = (app: v.SpApp) => !server || app.serverid === server.id;
    const found = await resolveRef(ref.site.trim().replace(/\.$/, ''), {
      kind: 'site',
      provider: TITLE,
      looksLikeId: isId,
      fetch: async (id) => {
        const app = await this.client.read('get-app', { id }, v.app, ctx);
        if (!onServer(app)) throw new HostingError('not_found', `App ${id} is not on that server.`);
        return app;
      },
      list: async () => (await this.client.read('list-apps', {}, v.apps, ctx)).filter(onServer),
      id: (app) => app.id,
      name: (app) => app.name,
      aliases: (app) => app.domains ?? [],
    });
    return found.autossl === undefined ? this.client.read('get-app', { id: found.id }, v.app, ctx) : found;
  }
}
