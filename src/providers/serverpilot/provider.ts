import { HostingError } from '../../core/errors.js';
import type { OperationHandle } from '../../core/operations.js';
import { matchRef } from '../../core/resolve.js';
import { createProviderHttp, needId, parseInput } from '../shared.js';
import type {
  AccountConfig,
  CallContext,
  CapabilityName,
  HostingProvider,
  Listing,
  Operation,
  ProviderDeps,
  Server,
  Site,
  SiteRef,
  WriteResult,
} from '../types.js';
import { basicAuth, basicCredentials, ServerPilotClient } from './client.js';
import { serverpilotDoctor } from './doctor.js';
import {
  appNameFor,
  createServerInput,
  createSiteInput,
  domainList,
  ID,
  issueCertificateInput,
  normalizeDomain,
  pickRuntime,
  SYSUSER_NAME,
  sysuserNameFor,
} from './input.js';
import { installerScript } from './installer.js';
import {
  appOperation,
  appPaths,
  isConnected,
  mapCertificates,
  mapServer,
  mapSite,
  openAction,
  serverOperation,
} from './mapping.js';
import * as v from './schemas.js';

/**
 * ServerPilot manages machines you already have: "create server" registers one and hands back an
 * installer to run on it; apps are the sites. Choices made here:
 *  - The installer (it embeds the server's one-time API key) goes to a 0600 file via
 *    deps.secretFiles; results name the file, never the key, and the key joins the redactor.
 *  - A server operation is done when the server's agent has connected and its registration
 *    action (if any) has finished; every other write is followed through its /actions/:id.
 *  - create_site puts each app under its own system user (the `sysuser` argument, by id or
 *    name), creating one named after the app when none exists; ServerPilot's own advice is one
 *    user per app so apps cannot read each other's files. No password is set through the model.
 *  - Domains are always sent as the app's full list, because the API replaces the list.
 *  - No deletes at all (see routes.ts), no custom certificates (they need a private key in the
 *    arguments), no WordPress installs (they need an admin password in the arguments).
 */

const TITLE = 'ServerPilot';
const AUTH_HINT =
  'Set SERVERPILOT_CLIENT_ID and SERVERPILOT_API_KEY to the API credentials from the ServerPilot account settings.';

/** No rate limit is documented; this budget keeps us polite. */
const REQUESTS_PER_MINUTE = 120;
/** The installer takes minutes; actions usually seconds. No interval is documented. */
const SERVER_POLL_MS = 15_000;
const ACTION_POLL_MS = 5_000;

const ALTERNATIVES: Partial<Record<CapabilityName, string>> = {
  deployments:
    'ServerPilot has no deploy API: upload over SFTP, or SSH in as the app’s system user and git pull in its app_dir (get_site shows it).',
  logs: 'ServerPilot has no log API: read /srv/users/<user>/log/<app>/ over SSH (get_site shows log_dir); get_operation shows action status.',
};

export class ServerPilotProvider implements HostingProvider {
  readonly id = 'serverpilot' as const;
  readonly title = TITLE;
  readonly account: string;
  readonly alternatives = ALTERNATIVES;
  readonly doctor = serverpilotDoctor(() => this.client.http);
  private readonly client: ServerPilotClient;

  constructor(
    account: AccountConfig,
    private readonly deps: ProviderDeps,
  ) {
    this.account = account.name;
    const credentials = basicCredentials(account.settings.client_id ?? '', account.settings.api_key ?? '');
    // The header value encodes the API key: it is as secret as the key itself.
    deps.redactor.addSecret(credentials);
    const http = createProviderHttp(account, deps, {
      title: TITLE,
      authenticator: basicAuth(credentials),
      authHint: AUTH_HINT,
      requestsPerMinute: REQUESTS_PER_MINUTE,
      parseError: (body) => ({ message: v.errorBody.parse(body).error?.message }),
    });
    this.client = new ServerPilotClient(http);
  }

  close(): Promise<void> {
    return this.client.http.close();
  }

  readonly servers = {
    list: async (ctx: CallContext, query: { limit: number }): Promise<Listing<Server>> =>
      cap((await this.client.listServers(ctx)).map(mapServer), query.limit),
    get: async (ctx: CallContext, ref: string) => mapServer(await this.findServer(ctx, ref)),
    create: {
      input: createServerInput,
      run: (ctx: CallContext, _target: undefined, raw: Record<string, unknown>) =>
        this.createServer(ctx, raw),
    },
  };

