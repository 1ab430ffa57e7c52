import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { OperationHandle } from '../../core/operations.js';
import type { Redactor } from '../../core/redact.js';
import {
  bearer,
  compact,
  createProviderHttp,
  logNeeds,
  needId,
  parseInput,
  requireSetting,
  unknownLogSource,
} from '../shared.js';
import type {
  AccountConfig,
  CallContext,
  HostingProvider,
  LogRequest,
  LogSource,
  LogText,
  Operation,
  ProviderDeps,
  SiteRef,
  WriteResult,
} from '../types.js';
import { PanelAlphaClient } from './client.js';
import { panelalphaDoctor } from './doctor.js';
import {
  createServerInput,
  createSiteInput,
  type DeployInput,
  deployInput,
  issueCertificateInput,
} from './inputs.js';
import { compareIds, newest, PanelAlphaLookup, PUSH_TASK } from './lookup.js';
import {
  certificateOperation,
  instanceOperation,
  logLine,
  mapCertificate,
  mapDeployment,
  mapServer,
  mapSite,
  serverOperation,
  taskLine,
  taskOperation,
  taskState,
  taskText,
} from './mapping.js';
import * as v from './schemas.js';

const TITLE = 'PanelAlpha';
const AUTH_HINT =
  'Set PANELALPHA_API_TOKEN to an admin API token (admin area → Configuration → Admins) and PANELALPHA_BASE_URL to the panel address.';

/** Polite polling: PanelAlpha documents no pace, and its work runs on one queue worker. */
const OPERATION_POLL_MS = 5_000;
const SERVER_POLL_MS = 10_000;
/** PanelAlpha documents no rate limit; 60/min is Laravel's default API throttle. */
const REQUESTS_PER_MINUTE = 60;
/** Most log entries read for one tail. */
const LOG_SCAN = 1000;

/** Keys of `connection_config` whose values are credentials, beyond the redactor's own list. */
const CREDENTIAL_KEY = /pass|token|secret|key|hash|credential/i;

const LOG_SOURCES: readonly LogSource[] = [
  { id: 'instance', needs: 'site', description: "a site's activity log" },
  { id: 'server', needs: 'none', description: 'hosting server logs (server narrows to one)' },
  {
    id: 'tasks',
    needs: 'none',
    description: 'background tasks (site narrows; id = one task’s log)',
  },
];

/**
 * The API base: the panel address plus `/api`, under which the reference writes every path. A
 * base URL given with the `/api` already on is accepted as is rather than doubled.
 */
export function panelBaseUrl(value: string): string {
  return `${value
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api$/i, '')}/api`;
}

export class PanelAlphaProvider implements HostingProvider {
  readonly id = 'panelalpha' as const;
  readonly title = TITLE;
  readonly account: string;
  readonly doctor = panelalphaDoctor(() => this.client.http);
  private readonly client: PanelAlphaClient;
  private readonly find: PanelAlphaLookup;
  private readonly redactor: Redactor;

  constructor(account: AccountConfig, deps: ProviderDeps) {
    this.account = account.name;
    this.redactor = deps.redactor;
    const http = createProviderHttp(account, deps, {
      title: TITLE,
      authenticator: bearer(account.settings.api_token ?? ''),
      authHint: AUTH_HINT,
      requestsPerMinute: REQUESTS_PER_MINUTE,
      baseUrl: panelBaseUrl(requireSetting(account, 'base_url')),
      parseError: parsePanelAlphaError,
    });
    this.client = new PanelAlphaClient(http);
    this.find = new PanelAlphaLookup(this.client, account.settings.user_id || undefined);
  }

  close(): Promise<void> {
    return this.client.http.close();
  }

