import { HostingError } from '../../core/errors.js';
import type { OperationHandle } from '../../core/operations.js';
import { bearer, createProviderHttp, isDone, needId, parseInput, requireSetting, tail } from '../shared.js';
import type {
  AccountConfig,
  CallContext,
  HostingProvider,
  LogRequest,
  LogText,
  Operation,
  ProviderDeps,
  SiteRef,
  WriteResult,
} from '../types.js';
import { CoolifyClient, coolifyApiBase, parseCoolifyError } from './client.js';
import { coolifyDoctor } from './doctor.js';
import { hostOf, parseDomains, withHttps } from './fqdn.js';
import { createServerInput, createSiteInput, deployInput, issueCertificateInput } from './inputs.js';
import { COOLIFY_LOG_SOURCES, readCoolifyLog } from './logs.js';
import { applicationList, CoolifyLookups, serverList, serviceList } from './lookups.js';
import {
  certificateOperation,
  deploymentLogText,
  deploymentOperation,
  deploymentState,
  mapApplication,
  mapCertificates,
  mapDeployment,
  mapServer,
  mapService,
  type ServiceWindow,
  serverOperation,
  serviceDomains,
  serviceOperation,
} from './mapping.js';
import { applicationRequest, serverBody } from './requests.js';
import * as v from './schemas.js';

const TITLE = 'Coolify';
const AUTH_HINT =
  'Set COOLIFY_API_TOKEN to a Coolify API token (Keys & Tokens → API tokens) with read, write and deploy; add read:sensitive to read deployment logs.';

/** Validation over SSH takes from seconds to a few minutes (longer with install). */
const SERVER_POLL_MS = 10_000;
const OPERATION_POLL_MS = 5_000;
/** Coolify refreshes container status on a schedule, so a restarted service's status lags. */
const SERVICE_WINDOW: ServiceWindow = { graceMs: 30_000, giveUpMs: 5 * 60_000 };

export class CoolifyProvider implements HostingProvider {
  readonly id = 'coolify' as const;
  readonly title = TITLE;
  readonly account: string;
  readonly client: CoolifyClient;
  readonly lookups: CoolifyLookups;
  readonly doctor = coolifyDoctor(() => this.client.http);
  private readonly pollScale: number;

  constructor(account: AccountConfig, deps: ProviderDeps) {
    this.account = account.name;
    this.pollScale = deps.pollScale ?? 1;
    const baseUrl = coolifyApiBase(requireSetting(account, 'base_url'));
    if (/^http:\/\//i.test(baseUrl) && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/i.test(baseUrl)) {
      deps.logger.warn('Coolify base URL is plain http: the API token travels unencrypted', {
        account: account.name,
      });
    }
    const http = createProviderHttp(account, deps, {
      title: TITLE,
      authenticator: bearer(account.settings.api_token ?? ''),
      authHint: AUTH_HINT,
      // Coolify's API limiter defaults to 200 requests per minute (API_RATE_LIMIT).
      requestsPerMinute: 200,
      parseError: parseCoolifyError,
      baseUrl,
    });
    this.client = new CoolifyClient(http);
    this.lookups = new CoolifyLookups(this.client);
  }

  close(): Promise<void> {
    return this.client.http.close();
  }

  readonly servers = {
    list: async (ctx: CallContext, query: { limit: number }) => {
      const servers = await this.client.get('servers.list', {}, serverList, ctx);
      return { items: servers.slice(0, query.limit).map(mapServer), truncated: servers.length > query.limit };
    },
    get: async (ctx: CallContext, ref: string) => {
      const found = await this.lookups.findServer(ctx, ref);
      return mapServer(await this.client.get('servers.get', { uuid: found.uuid }, v.server, ctx));
    },
    create: {
      input: createServerInput,
      run: (ctx: CallContext, _target: undefined, raw: Record<string, unknown>) =>
        this.createServer(ctx, raw),
    },
  };

