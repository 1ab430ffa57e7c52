import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { ProviderErrorBody } from '../../core/http.js';
import type { OperationHandle } from '../../core/operations.js';
import { matchRef } from '../../core/resolve.js';
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
import { CoolifyClient } from './client.js';
import { domainForCreate, hostOf, parseDomains, withHttps } from './fqdn.js';
import {
  type CreateSiteInput,
  createServerInput,
  createSiteInput,
  deployInput,
  issueCertificateInput,
} from './inputs.js';
import { COOLIFY_LOG_SOURCES, readCoolifyLog } from './logs.js';
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
  proxyType,
  type ServiceWindow,
  serverOperation,
  serviceDomains,
  serviceOperation,
} from './mapping.js';
import * as v from './schemas.js';

const TITLE = 'Coolify';
const AUTH_HINT =
  'Set COOLIFY_API_TOKEN to a Coolify API token (Keys & Tokens → API tokens) with read, write and deploy; add read:sensitive to read deployment logs.';

/** Validation over SSH takes from seconds to a few minutes (longer with install). */
const SERVER_POLL_MS = 10_000;
const OPERATION_POLL_MS = 5_000;
/** Coolify refreshes container status on a schedule, so a restarted service's status lags. */
const SERVICE_WINDOW: ServiceWindow = { graceMs: 30_000, giveUpMs: 5 * 60_000 };

/** Coolify's error bodies: `{message}`, on 422 with `errors` whose values are a string or a list. */
export function parseCoolifyError(body: unknown): ProviderErrorBody {
  const parsed = v.errorBody.parse(body);
  const fields = parsed.errors
    ? Object.fromEntries(
        Object.entries(parsed.errors).map(([key, value]) => [key, Array.isArray(value) ? value : [value]]),
      )
    : undefined;
  return { message: parsed.message, fields };
}

/** The API root: the instance URL plus /api/v1 (tolerating a base URL that already ends in it). */
export function coolifyApiBase(baseUrl: string): string {
  return `${baseUrl
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api(\/v1)?$/i, '')}/api/v1`;
}

export type LocatedSite =
  | { kind: 'application'; app: v.CoolifyApplication }
  | { kind: 'service'; service: v.CoolifyService };

const serverList = z.array(v.server);
const keyList = z.array(v.privateKey);
const projectList = z.array(v.project);
const applicationList = z.array(v.application);
const serviceList = z.array(v.service);
const resourceList = z.array(v.resource);