  readonly servers = {
    list: async (ctx: CallContext, query: { limit: number }) => {
      const page = await this.client.list('servers.index', {}, v.server, ctx, query.limit);
      return { items: page.items.map(mapServer), truncated: page.truncated };
    },
    get: async (ctx: CallContext, ref: string) => mapServer(await this.find.server(ctx, ref)),
    create: {
      input: createServerInput,
      run: async (
        ctx: CallContext,
        _target: undefined,
        raw: Record<string, unknown>,
      ): Promise<WriteResult> => {
        const input = parseInput(createServerInput, raw, 'create_server', TITLE);
        await this.checkServerType(ctx, input.server_type);
        // Panel credentials arrive as arguments: mark them secret before anything (a dry-run plan,
        // an error body, a log line) can echo them.
        for (const [key, value] of Object.entries(input.connection_config)) {
          if (typeof value === 'string' && (CREDENTIAL_KEY.test(key) || this.redactor.isSecretKey(key)))
            this.redactor.addSecret(value);
        }
        const body = {
          name: input.name,
          type: input.server_type,
          connection_config: input.connection_config,
          server_groups: input.server_groups,
        };
        const created = await this.client.post('servers.store', {}, body, v.single(v.server), ctx);
        const server = created.data;
        return {
          message: `PanelAlpha added hosting server "${server.name}" (${server.id}); it is being set up.`,
          operation: serverOperation(this.account, server),
          resource: mapServer(server),
          next_steps: [
            'Follow it with get_operation.',
            'Sites go on services: link the server to a plan (via its server group) before create_site.',
          ],
        };
      },
    },
  };

  readonly sites = {
    list: async (ctx: CallContext, query: { limit: number; server?: string }) => {
      const serverId = query.server ? (await this.find.server(ctx, query.server)).id : undefined;
      const page = await this.client.list('instances.index', {}, v.instance, ctx, query.limit, {
        server_id: serverId,
      });
      return { items: page.items.map(mapSite), truncated: page.truncated };
    },
    get: async (ctx: CallContext, ref: SiteRef) => mapSite(await this.find.site(ctx, ref)),
    create: {
      input: createSiteInput,
      run: async (
        ctx: CallContext,
        target: { server?: string },
        raw: Record<string, unknown>,
      ): Promise<WriteResult> => {
        const input = parseInput(createSiteInput, raw, 'create_site', TITLE);
        const user = await this.find.user(ctx, input.user);
        const serverId = target.server ? (await this.find.server(ctx, target.server)).id : undefined;
        const service = await this.find.service(ctx, user, input.service, serverId);
        const clone = input.clone_from ? await this.find.site(ctx, { site: input.clone_from }) : undefined;
        const body = compact({
          service_id: intId(service.id),
          install_type: input.install_type,
          template_id: input.template_id,
          clone_instance_id: clone ? intId(clone.id) : undefined,
          name: input.name,
          protocol: input.protocol,
          domain: input.domain?.toLowerCase(),
          dir: input.dir,
          version: input.version,
          language: input.language,
          admin_username: input.admin_username,
          admin_email: input.admin_email,
        });
        const answer = await this.client.userSend(user, 'user.instances.install', {}, ctx, { body });
        const instance = await this.installedInstance(ctx, answer, {
          service: service.id,
          user,
          domain: input.domain?.toLowerCase(),
          name: input.name,
        });
        return {
          message: `PanelAlpha is installing WordPress "${input.name}" on ${instance.domain} (site ${instance.id}).`,
          operation: instanceOperation(this.account, 'site', instance),
          resource: mapSite(instance),
          next_steps: [
            `Point ${instance.domain} at the hosting server, then issue_certificate.`,
            'PanelAlpha generates the WordPress admin password; sign in through PanelAlpha SSO.',
          ],
        };
      },
    },
  };