  readonly sites = {
    list: async (ctx: CallContext, query: { limit: number; server?: string }): Promise<Listing<Site>> => {
      const [server, apps, sysusers] = await Promise.all([
        query.server ? this.findServer(ctx, query.server) : undefined,
        this.client.listApps(ctx),
        this.client.listSysusers(ctx),
      ]);
      const names = new Map(sysusers.map((u) => [u.id, u.name]));
      const items = apps
        .filter((app) => !server || app.serverid === server.id)
        .map((app) => mapSite(app, names.get(app.sysuserid)));
      return cap(items, query.limit);
    },
    get: async (ctx: CallContext, ref: SiteRef): Promise<Site> => {
      const app = await this.findApp(ctx, ref);
      return mapSite(app, (await this.client.getSysuser(app.sysuserid, ctx)).name);
    },
    create: {
      input: createSiteInput,
      run: (ctx: CallContext, target: { server?: string }, raw: Record<string, unknown>) =>
        this.createApp(ctx, target, raw),
    },
  };

  readonly certificates = {
    issue: {
      input: issueCertificateInput,
      run: (ctx: CallContext, ref: SiteRef, raw: Record<string, unknown>) =>
        this.enableAutoSsl(ctx, ref, raw),
    },
    list: async (ctx: CallContext, ref: SiteRef) => ({
      items: mapCertificates(await this.findApp(ctx, ref)),
      truncated: false,
    }),
  };

  readonly operations = {
    get: (ctx: CallContext, handle: OperationHandle): Promise<Operation> => this.getOperation(ctx, handle),
    pollIntervalMs: (handle: OperationHandle) => (handle.kind === 'server' ? SERVER_POLL_MS : ACTION_POLL_MS),
  };

  // ---- writes ---------------------------------------------------------------------------------

  private async createServer(ctx: CallContext, raw: Record<string, unknown>): Promise<WriteResult> {
    const input = parseInput(createServerInput, raw, 'create_server', TITLE);
    const created = await this.client.createServer(
      { name: input.name, plan: input.plan, enable_ssh_password_auth: input.ssh_password_auth },
      ctx,
    );
    const server = created.data;
    this.deps.redactor.addSecret(server.apikey);
    let file: string;
    try {
      file = await this.deps.secretFiles.save(
        `serverpilot-installer-${server.name}.sh`,
        installerScript(server),
      );
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'write failed';
      throw new HostingError(
        'provider_error',
        `ServerPilot registered server "${server.name}" (${server.id}), but its installer could not be saved (${reason}).`,
        {
          hint: 'ServerPilot shows a server’s API key only once. Delete this server in the ServerPilot dashboard, point HOSTING_MCP_SECRETS_DIR at a writable directory, then call create_server again.',
        },
      );
    }
    const actions = created.actionid ? [openAction(created.actionid, server.id)] : [];
    return {
      message: `ServerPilot registered server "${server.name}" (${server.id}). Its installer command, which contains the server’s API key, was written to ${file} (readable only by you); the key is not shown here and not logged.`,
      operation: serverOperation(this.account, server, actions),
      resource: { ...mapServer(server), installer_file: file },
      next_steps: [
        `Copy ${file} to a fresh 64-bit Ubuntu LTS machine and run it there as root (sudo sh <file>); then delete the file.`,
        'Follow with get_operation: the server is ready once the installer has run and its agent has connected.',
      ],
    };
  }

  private async createApp(
    ctx: CallContext,
    target: { server?: string },
    raw: Record<string, unknown>,
  ): Promise<WriteResult> {
    const input = parseInput(createSiteInput, raw, 'create_site', TITLE);
    if (!target.server) {
      throw new HostingError('invalid_argument', 'ServerPilot creates an app on a server: pass `server`.', {
        hint: 'Use list_servers to pick one.',
      });
    }
    const domains = domainList(input.domain, input.domains);
    const name = input.name ?? appNameFor(domains[0]);
    const server = await this.findServer(ctx, target.server);
    const runtime = pickRuntime(input.php_version, server.available_runtimes ?? [], server.name);
    const [apps, sysusers] = await Promise.all([this.client.listApps(ctx), this.client.listSysusers(ctx)]);
    // Checked here so a taken name fails before a system user is created for it.
    if (apps.some((app) => app.serverid === server.id && app.name === name)) {
      throw new HostingError('conflict', `Server ${server.name} already has an app named "${name}".`, {
        hint: 'Pass another `name`, or use get_site to look at the existing app.',
      });
    }
    const owner = await this.pickSysuser(ctx, server, sysusers, input.sysuser ?? sysuserNameFor(name));
    const created = await this.client
      .createApp({ name, sysuserid: owner.sysuser.id, runtime, domains }, ctx)
      .catch((error: unknown) => {
        throw owner.created ? withOrphanNote(error, owner.sysuser.name) : error;
      });
    const app = created.data;
    const actions = [owner.actionid, created.actionid]
      .filter((id): id is string => Boolean(id))
      .map((id) => openAction(id, server.id));
    const site = mapSite(app, owner.sysuser.name);
    const paths = appPaths(owner.sysuser.name, app.name);
    return {
      message: `ServerPilot is creating app ${app.name} (${app.id}) on server ${server.name}, runtime ${app.runtime ?? runtime}, owned by ${owner.created ? 'new ' : ''}system user ${owner.sysuser.name}.`,
      operation: actions.length ? appOperation(this.account, 'site', app.id, actions) : undefined,
      resource: site,
      next_steps: [
        ...(isConnected(server)
          ? []
          : [
              `Server ${server.name} has not connected yet: ServerPilot applies this once its installer has run.`,
            ]),
        domains.length
          ? `Point DNS for ${domains.join(', ')} at ${server.lastaddress ?? 'the server'}, then call issue_certificate.`
          : 'The app has no domain yet: issue_certificate with `domain` adds one.',
        `Upload code as ${owner.sysuser.name} over SFTP/SSH to ${paths.web_root}${owner.created ? ' (set that user’s password or SSH key in the ServerPilot dashboard first)' : ''}.`,
      ],
    };
  }