  readonly sites = {
    list: (ctx: CallContext, query: { limit: number; server?: string }) => this.listSites(ctx, query),
    get: async (ctx: CallContext, ref: SiteRef) => {
      const [site, index] = await Promise.all([
        this.lookups.findSite(ctx, ref, true),
        this.lookups.serverIndex(ctx),
      ]);
      return site.kind === 'application'
        ? mapApplication(site.app, index.get(site.app.uuid))
        : mapService(site.service, index.get(site.service.uuid));
    },
    create: {
      input: createSiteInput,
      run: (ctx: CallContext, target: { server?: string }, raw: Record<string, unknown>) =>
        this.createSite(ctx, target, raw),
    },
  };

  readonly deployments = {
    deploy: {
      input: deployInput,
      run: (ctx: CallContext, ref: SiteRef, raw: Record<string, unknown>) => this.deploy(ctx, ref, raw),
    },
    list: async (ctx: CallContext, ref: SiteRef, query: { limit: number }) => {
      const app = await this.lookups.findApplication(ctx, ref, 'list_deployments', {
        message: 'Coolify keeps no deployment history for services.',
        hint: 'get_site shows the service status; tail_logs source "application" shows its containers’ logs.',
      });
      const page = await this.client.deployments(app.uuid, ctx, query.limit);
      return {
        items: page.items.map((d) => mapDeployment(this.account, app.uuid, d)),
        truncated: page.truncated,
      };
    },
  };

  readonly certificates = {
    issue: {
      input: issueCertificateInput,
      run: (ctx: CallContext, ref: SiteRef, raw: Record<string, unknown>) =>
        this.issueCertificate(ctx, ref, raw),
    },
    list: async (ctx: CallContext, ref: SiteRef) => {
      const site = await this.lookups.findSite(ctx, ref, true);
      if (site.kind === 'service') {
        return {
          items: mapCertificates(serviceDomains(site.service), site.service.status),
          truncated: false,
        };
      }
      // New domains reach the proxy only when a deployment or restart finishes.
      const latest = (await this.client.deployments(site.app.uuid, ctx, 1)).items[0];
      const applying = latest !== undefined && !isDone(deploymentState(latest.status));
      return {
        items: mapCertificates(parseDomains(site.app.fqdn), site.app.status, applying),
        truncated: false,
      };
    },
  };

  readonly logs = {
    sources: COOLIFY_LOG_SOURCES,
    read: (ctx: CallContext, request: LogRequest): Promise<LogText> =>
      readCoolifyLog(this.client, this.lookups, ctx, request),
  };

  readonly operations = {
    get: (ctx: CallContext, handle: OperationHandle): Promise<Operation> => this.getOperation(ctx, handle),
    pollIntervalMs: (handle: OperationHandle) =>
      handle.kind === 'server' ? SERVER_POLL_MS : OPERATION_POLL_MS,
  };

  // ---- writes -----------------------------------------------------------------------------------

  /** Attaches an existing host over SSH, then starts Coolify's validation of it. */
  private async createServer(ctx: CallContext, raw: Record<string, unknown>): Promise<WriteResult> {
    const input = parseInput(createServerInput, raw, 'create_server', TITLE);
    const key = await this.lookups.pickKey(ctx, input.private_key);
    const body = serverBody(input, key.uuid);
    const created = await this.client.call('servers.create', {}, v.uuidOnly, ctx, { body });
    const steps = [
      `Coolify connects as ${input.user ?? 'root'}@${input.ip_address}:${input.port ?? 22} with key "${key.name}": its public key must be in that user's ~/.ssh/authorized_keys.`,
    ];
    let validating = true;
    try {
      await this.client.call('servers.validate', { uuid: created.uuid }, v.message, ctx, {
        body: input.install ? { install: true } : undefined,
      });
    } catch (error) {
      if (!(error instanceof HostingError)) throw error;
      validating = false;
      steps.push(
        `Validation did not start (${error.message}). Start it in Coolify: Servers → ${input.name} → Validate.`,
      );
    }
    const server = await readBack(
      () => this.client.get('servers.get', { uuid: created.uuid }, v.server, ctx),
      () => v.server.parse({ uuid: created.uuid, name: input.name, ip: input.ip_address }),
    );
    return {
      message: validating
        ? `Coolify added server "${server.name}" (${server.uuid}) and is validating the SSH connection and Docker.`
        : `Coolify added server "${server.name}" (${server.uuid}), but validation did not start.`,
      operation: validating ? serverOperation(this.account, server) : undefined,
      resource: mapServer(server),
      next_steps: steps,
    };
  }