  readonly deployments = {
    deploy: {
      input: deployInput,
      run: async (ctx: CallContext, ref: SiteRef, raw: Record<string, unknown>): Promise<WriteResult> => {
        const input = parseInput(deployInput, raw, 'deploy_site', TITLE);
        const site = await this.find.site(ctx, ref);
        return input.create_staging
          ? this.createStaging(ctx, site, input)
          : this.pushToLive(ctx, site, input);
      },
    },
    list: async (ctx: CallContext, ref: SiteRef, query: { limit: number }) => {
      const live = await this.liveOf(ctx, await this.find.site(ctx, ref));
      const page = await this.client.list('tasks.index', {}, v.task, ctx, 100, { search_term: live.domain });
      const pushes = page.items
        .filter((task) => PUSH_TASK.test(`${task.type} ${task.name}`))
        .sort((a, b) => compareIds(b.id, a.id));
      return {
        items: pushes.slice(0, query.limit).map((task) => mapDeployment(this.account, live.id, task)),
        truncated: page.truncated || pushes.length > query.limit,
      };
    },
  };

  readonly certificates = {
    issue: {
      input: issueCertificateInput,
      run: async (ctx: CallContext, ref: SiteRef, raw: Record<string, unknown>): Promise<WriteResult> => {
        const input = parseInput(issueCertificateInput, raw, 'issue_certificate', TITLE);
        const site = await this.find.site(ctx, ref);
        const account = hostingAccountOf(site);
        const user = await this.find.user(ctx, input.user, site.user_id);
        const domain = (input.domain ?? site.domain).toLowerCase();
        const domains = await this.client.userCall(
          user,
          'user.ssl.domains',
          { account },
          v.single(z.array(v.sslDomain)),
          ctx,
        );
        const known = domains.data.map((d) => d.domain.toLowerCase());
        if (known.length && !known.includes(domain)) {
          throw new HostingError(
            'invalid_argument',
            `${domain} is not a domain of hosting account ${account}.`,
            {
              hint: `Domains it can secure: ${known.slice(0, 20).join(', ')}.`,
            },
          );
        }
        const offer = await this.find.sslOffer(ctx, user, input.ssl_provider);
        const before = newest(await this.certificatesFor(ctx, user, account, domain));
        await this.client.userSend(user, 'user.ssl.order', { account }, ctx, {
          body: { domain, provider_id: intId(offer.id) },
        });
        const ids = { account, domain, user, site: site.id, since: before?.id ?? '0' };
        const cert = newer(await this.certificatesFor(ctx, user, account, domain), ids.since);
        return {
          message: `PanelAlpha ordered a ${offer.name} certificate for ${domain}.`,
          operation: certificateOperation(this.account, ids, cert),
          ...(cert ? { resource: mapCertificate(cert) } : {}),
          next_steps: [`${domain} must resolve to the hosting server for validation to pass.`],
        };
      },
    },
    list: async (ctx: CallContext, ref: SiteRef) => {
      const site = await this.find.site(ctx, ref);
      const user = await this.find.user(ctx, undefined, site.user_id);
      const certs = await this.certificatesFor(ctx, user, hostingAccountOf(site), site.domain);
      return { items: certs.map(mapCertificate), truncated: false };
    },
  };

  readonly logs = {
    sources: LOG_SOURCES,
    read: (ctx: CallContext, request: LogRequest): Promise<LogText> => this.readLog(ctx, request),
  };

  readonly operations = {
    get: (ctx: CallContext, handle: OperationHandle): Promise<Operation> => this.getOperation(ctx, handle),
    pollIntervalMs: (handle: OperationHandle) =>
      handle.kind === 'server' ? SERVER_POLL_MS : OPERATION_POLL_MS,
  };

  // ---- writes ----------------------------------------------------------------------------------

