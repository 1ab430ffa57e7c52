import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http.js';
import { verb } from '../kit/hints.js';
import { parseInput, targetServer } from '../shared.js';
import type { SitesCapability, WriteResult } from '../types.js';
import type { ServerPilotAccount } from './account.js';
import { cap } from './client.js';
import { afterApplied } from './errors.js';
import {
  APP_NAME,
  appNameFor,
  domainList,
  ID,
  PHP_ARG,
  pickRuntime,
  SYSUSER_NAME,
  sysuserNameFor,
} from './input.js';
import { appOperation, openAction } from './map-action.js';
import { isConnected } from './map-server.js';
import { appPaths, mapSite } from './map-site.js';
import * as v from './schemas.js';

/** Create-app arguments (CreateAppRequest, without WordPress: that needs an admin password). */
const createSiteInput = z.object({
  domain: z.string().min(3).max(253).optional().describe('Site domain.'),
  domains: z
    .array(z.string().min(3).max(253))
    .max(999)
    .optional()
    .describe('ServerPilot: more domains, e.g. www.<domain>.'),
  name: z
    .string()
    .regex(APP_NAME, 'use 3-30 lowercase letters and digits')
    .optional()
    .describe('ServerPilot: app name (default: from the domain).'),
  php_version: z
    .string()
    .regex(PHP_ARG, 'use a PHP version such as php84 or php8.4')
    .optional()
    .describe('PHP version, e.g. php84.'),
  sysuser: z
    .string()
    .min(1)
    .max(32)
    .optional()
    .describe('ServerPilot: owner system user, id or name; created if new (default: app name).'),
});

interface Owner {
  sysuser: v.SpSysuser;
  actionid: string | null;
  created: boolean;
}

/**
 * Apps are the sites. Each app goes under its own system user (the `sysuser` argument, by id or
 * name), created and named after the app when none exists: ServerPilot's own advice is one user
 * per app so apps cannot read each other's files. No password is set through the model.
 */
export function serverpilotSites(sp: ServerPilotAccount): SitesCapability {
  const { title, account, client, refs } = sp;
  return {
    list: async (ctx, query) => {
      const [server, apps, sysusers] = await Promise.all([
        query.server ? refs.server(ctx, query.server) : undefined,
        client.read('list-apps', {}, v.apps, ctx),
        client.read('list-sysusers', {}, v.sysusers, ctx),
      ]);
      const names = new Map(sysusers.map((u) => [u.id, u.name]));
      const items = apps
        .filter((app) => !server || app.serverid === server.id)
        .map((app) => mapSite(app, names.get(app.sysuserid)));
      return cap(items, query.limit);
    },
    get: async (ctx, ref) => {
      const app = await refs.app(ctx, ref);
      return mapSite(app, (await client.read('get-sysuser', { id: app.sysuserid }, v.sysuser, ctx)).name);
    },
    create: {
      input: createSiteInput,
      run: async (ctx, target, raw): Promise<WriteResult> => {
        const input = parseInput(createSiteInput, raw, verb('sites.create'), title);
        const serverRef = targetServer(target, 'ServerPilot creates an app on a server');
        const domains = domainList(input.domain, input.domains);
        const name = input.name ?? appNameFor(domains[0]);
        const server = await refs.server(ctx, serverRef);
        const runtime = pickRuntime(input.php_version, server.available_runtimes ?? [], server.name);
        const [apps, sysusers] = await Promise.all([
          client.read('list-apps', {}, v.apps, ctx),
          client.read('list-sysusers', {}, v.sysusers, ctx),
        ]);
        // Checked here so a taken name fails before a system user is created for it.
        if (apps.some((app) => app.serverid === server.id && app.name === name)) {
          throw new HostingError('conflict', `Server ${server.name} already has an app named "${name}".`, {
            hint: `Pass another \`name\`, or use ${verb('sites.get')} to look at the existing app.`,
          });
        }
        const owner = await pickSysuser(sp, ctx, server, sysusers, input.sysuser ?? sysuserNameFor(name));
        const created = await client
          .write(
            'create-app',
            {},
            { name, sysuserid: owner.sysuser.id, runtime, domains },
            v.app,
            ctx,
            `An app named "${name}" or one of its domains already exists on that server: use ${verb('sites.list')} or pick another name.`,
          )
          .catch((error: unknown) => {
            throw owner.created
              ? afterApplied(error, [
                  `System user ${owner.sysuser.name} was created for this app and is still there: pass \`sysuser: "${owner.sysuser.name}"\` when retrying.`,
                ])
              : error;
          });
        const app = created.data;
        const actions = [owner.actionid, created.actionid]
          .filter((id): id is string => Boolean(id))
          .map((id) => openAction(id, server.id));
        const paths = appPaths(owner.sysuser.name, app.name);
        return {
          message: `ServerPilot is creating app ${app.name} (${app.id}) on server ${server.name}, runtime ${app.runtime ?? runtime}, owned by ${owner.created ? 'new ' : ''}system user ${owner.sysuser.name}.`,
          operation: actions.length ? appOperation(account, 'site', app.id, actions) : undefined,
          resource: mapSite(app, owner.sysuser.name),
          next_steps: [
            ...(isConnected(server)
              ? []
              : [
                  `Server ${server.name} has not connected yet: ServerPilot applies this once its installer has run.`,
                ]),
            domains.length
              ? `Point DNS for ${domains.join(', ')} at ${server.lastaddress ?? 'the server'}, then call ${verb('certificates.issue')}.`
              : `The app has no domain yet: ${verb('certificates.issue')} with \`domain\` adds one.`,
            `Upload code as ${owner.sysuser.name} over SFTP/SSH to ${paths.web_root}${owner.created ? ' (set that user’s password or SSH key in the ServerPilot dashboard first)' : ''}.`,
          ],
        };
      },
    },
  };
}

/** The app's system user: an existing one (id or name on that server), or a new one by that name. */
async function pickSysuser(
  { client }: ServerPilotAccount,
  ctx: RequestContext,
  server: v.SpServer,
  sysusers: readonly v.SpSysuser[],
  wanted: string,
): Promise<Owner> {
  const onServer = sysusers.filter((u) => u.serverid === server.id);
  const found =
    onServer.find((u) => u.id === wanted) ?? onServer.find((u) => u.name === wanted.toLowerCase());
  if (found) return { sysuser: found, actionid: null, created: false };
  const elsewhere = sysusers.find((u) => u.id === wanted);
  if (elsewhere) {
    throw new HostingError(
      'invalid_argument',
      `System user ${wanted} belongs to another server (${elsewhere.serverid}).`,
      { hint: `Pass a system user of server ${server.name}, or a new name to create one.` },
    );
  }
  const name = wanted.toLowerCase();
  if (!SYSUSER_NAME.test(name)) {
    throw new HostingError(
      'invalid_argument',
      ID.test(wanted)
        ? `No system user ${wanted} on server ${server.name}.`
        : `"${wanted}" is not a valid system user name.`,
      {
        hint: `Pass an existing system user (${onServer.map((u) => u.name).join(', ') || 'none yet'}) or a new name: 3-32 lowercase letters, digits or "-", starting with a letter.`,
      },
    );
  }
  const created = await client.write(
    'create-sysuser',
    {},
    { serverid: server.id, name },
    v.sysuser,
    ctx,
    `The server already has a system user "${name}": pass it as \`sysuser\`.`,
  );
  return { sysuser: created.data, actionid: created.actionid, created: true };
}