  /** Creates an application (public git repo, inline Dockerfile or image); it is not deployed yet. */
  private async createSite(
    ctx: CallContext,
    target: { server?: string },
    raw: Record<string, unknown>,
  ): Promise<WriteResult> {
    const input = parseInput(createSiteInput, raw, 'create_site', TITLE);
    if (!target.server) {
      throw new HostingError(
        'invalid_argument',
        'Coolify creates an application on a server: pass `server`.',
        {
          hint: 'Use list_servers to pick one.',
        },
      );
    }
    const host = input.domain === undefined ? undefined : hostOf(input.domain);
    if (input.domain !== undefined && !host) {
      throw new HostingError('invalid_argument', `"${input.domain}" is not a valid domain.`, {
        hint: 'Pass a host name such as app.example.com (or a full https:// URL).',
      });
    }
    const [server, project] = await Promise.all([
      this.lookups.findServer(ctx, target.server),
      this.lookups.pickProject(ctx, input.project),
    ]);
    const { route, body } = applicationRequest(input, { project: project.uuid, server: server.uuid });
    const created = await this.client.call(route, {}, v.created, ctx, { body });
    const app = await readBack(
      () => this.client.get('applications.get', { uuid: created.uuid }, v.application, ctx),
      () =>
        v.application.parse({ uuid: created.uuid, name: input.name ?? created.uuid, fqdn: created.domains }),
    );
    const site = mapApplication(app, server.uuid);
    const ready = mapServer(server).ready;
    const steps = [`Deploy it with deploy_site {"site":"${app.uuid}"}.`];
    if (host && site.https === false) {
      steps.push(
        `Point ${host} at ${server.ip ?? 'the server'}, then issue_certificate to serve it over https.`,
      );
    }
    if (!ready) {
      steps.unshift(
        `Server ${server.name} is not usable yet (${mapServer(server).status}): deployments fail until it is.`,
      );
    }
    return {
      message: `Coolify created application "${app.name}" (${app.uuid}) in ${project.name}/${input.environment} on ${server.name}; nothing is deployed yet.`,
      resource: site,
      next_steps: steps,
    };
  }

  /** Applications deploy through POST /deploy; services have no deployments, so they restart. */
  private async deploy(ctx: CallContext, ref: SiteRef, raw: Record<string, unknown>): Promise<WriteResult> {
    const input = parseInput(deployInput, raw, 'deploy_site', TITLE);
    const site = await this.lookups.findSite(ctx, ref);
    if (site.kind === 'service') {
      const service = site.service;
      await this.client.call('services.restart', { uuid: service.uuid }, v.message, ctx, {
        query: { latest: input.force ? true : undefined },
      });
      return {
        message: `Coolify queued a restart of service "${service.name}"${input.force ? ' with fresh images' : ''}: services are deployed by restarting their containers.`,
        operation: serviceOperation(this.account, service, Date.now(), Date.now(), this.serviceWindow()),
      };
    }
    const app = site.app;
    const result = await this.client.call('deploy', {}, v.deployResult, ctx, {
      query: { uuid: app.uuid, force: input.force ? true : undefined },
    });
    const entry = result.deployments?.find((d) => d.resource_uuid === app.uuid) ?? result.deployments?.[0];
    if (!entry?.deployment_uuid) {
      return {
        message: `Coolify did not queue a deployment of ${app.name}: ${entry?.message ?? 'it gave no reason'}.`,
        next_steps: ['list_deployments shows whether one is already queued or running.'],
      };
    }
    const deployment = await this.queuedDeployment(ctx, entry.deployment_uuid);
    return {
      message: `Coolify queued deployment ${deployment.deployment_uuid} of ${app.name}${input.force ? ' (no build cache)' : ''}.`,
      operation: deploymentOperation(this.account, app.uuid, deployment),
      resource: mapDeployment(this.account, app.uuid, deployment),
    };
  }