  private async createStaging(
    ctx: CallContext,
    site: v.PaInstance,
    input: DeployInput,
  ): Promise<WriteResult> {
    if (site.is_staging) {
      throw new HostingError('invalid_argument', `${site.domain} is itself a staging copy.`, {
        hint: 'Pass the live site, or call deploy_site without create_staging to push this copy live.',
      });
    }
    if (site.staging_instance_id) {
      throw new HostingError(
        'conflict',
        `${site.domain} already has a staging copy (site ${site.staging_instance_id}).`,
        { hint: 'Call deploy_site without create_staging to push it to live.' },
      );
    }
    const user = await this.find.user(ctx, input.user, site.user_id);
    const domain = (input.staging_domain ?? `staging.${site.domain}`).toLowerCase();
    const body = compact({
      protocol: site.url?.startsWith('http://') ? 'http://' : 'https://',
      domain,
      dir: input.staging_dir,
    });
    const answer = await this.client.userSend(user, 'user.instances.staging', { instance: site.id }, ctx, {
      body,
    });
    const stagingId =
      v.createdInstance.safeParse(answer).data?.data?.id ??
      (await this.client.get('instances.show', { instance: site.id }, v.single(v.instance), ctx)).data
        .staging_instance_id;
    if (!stagingId) {
      return {
        message: `PanelAlpha accepted the staging copy ${domain} of ${site.domain}, but did not say which site it is.`,
        next_steps: [`Find it with list_sites, then follow it with get_site ${domain}.`],
      };
    }
    const staging = await this.client.get(
      'instances.show',
      { instance: stagingId },
      v.single(v.instance),
      ctx,
    );
    return {
      message: `PanelAlpha is creating staging copy ${staging.data.domain} of ${site.domain}.`,
      operation: instanceOperation(this.account, 'staging', staging.data),
      resource: mapSite(staging.data),
      next_steps: [
        'When it is ready, change the staging site, then deploy_site (without create_staging) to push it live.',
      ],
    };
  }

  private async pushToLive(ctx: CallContext, site: v.PaInstance, input: DeployInput): Promise<WriteResult> {
    const live = await this.liveOf(ctx, site);
    const stagingId = site.is_staging ? site.id : site.staging_instance_id;
    if (!stagingId) {
      throw new HostingError('invalid_argument', `${site.domain} has no staging copy to push to live.`, {
        hint: 'Call deploy_site with create_staging: true, wait for it with get_operation, change the copy, then deploy again.',
      });
    }
    const user = await this.find.user(ctx, input.user, live.user_id ?? site.user_id);
    // The push answers no task id (undocumented body): the task is the new push task listed for
    // the live domain afterwards.
    const before = await this.find.taskIds(ctx, live.domain);
    await this.client.userSend(user, 'user.instances.pushToLive', { instance: stagingId }, ctx);
    const task = await this.find.newTask(ctx, live.domain, before, PUSH_TASK);
    if (!task) {
      return {
        message: `PanelAlpha accepted the push of staging site ${stagingId} to ${live.domain}, but listed no task for it yet.`,
        next_steps: [`Look for it with tail_logs {"source":"tasks","site":"${live.domain}"}.`],
      };
    }
    return {
      message: `PanelAlpha is pushing staging site ${stagingId} to live ${live.domain} (task ${task.id}); this overwrites the live site.`,
      operation: taskOperation(this.account, live.id, task),
      resource: mapDeployment(this.account, live.id, task),
    };
  }

  /** The instance an install created: from the answer when it names one, else found by search. */
  private async installedInstance(
    ctx: CallContext,
    answer: unknown,
    where: { service: string; user: string; domain?: string; name: string },
  ): Promise<v.PaInstance> {
    const full = v.single(v.instance).safeParse(answer);
    if (full.success) return full.data.data;
    const id = v.createdInstance.safeParse(answer).data?.data?.id;
    if (id)
      return (await this.client.get('instances.show', { instance: id }, v.single(v.instance), ctx)).data;
    const page = await this.client.list('instances.index', {}, v.instance, ctx, 100, {
      filter: where.domain ?? where.name,
      service_id: where.service,
      user_id: where.user,
    });
    const found = newest(
      page.items.filter((i) =>
        where.domain ? i.domain.toLowerCase() === where.domain : i.name === where.name,
      ),
    );
    if (!found) {
      throw new HostingError(
        'malformed_response',
        'PanelAlpha accepted the install but no instance for it was found.',
        {
          hint: 'Check list_sites in a minute; do not repeat the install before that.',
        },
      );
    }
    return found;
  }