export class CoolifyProvider implements HostingProvider {
  readonly id = 'coolify' as const;
  readonly title = TITLE;
  readonly account: string;
  readonly client: CoolifyClient;
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
      const found = await this.findServer(ctx, ref);
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
      const [site, index] = await Promise.all([this.findSite(ctx, ref, true), this.serverIndex(ctx)]);
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
      const app = await this.findApplication(ctx, ref, 'list_deployments', {
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
      const site = await this.findSite(ctx, ref, true);
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
    read: (ctx: CallContext, request: LogRequest): Promise<LogText> => readCoolifyLog(this, ctx, request),
  };

  readonly operations = {
    get: (ctx: CallContext, handle: OperationHandle): Promise<Operation> => this.getOperation(ctx, handle),
    pollIntervalMs: (handle: OperationHandle) =>
      (handle.kind === 'server' ? SERVER_POLL_MS : OPERATION_POLL_MS) * this.pollScale,
  };

  // ---- writes -----------------------------------------------------------------------------------

  /** Attaches an existing host over SSH, then starts Coolify's validation of it. */
  private async createServer(ctx: CallContext, raw: Record<string, unknown>): Promise<WriteResult> {
    const input = parseInput(createServerInput, raw, 'create_server', TITLE);
    const key = await this.pickKey(ctx, input.private_key);
    const body = definedOnly({
      name: input.name,
      ip: input.ip_address,
      port: input.port,
      user: input.user,
      private_key_uuid: key.uuid,
      proxy_type: input.proxy_type,
      // Validation is started explicitly below, so its outcome can be followed.
      instant_validate: false,
    });
    const created = await this.client.send('servers.create', {}, v.uuidOnly, ctx, { body });
    const steps = [
      `Coolify connects as ${input.user ?? 'root'}@${input.ip_address}:${input.port ?? 22} with key "${key.name}": its public key must be in that user's ~/.ssh/authorized_keys.`,
    ];
    let validating = true;
    try {
      await this.client.send('servers.validate', { uuid: created.uuid }, v.message, ctx, {
        body: input.install ? { install: true } : undefined,
      });
    } catch (error) {
      if (!(error instanceof HostingError)) throw error;
      validating = false;
      steps.push(
        `Validation did not start (${error.message}). Start it in Coolify: Servers → ${input.name} → Validate.`,
      );
    }
    const server = await this.client.get('servers.get', { uuid: created.uuid }, v.server, ctx);
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
      this.findServer(ctx, target.server),
      this.pickProject(ctx, input.project),
    ]);
    const { route, body } = applicationRequest(input, { project: project.uuid, server: server.uuid });
    const created = await this.client.send(route, {}, v.created, ctx, { body });
    const app = await this.client.get('applications.get', { uuid: created.uuid }, v.application, ctx);
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
    const site = await this.findSite(ctx, ref);
    if (site.kind === 'service') {
      const service = site.service;
      await this.client.send('services.restart', { uuid: service.uuid }, v.message, ctx, {
        query: { latest: input.force ? true : undefined },
      });
      return {
        message: `Coolify queued a restart of service "${service.name}"${input.force ? ' with fresh images' : ''}: services are deployed by restarting their containers.`,
        operation: serviceOperation(this.account, service, Date.now(), Date.now(), this.serviceWindow()),
      };
    }
    const app = site.app;
    const result = await this.client.send('deploy', {}, v.deployResult, ctx, {
      query: { uuid: app.uuid, force: input.force ? true : undefined },
    });
    const entry = result.deployments?.find((d) => d.resource_uuid === app.uuid) ?? result.deployments?.[0];
    if (!entry?.deployment_uuid) {
      return {
        message: `Coolify did not queue a deployment of ${app.name}: ${entry?.message ?? 'it gave no reason'}.`,
        next_steps: ['list_deployments shows whether one is already queued or running.'],
      };
    }
    const deployment = await this.client.get(
      'deployments.get',
      { uuid: entry.deployment_uuid },
      v.deployment,
      ctx,
    );
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
    const app = await this.findApplication(ctx, ref, 'issue_certificate', {
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
    await this.requireProxy(ctx, app);
    const change = withHttps(entries, host);
    if (change.action !== 'unchanged') {
      try {
        await this.client.send('applications.update', { uuid: app.uuid }, v.uuidOnly, ctx, {
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
      const queued = await this.client.send('applications.restart', { uuid: app.uuid }, v.queued, ctx);
      if (queued.deployment_uuid) {
        restart = await this.client.get(
          'deployments.get',
          { uuid: queued.deployment_uuid },
          v.deployment,
          ctx,
        );
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
        : await this.client.get('applications.get', { uuid: app.uuid }, v.application, ctx);
    const said = {
      switched: `Coolify now serves ${host} over https (it was http)`,
      added: `Coolify added ${change.url} to ${app.name}`,
      unchanged: `${host} already uses https on ${app.name}`,
    }[change.action];
    const operation = certificateOperation(this.account, current, host, restart);
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

  private serviceWindow(): ServiceWindow {
    return {
      graceMs: SERVICE_WINDOW.graceMs * this.pollScale,
      giveUpMs: SERVICE_WINDOW.giveUpMs * this.pollScale,
    };
  }

  // ---- lookups ----------------------------------------------------------------------------------

  /** A server by uuid, name or IP (Coolify lists every server in one response). */
  async findServer(ctx: CallContext, ref: string): Promise<v.CoolifyServer> {
    const servers = await this.client.get('servers.list', {}, serverList, ctx);
    return matchRef(
      servers.map((server) => ({ id: server.uuid, name: server.name, server })),
      ref,
      { kind: 'server', listTool: 'list_servers', provider: TITLE, aliases: (item) => [item.server.ip] },
    ).server;
  }

  /**
   * A site by uuid, name or domain among applications and services, optionally on one server.
   * Service domains live on their containers, which only the single read returns: they are
   * fetched when `detailed` is asked for, or when nothing else matched.
   */
  async findSite(ctx: CallContext, ref: SiteRef, detailed = false): Promise<LocatedSite> {
    const [apps, services, scope] = await Promise.all([
      this.client.get('applications.list', {}, applicationList, ctx),
      this.client.get('services.list', {}, serviceList, ctx),
      ref.server ? this.findServer(ctx, ref.server).then((s) => this.resourcesOf(ctx, s.uuid)) : undefined,
    ]);
    const inScope = (uuid: string) => !scope || scope.has(uuid);
    const candidates = (detailedServices: v.CoolifyService[]) => [
      ...apps
        .filter((app) => inScope(app.uuid))
        .map((app) => ({
          id: app.uuid,
          name: app.name,
          hosts: parseDomains(app.fqdn).map((d) => d.host),
          site: { kind: 'application', app } as LocatedSite,
        })),
      ...detailedServices
        .filter((service) => inScope(service.uuid))
        .map((service) => ({
          id: service.uuid,
          name: service.name,
          hosts: serviceDomains(service).map((d) => d.host),
          site: { kind: 'service', service } as LocatedSite,
        })),
    ];
    const options = {
      kind: 'site',
      listTool: 'list_sites',
      provider: TITLE,
      aliases: (c: { hosts: string[] }) => c.hosts,
    };
    let found: LocatedSite;
    try {
      found = matchRef(candidates(services), ref.site, options).site;
    } catch (error) {
      if (!(error instanceof HostingError && error.code === 'not_found') || services.length === 0)
        throw error;
      found = matchRef(
        candidates(
          await this.serviceDetails(
            ctx,
            services.filter((s) => inScope(s.uuid)),
          ),
        ),
        ref.site,
        options,
      ).site;
      return found;
    }
    if (detailed && found.kind === 'service' && !found.service.applications) {
      return {
        kind: 'service',
        service: await this.client.get('services.get', { uuid: found.service.uuid }, v.service, ctx),
      };
    }
    return found;
  }

  /** Finds a site that must be an application for `tool`; services get a clear `unsupported`. */
  async findApplication(
    ctx: CallContext,
    ref: SiteRef,
    tool: string,
    forService: { message: string; hint: string },
  ): Promise<v.CoolifyApplication> {
    const site = await this.findSite(ctx, ref);
    if (site.kind === 'service') {
      throw new HostingError('unsupported', `${site.service.name} is a service. ${forService.message}`, {
        hint: forService.hint,
        details: { tool },
      });
    }
    return site.app;
  }

  private async serviceDetails(ctx: CallContext, services: v.CoolifyService[]): Promise<v.CoolifyService[]> {
    return Promise.all(
      services.map((service) =>
        this.client.get('services.get', { uuid: service.uuid }, v.service, ctx).catch((error: unknown) => {
          // A service deleted between the list and the read is simply shown as listed.
          if (error instanceof HostingError && error.code === 'not_found') return service;
          throw error;
        }),
      ),
    );
  }

  private async resourcesOf(ctx: CallContext, serverUuid: string): Promise<Set<string>> {
    const resources = await this.client.get('servers.resources', { uuid: serverUuid }, resourceList, ctx);
    return new Set(resources.map((r) => r.uuid));
  }

  /**
   * Which server hosts each resource. Applications do not name their server in the API (only
   * tokens with read:sensitive see it nested), so this reads every server's resource list.
   */
  async serverIndex(ctx: CallContext): Promise<Map<string, string>> {
    const servers = await this.client.get('servers.list', {}, serverList, ctx);
    const index = new Map<string, string>();
    const lists = await Promise.allSettled(servers.map((s) => this.resourcesOf(ctx, s.uuid)));
    lists.forEach((result, i) => {
      if (result.status !== 'fulfilled') return;
      for (const uuid of result.value) index.set(uuid, servers[i]!.uuid);
    });
    return index;
  }

  private async listSites(ctx: CallContext, query: { limit: number; server?: string }) {
    const [apps, services, index] = await Promise.all([
      this.client.get('applications.list', {}, applicationList, ctx),
      this.client.get('services.list', {}, serviceList, ctx),
      query.server
        ? this.findServer(ctx, query.server).then(
            async (server) =>
              new Map([...(await this.resourcesOf(ctx, server.uuid))].map((u) => [u, server.uuid])),
          )
        : this.serverIndex(ctx),
    ]);
    const keep = (uuid: string) => !query.server || index.has(uuid);
    const items = [
      ...apps.filter((a) => keep(a.uuid)).map((a) => mapApplication(a, index.get(a.uuid))),
      ...(
        await this.serviceDetails(
          ctx,
          services.filter((s) => keep(s.uuid)),
        )
      ).map((s) => mapService(s, index.get(s.uuid))),
    ];
    return { items: items.slice(0, query.limit), truncated: items.length > query.limit };
  }

  /** The SSH key for a new server: by uuid or name, or the only non-git key the team has. */
  private async pickKey(ctx: CallContext, ref: string | undefined): Promise<v.CoolifyKey> {
    const keys = await this.client.get('keys.list', {}, keyList, ctx);
    const candidates = keys.map((key) => ({ id: key.uuid, name: key.name, key }));
    const listed = candidates.map(({ id, name }) => ({ id, name }));
    if (ref) {
      try {
        return matchRef(candidates, ref, {
          kind: 'private key',
          listTool: 'Coolify (Keys & Tokens)',
          provider: TITLE,
        }).key;
      } catch (error) {
        if (error instanceof HostingError && error.code === 'not_found') {
          throw new HostingError('not_found', `Coolify has no private key "${ref}".`, {
            hint: keys.length
              ? 'Pass private_key with one of the keys listed in details.'
              : 'Add one in Coolify (Keys & Tokens → Private Keys), then retry.',
            details: { keys: listed },
          });
        }
        throw error;
      }
    }
    const usable = keys.filter((key) => !key.is_git_related);
    if (usable.length === 1) return usable[0]!;
    throw new HostingError(
      usable.length ? 'ambiguous' : 'invalid_argument',
      usable.length
        ? `Coolify has ${usable.length} private keys: pass \`private_key\`.`
        : 'Coolify has no private key for SSH.',
      {
        hint: usable.length
          ? 'Pass private_key with the uuid or name of the key whose public half is on the machine.'
          : 'Add one in Coolify (Keys & Tokens → Private Keys) and put its public key on the machine.',
        details: usable.length ? { keys: listed } : undefined,
      },
    );
  }

  private async pickProject(ctx: CallContext, ref: string | undefined): Promise<z.infer<typeof v.project>> {
    const projects = await this.client.get('projects.list', {}, projectList, ctx);
    const candidates = projects.map((project) => ({ id: project.uuid, name: project.name, project }));
    if (ref)
      return matchRef(candidates, ref, { kind: 'project', listTool: 'Coolify (Projects)', provider: TITLE })
        .project;
    if (projects.length === 1) return projects[0]!;
    throw new HostingError(
      projects.length ? 'ambiguous' : 'invalid_argument',
      projects.length
        ? `Coolify has ${projects.length} projects: pass \`project\`.`
        : 'Coolify has no project yet.',
      {
        hint: projects.length
          ? 'Pass project with one of these uuids or names.'
          : 'Create a project in Coolify first.',
        details: projects.length ? { projects: candidates.map(({ id, name }) => ({ id, name })) } : undefined,
      },
    );
  }

  /** Domains without a proxy are ignored by Coolify, so refuse early with the fix. */
  private async requireProxy(ctx: CallContext, app: v.CoolifyApplication): Promise<void> {
    const serverUuid = (await this.serverIndex(ctx)).get(app.uuid);
    if (!serverUuid) return;
    const server = await this.client.get('servers.get', { uuid: serverUuid }, v.server, ctx);
    if (proxyType(server) === 'none') {
      throw new HostingError(
        'invalid_argument',
        `Server ${server.name} runs no proxy, so Coolify cannot obtain certificates there.`,
        {
          hint: 'Choose Traefik or Caddy for the server in Coolify (Servers → Proxy), then retry.',
        },
      );
    }
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

/** Builds the create request for the chosen kind; every field is one the endpoint allows. */
export function applicationRequest(
  input: CreateSiteInput,
  ids: { project: string; server: string },
): {
  route: 'applications.create.public' | 'applications.create.dockerfile' | 'applications.create.dockerimage';
  body: Record<string, unknown>;
} {
  const common = definedOnly({
    project_uuid: ids.project,
    server_uuid: ids.server,
    environment_name: input.environment,
    destination_uuid: input.destination_uuid,
    name: input.name,
    domains: input.domain === undefined ? undefined : domainForCreate(input.domain),
    ports_exposes: input.ports_exposes,
  });
  switch (input.kind) {
    case 'dockerfile':
      // Coolify rejects a Dockerfile that is not base64-encoded.
      return {
        route: 'applications.create.dockerfile',
        body: { ...common, dockerfile: Buffer.from(input.dockerfile ?? '', 'utf8').toString('base64') },
      };
    case 'dockerimage':
      return {
        route: 'applications.create.dockerimage',
        body: { ...common, ...splitImage(input.image ?? '') },
      };
    default:
      return {
        route: 'applications.create.public',
        body: {
          ...common,
          git_repository: repositoryUrl(input.repository ?? ''),
          git_branch: input.branch ?? 'main',
          build_pack: input.build_pack,
        },
      };
  }
}

/** owner/name means a GitHub repository; URLs (https or git@) pass through. */
export function repositoryUrl(repository: string): string {
  const trimmed = repository.trim();
  if (/^(https?:\/\/|git@)/i.test(trimmed)) return trimmed;
  return `https://github.com/${trimmed.replace(/\.git$/, '')}`;
}

/** "ghcr.io/acme/app:1.2" → name + tag; a registry port ("host:5000/app") is not a tag. */
export function splitImage(image: string): {
  docker_registry_image_name: string;
  docker_registry_image_tag?: string;
} {
  const trimmed = image.trim();
  if (trimmed.includes('@')) return { docker_registry_image_name: trimmed };
  const colon = trimmed.lastIndexOf(':');
  if (colon > trimmed.lastIndexOf('/')) {
    return {
      docker_registry_image_name: trimmed.slice(0, colon),
      docker_registry_image_tag: trimmed.slice(colon + 1),
    };
  }
  return { docker_registry_image_name: trimmed };
}

function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