  /** The app's system user: an existing one (id or name on that server), or a new one by that name. */
  private async pickSysuser(
    ctx: CallContext,
    server: v.SpServer,
    sysusers: readonly v.SpSysuser[],
    wanted: string,
  ): Promise<{ sysuser: v.SpSysuser; actionid: string | null; created: boolean }> {
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
    const created = await this.client.createSysuser({ serverid: server.id, name }, ctx);
    return { sysuser: created.data, actionid: created.actionid, created: true };
  }

  /**
   * Enables AutoSSL (and ForceSSL on request). A missing domain is added first, always sending
   * the app's full domain list. A custom certificate is never removed to make room for AutoSSL:
   * that would drop HTTPS, and the user should decide it.
   */
  private async enableAutoSsl(
    ctx: CallContext,
    ref: SiteRef,
    raw: Record<string, unknown>,
  ): Promise<WriteResult> {
    const input = parseInput(issueCertificateInput, raw, 'issue_certificate', TITLE);
    const app = await this.findApp(ctx, ref);
    const domains = app.domains ?? [];
    if (app.ssl && !app.ssl.auto) {
      throw new HostingError(
        'conflict',
        `App ${app.name} uses a custom certificate; ServerPilot will not put AutoSSL over it.`,
        {
          hint: 'Delete the custom certificate in the ServerPilot dashboard (HTTPS stops until AutoSSL is on), then call issue_certificate again.',
        },
      );
    }
    const domain = input.domain ? normalizeDomain(input.domain) : domains[0];
    if (!domain) {
      throw new HostingError('invalid_argument', `App ${app.name} has no domains.`, {
        hint: 'Pass `domain` to add one and secure it.',
      });
    }
    const missing = !domains.includes(domain);
    const autoOn = app.ssl?.auto === true;
    const available = app.autossl?.available === true;
    const dnsStep = (names: readonly string[]) =>
      `Point DNS for ${names.join(', ')} at the app’s server; ServerPilot then obtains the AutoSSL certificate by itself (minutes). Call issue_certificate again after that.`;
    if (!autoOn && !available && !missing) {
      throw new HostingError('conflict', `ServerPilot has no AutoSSL certificate for app ${app.name} yet.`, {
        hint: dnsStep(domains),
      });
    }
    const actions: v.SpAction[] = [];
    const steps: string[] = [];
    const allDomains = missing ? [...domains, domain] : domains;
    if (missing) {
      const updated = await this.client.updateAppDomains(app.id, allDomains, ctx);
      if (updated.actionid) actions.push(openAction(updated.actionid, app.serverid));
      steps.push(`Added ${domain}; the app’s domains are now ${allDomains.join(', ')}.`);
    }
    if (!autoOn && !available) {
      return {
        message: `Added ${domain} to app ${app.name}. AutoSSL is not available for the app yet, so it was not enabled.`,
        operation: actions.length ? appOperation(this.account, 'domains', app.id, actions) : undefined,
        resource: { site_id: app.id, domains: allDomains, autossl: false },
        next_steps: [...steps, dnsStep(allDomains)],
      };
    }
    let ssl: v.SpSsl | null | undefined = app.ssl;
    if (!autoOn) {
      const enabled = await this.client.setSsl(app.id, { auto: true }, ctx);
      if (enabled.actionid) actions.push(openAction(enabled.actionid, app.serverid));
      ssl = enabled.data;
    }
    if (input.force_ssl !== undefined && input.force_ssl !== (ssl?.force === true)) {
      try {
        const forced = await this.client.setSsl(app.id, { force: input.force_ssl }, ctx);
        if (forced.actionid) actions.push(openAction(forced.actionid, app.serverid));
        ssl = forced.data;
      } catch (error) {
        // AutoSSL is already on at this point: report the ForceSSL failure instead of hiding that.
        if (!(error instanceof HostingError)) throw error;
        steps.push(
          `ForceSSL was not changed (${error.message}) Call issue_certificate with force_ssl again once AutoSSL is active.`,
        );
      }
    }
    if (!app.autossl?.domains?.includes(domain)) {
      steps.push(`ServerPilot adds ${domain} to the AutoSSL certificate once its DNS points at the server.`);
    }
    const force = ssl?.force === true;
    const resource = { site_id: app.id, domains: allDomains, autossl: true, force_ssl: force };
    if (actions.length === 0) {
      return {
        message: `AutoSSL is already on for app ${app.name}${force ? ' with ForceSSL' : ''}; nothing changed.`,
        resource,
        next_steps: steps,
      };
    }
    return {
      message: autoOn
        ? `ServerPilot is updating app ${app.name} (AutoSSL was already on${input.force_ssl !== undefined ? `; ForceSSL ${force ? 'on' : 'off'}` : ''}).`
        : `ServerPilot is enabling AutoSSL on app ${app.name}${force ? ' with ForceSSL' : ''}.`,
      operation: appOperation(this.account, 'certificate', app.id, actions),
      resource,
      next_steps: steps,
    };
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** Resolves a server by id, name or IP address. */
  private async findServer(ctx: CallContext, ref: string): Promise<v.SpServer> {
    const wanted = ref.trim();
    if (ID.test(wanted)) {
      try {
        return await this.client.getServer(wanted, ctx);
      } catch (error) {
        if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
      }
    }
    const servers = await this.client.listServers(ctx);
    return matchRef(
      servers.map((server) => ({ id: server.id, name: server.name, server })),
      wanted,
      {
        kind: 'server',
        listTool: 'list_servers',
        provider: TITLE,
        aliases: (item) => [item.server.lastaddress],
      },
    ).server;
  }

  /** Resolves an app by id, name or domain (optionally on one server), with its details. */
  private async findApp(ctx: CallContext, ref: SiteRef): Promise<v.SpApp> {
    const wanted = ref.site.trim();
    const server = ref.server ? await this.findServer(ctx, ref.server) : undefined;
    if (ID.test(wanted)) {
      try {
        const app = await this.client.getApp(wanted, ctx);
        if (!server || app.serverid === server.id) return app;
      } catch (error) {
        if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
      }
    }
    const apps = (await this.client.listApps(ctx)).filter((app) => !server || app.serverid === server.id);
    const match = matchRef(
      apps.map((app) => ({ id: app.id, name: app.name, app })),
      wanted.replace(/\.$/, ''),
      { kind: 'site', listTool: 'list_sites', provider: TITLE, aliases: (item) => item.app.domains ?? [] },
    ).app;
    // Only the details route says whether an AutoSSL certificate is available.
    return this.client.getApp(match.id, ctx);
  }

  private async getOperation(ctx: CallContext, handle: OperationHandle): Promise<Operation> {
    const [subject, ...actionIds] = handle.ids;
    const id = needId(subject);
    const actions = () => Promise.all(actionIds.map((actionId) => this.client.getAction(actionId, ctx)));
    switch (handle.kind) {
      case 'server': {
        const [server, found] = await Promise.all([this.client.getServer(id, ctx), actions()]);
        return serverOperation(this.account, server, found);
      }
      case 'site':
      case 'certificate':
      case 'domains':
        needId(actionIds[0]);
        return appOperation(this.account, handle.kind, id, await actions());
      default:
        throw new HostingError(
          'invalid_argument',
          `ServerPilot has no operations of kind "${handle.kind}".`,
          {
            hint: 'Use an operation id returned by a ServerPilot write tool.',
          },
        );
    }
  }
}

/** The app failed after its new system user was made: say so, so a retry reuses it. */
function withOrphanNote(error: unknown, sysuser: string): unknown {
  if (!(error instanceof HostingError)) return error;
  return new HostingError(error.code, error.message, {
    hint: `${error.hint ?? 'Fix the arguments and try again.'} System user ${sysuser} was created for this app and is still there: pass \`sysuser: "${sysuser}"\` when retrying.`,
    status: error.status,
    details: error.details,
    retryAfterSeconds: error.retryAfterSeconds,
    cause: error,
  });
}

/** ServerPilot lists have no pages: the whole list comes at once, and `limit` cuts it. */
function cap<T>(items: T[], limit: number): Listing<T> {
  return { items: items.slice(0, limit), truncated: items.length > limit };
}