  /**
   * Coolify has no certificate API: an https:// domain makes the server's proxy obtain a Let's
   * Encrypt certificate. So this switches (or adds) the domain to https, keeping the others, and
   * restarts the app so the proxy gets the new routing labels.
   */
  private async issueCertificate(
    ctx: CallContext,
    ref: SiteRef,
    raw: Record<string, unknown>,
  ): Promise<WriteResult> {
    const input = parseInput(issueCertificateInput, raw, 'issue_certificate', TITLE);
    const app = await this.lookups.findApplication(ctx, ref, 'issue_certificate', {
      message: 'Coolify sets service domains per container, which issue_certificate does not change.',
      hint: 'In Coolify, give the service container an https:// URL (Service → container → Domains), then restart it with deploy_site.',
    });
    const entries = parseDomains(app.fqdn);
    const host = input.domain !== undefined ? hostOf(input.domain) : entries[0]?.host;
    if (!host) {
      throw new HostingError(
        'invalid_argument',
        input.domain !== undefined
          ? `"${input.domain}" is not a valid domain.`
          : `Application ${app.name} has no domain yet.`,
        { hint: 'Pass `domain`, e.g. app.example.com; its DNS must point at the server.' },
      );
    }
    await this.lookups.requireProxy(ctx, app);
    const change = withHttps(entries, host);
    if (change.action !== 'unchanged') {
      try {
        await this.client.call('applications.update', { uuid: app.uuid }, v.uuidOnly, ctx, {
          body: { domains: change.value },
        });
      } catch (error) {
        if (error instanceof HostingError && error.status === 409) {
          throw new HostingError('conflict', `${host} is already used by another Coolify resource.`, {
            status: 409,
            hint: 'Remove the domain from the other resource first, or pick another domain.',
          });
        }
        throw error;
      }
    }
    const steps: string[] = [];
    let restart: v.CoolifyDeployment | undefined;
    if (input.restart ?? change.action !== 'unchanged') {
      const queued = await this.client.call('applications.restart', { uuid: app.uuid }, v.queued, ctx);
      if (queued.deployment_uuid) {
        restart = await this.queuedDeployment(ctx, queued.deployment_uuid);
      } else {
        steps.push(
          `Coolify did not queue the restart (${queued.message ?? 'no reason given'}): run deploy_site to apply.`,
        );
      }
    } else if (change.action !== 'unchanged') {
      steps.push('The proxy applies the new domain on the next restart or deployment (deploy_site).');
    }
    const current =
      change.action === 'unchanged'
        ? app
        : await readBack(
            () => this.client.get('applications.get', { uuid: app.uuid }, v.application, ctx),
            () => ({ ...app, fqdn: change.value }),
          );
    const said = {
      switched: `Coolify now serves ${host} over https (it was http)`,
      added: `Coolify added ${change.url} to ${app.name}`,
      unchanged: `${host} already uses https on ${app.name}`,
    }[change.action];
    const operation = certificateOperation(
      this.account,
      current,
      host,
      restart,
      change.action !== 'unchanged',
    );
    return {
      message: `${said}${restart ? '; a restart is queued so the proxy requests the certificate' : ''}.`,
      operation,
      resource: mapCertificates(parseDomains(current.fqdn), current.status, !operation.done).find(
        (c) => c.domain === host,
      ),
      next_steps: [
        ...steps,
        `${host} must resolve to the server and port 80 must be reachable for Let's Encrypt's HTTP-01 check.`,
        `Verify with \`curl -sI https://${host}\`: until Let's Encrypt issues, the proxy serves its self-signed default certificate (its logs are in Coolify under Servers → Proxy).`,
      ],
    };
  }