  // ---- reads -----------------------------------------------------------------------------------

  private async checkServerType(ctx: CallContext, type: string): Promise<void> {
    let types: string[];
    try {
      const body = await this.client.get('servers.types', {}, v.single(z.array(v.serverType)), ctx);
      types = body.data.map((t) => t.type);
    } catch (error) {
      // The check is a courtesy: when the list cannot be read, the panel's own validation decides.
      if (error instanceof HostingError && error.code === 'malformed_response') return;
      throw error;
    }
    if (types.length && !types.includes(type)) {
      throw new HostingError('invalid_argument', `PanelAlpha has no server type "${type}".`, {
        hint: `Server types: ${types.join(', ')}.`,
      });
    }
  }

  /** The live instance of a staging copy (itself when it is live). */
  private async liveOf(ctx: CallContext, site: v.PaInstance): Promise<v.PaInstance> {
    if (!site.is_staging || !site.live_instance_id) return site;
    return (
      await this.client.get('instances.show', { instance: site.live_instance_id }, v.single(v.instance), ctx)
    ).data;
  }

  private async certificatesFor(
    ctx: CallContext,
    user: string,
    account: string,
    domain: string,
  ): Promise<v.PaCertificate[]> {
    const page = await this.client.list(
      'user.ssl.certificates',
      { account },
      v.certificate,
      ctx,
      100,
      { domain },
      user,
    );
    return page.items.filter((cert) => cert.domain.toLowerCase() === domain.toLowerCase());
  }

  private async readLog(ctx: CallContext, request: LogRequest): Promise<LogText> {
    switch (request.source) {
      case 'instance': {
        if (!request.site) throw logNeeds('site', request.source);
        const site = await this.find.site(ctx, { site: request.site, server: request.server });
        const user = await this.find.user(ctx, undefined, site.user_id);
        const page = await this.client.list(
          'user.instances.logs',
          { instance: site.id },
          v.logEntry,
          ctx,
          LOG_SCAN,
          {},
          user,
        );
        return {
          label: `activity log of ${site.domain}`,
          text: chronological(page.items).map(logLine).join('\n'),
          complete: true,
        };
      }
      case 'server': {
        const server = request.server ? await this.find.server(ctx, request.server) : undefined;
        const page = await this.client.list('servers.logs', {}, v.logEntry, ctx, LOG_SCAN);
        const entries = page.items.filter((entry) => !server || entry.server_id === server.id);
        return {
          label: server ? `logs of hosting server ${server.name}` : 'hosting server logs',
          text: chronological(entries).map(logLine).join('\n'),
          complete: true,
        };
      }
      case 'tasks': {
        if (request.id) {
          const found = await this.client.get('tasks.status', { task: request.id }, v.single(v.task), ctx);
          const task = found.data;
          const state = taskState(task.status);
          return {
            label: `task ${task.id} (${task.status})`,
            text: [taskLine(task), taskText(task)].filter(Boolean).join('\n'),
            complete: state !== 'pending' && state !== 'running',
          };
        }
        const site = request.site
          ? await this.find.site(ctx, { site: request.site, server: request.server })
          : undefined;
        const page = await this.client.list('tasks.index', {}, v.task, ctx, 200, {
          search_term: site?.domain,
        });
        return {
          label: site ? `tasks of ${site.domain}` : 'recent tasks',
          text: [...page.items]
            .sort((a, b) => compareIds(a.id, b.id))
            .map(taskLine)
            .join('\n'),
          complete: true,
        };
      }
      default:
        throw unknownLogSource(TITLE, request.source, LOG_SOURCES);
    }
  }

  private async getOperation(ctx: CallContext, handle: OperationHandle): Promise<Operation> {
    const [first, second, third, fourth, fifth] = handle.ids;
    switch (handle.kind) {
      case 'server': {
        const found = await this.client.get(
          'servers.show',
          { server: needId(first) },
          v.single(v.server),
          ctx,
        );
        return serverOperation(this.account, found.data);
      }
      case 'site':
      case 'staging':
        return this.instanceOperation(ctx, handle.kind, needId(first));
      case 'deployment': {
        const found = await this.client.get('tasks.status', { task: needId(first) }, v.single(v.task), ctx);
        return taskOperation(this.account, second ?? null, found.data);
      }
      case 'certificate': {
        const ids = {
          account: needId(first),
          domain: needId(second),
          user: needId(third),
          site: needId(fourth),
          since: fifth ?? '0',
        };
        const cert = newer(await this.certificatesFor(ctx, ids.user, ids.account, ids.domain), ids.since);
        return certificateOperation(this.account, ids, cert);
      }
      default:
        throw new HostingError('invalid_argument', `PanelAlpha has no operations of kind "${handle.kind}".`, {
          hint: 'Use an operation id returned by a PanelAlpha write tool.',
        });
    }
  }

  /** An install or staging copy; a failed one may live only in the failed-instances list. */
  private async instanceOperation(
    ctx: CallContext,
    kind: 'site' | 'staging',
    id: string,
  ): Promise<Operation> {
    let instance: v.PaInstance;
    try {
      instance = (await this.client.get('instances.show', { instance: id }, v.single(v.instance), ctx)).data;
    } catch (error) {
      if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
      const failed = await this.client.get(
        'instances.failed.show',
        { instance: id },
        v.single(v.failedInstance),
        ctx,
      );
      return instanceOperation(this.account, kind, failedAsInstance(failed.data), failureLog(failed.data));
    }
    const operation = instanceOperation(this.account, kind, instance);
    if (operation.state !== 'failed') return operation;
    try {
      const failed = await this.client.get(
        'instances.failed.show',
        { instance: id },
        v.single(v.failedInstance),
        ctx,
      );
      return instanceOperation(this.account, kind, instance, failureLog(failed.data));
    } catch {
      // The failure stands on its own; its log is a bonus.
      return operation;
    }
  }
}

/** PanelAlpha's error body: `{message}`, and `errors` on validation failures. */
export function parsePanelAlphaError(body: unknown) {
  const parsed = v.errorBody.parse(body);
  return { message: parsed.message, fields: parsed.errors };
}

/** Integer ids go out as numbers, as the reference types them. */
function intId(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

function hostingAccountOf(site: v.PaInstance): string {
  if (site.hosting_account_id) return site.hosting_account_id;
  throw new HostingError(
    'malformed_response',
    `PanelAlpha did not say which hosting account holds ${site.domain}.`,
    {
      hint: 'Check the site in the PanelAlpha admin area; its hosting account may have been removed.',
    },
  );
}

/** The newest certificate created after the one that was newest when the order was sent. */
function newer(certs: v.PaCertificate[], since: string): v.PaCertificate | undefined {
  return newest(certs.filter((cert) => compareIds(cert.id, since) > 0));
}

function chronological<T extends { id: string | null; created_at?: string | null }>(
  items: readonly T[],
): T[] {
  return [...items].sort(
    (a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || compareIds(a.id ?? '0', b.id ?? '0'),
  );
}

function failureLog(failed: z.infer<typeof v.failedInstance>): string | null {
  return [failed.log, failed.error].filter(Boolean).join('\n') || null;
}

function failedAsInstance(failed: z.infer<typeof v.failedInstance>): v.PaInstance {
  return {
    id: failed.id,
    name: null,
    domain: failed.domain ?? `instance ${failed.id}`,
    url: null,
    status: 'failed',
    user_id: null,
    service_id: null,
    hosting_account_id: null,
    server_id: null,
    is_staging: null,
    staging_instance_id: null,
    live_instance_id: null,
    wordpress_version: null,
    created_at: null,
  };
}