  // ---- operations -------------------------------------------------------------------------------

  private async getOperation(ctx: CallContext, handle: OperationHandle): Promise<Operation> {
    const [first, second, third] = handle.ids;
    switch (handle.kind) {
      case 'server': {
        const server = await this.client.get('servers.get', { uuid: needId(first) }, v.server, ctx);
        return serverOperation(this.account, server);
      }
      case 'deployment': {
        const deployment = await this.client.get(
          'deployments.get',
          { uuid: needId(second) },
          v.deployment,
          ctx,
        );
        return withLogTail(deploymentOperation(this.account, needId(first), deployment), deployment);
      }
      case 'certificate': {
        const [app, restart] = await Promise.all([
          this.client.get('applications.get', { uuid: needId(first) }, v.application, ctx),
          third ? this.client.get('deployments.get', { uuid: third }, v.deployment, ctx) : undefined,
        ]);
        const operation = certificateOperation(this.account, app, needId(second), restart);
        return restart ? withLogTail(operation, restart) : operation;
      }
      case 'service': {
        const requestedAt = Number(second);
        if (!Number.isFinite(requestedAt)) needId(undefined);
        const service = await this.client.get('services.get', { uuid: needId(first) }, v.service, ctx);
        return serviceOperation(this.account, service, requestedAt, Date.now(), this.serviceWindow());
      }
      default:
        throw new HostingError('invalid_argument', `Coolify has no operations of kind "${handle.kind}".`, {
          hint: 'Use an operation id returned by a Coolify write tool.',
        });
    }
  }

  /**
   * The deployment Coolify just queued. The write already happened, so a failed read-back must not
   * look like a failed deploy (that invites a second one): Coolify's own answer said "queued".
   */
  private queuedDeployment(ctx: CallContext, uuid: string): Promise<v.CoolifyDeployment> {
    return readBack(
      () => this.client.get('deployments.get', { uuid }, v.deployment, ctx),
      () => v.deployment.parse({ deployment_uuid: uuid, status: 'queued' }),
    );
  }

  private serviceWindow(): ServiceWindow {
    return {
      graceMs: SERVICE_WINDOW.graceMs * this.pollScale,
      giveUpMs: SERVICE_WINDOW.giveUpMs * this.pollScale,
    };
  }

  private async listSites(ctx: CallContext, query: { limit: number; server?: string }) {
    const [apps, services, index] = await Promise.all([
      this.client.get('applications.list', {}, applicationList, ctx),
      this.client.get('services.list', {}, serviceList, ctx),
      query.server
        ? this.lookups
            .findServer(ctx, query.server)
            .then(
              async (server) =>
                new Map([...(await this.lookups.resourcesOf(ctx, server.uuid))].map((u) => [u, server.uuid])),
            )
        : this.lookups.serverIndex(ctx),
    ]);
    const keep = (uuid: string) => !query.server || index.has(uuid);
    const items = [
      ...apps.filter((a) => keep(a.uuid)).map((a) => mapApplication(a, index.get(a.uuid))),
      ...(
        await this.lookups.serviceDetails(
          ctx,
          services.filter((s) => keep(s.uuid)),
        )
      ).map((s) => mapService(s, index.get(s.uuid))),
    ];
    return { items: items.slice(0, query.limit), truncated: items.length > query.limit };
  }
}

/** Reads a resource back after a write, falling back to what the write itself told us. */
async function readBack<T>(read: () => Promise<T>, fallback: () => T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof HostingError) return fallback();
    throw error;
  }
}

/** Adds the failed deployment's visible log lines, or says why there are none. */
function withLogTail(operation: Operation, deployment: v.CoolifyDeployment): Operation {
  if (operation.state !== 'failed') return operation;
  const text = deploymentLogText(deployment.logs);
  if (text === undefined) {
    return {
      ...operation,
      details: { ...operation.details, logs: 'hidden: the API token lacks the read:sensitive permission' },
    };
  }
  return { ...operation, log_tail: tail(text) };
}
