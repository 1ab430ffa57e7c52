import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { OperationHandle } from '../../core/operations.js';
import { matchRef } from '../../core/resolve.js';
import {
  bearer,
  createProviderHttp,
  logNeeds,
  needId,
  parseInput,
  tail,
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
import { ForgeClient } from './client.js';
import {
  certificateOperation,
  deploymentOperation,
  mapCertificate,
  mapDeployment,
  mapServer,
  mapSite,
  serverOperation,
  siteOperation,
  siteServerId,
} from './mapping.js';
import * as v from './schemas.js';

const TITLE = 'Laravel Forge';
const AUTH_HINT =
  'Set FORGE_API_TOKEN to a Forge API token (Forge → Profile → API) with access to the organization.';

/** Forge asks clients to poll a provisioning server at most once every two minutes. */
const SERVER_POLL_MS = 120_000;
const OPERATION_POLL_MS = 5_000;

/** Create-server arguments (CreateServerRequest). `cloud` is Forge's `provider` field. */
const createServerInput = z.object({
  name: z.string().min(1).max(30).describe('Server name.'),
  cloud: z
    .enum(v.CLOUDS)
    .describe('Forge: cloud to provision on (ocean2 = DigitalOcean; custom = your own VM).'),
  credential_id: z
    .number()
    .int()
    .min(1)
    .max(2_147_483_647)
    .optional()
    .describe('Forge: cloud credential id (default: the org’s only one for that cloud).'),
  region: z.string().optional().describe('Region id, e.g. ams3.'),
  size: z.string().optional().describe('Size id, e.g. s-1vcpu-1gb.'),
  type: z.enum(v.SERVER_TYPES).default('app').describe('Forge: server type (default app).'),
  ubuntu_version: z
    .enum(v.UBUNTU_VERSIONS)
    .default('24.04')
    .describe('Forge: Ubuntu version (default 24.04).'),
  php_version: z
    .string()
    .regex(/^php\d+$/)
    .optional()
    .describe('PHP version, e.g. php84.'),
  database_type: z.string().optional().describe('Forge: e.g. mysql84, postgres17.'),
  network_id: z
    .union([z.number(), z.string()])
    .optional()
    .describe('Forge: private network id (required on hetzner).'),
  ip_address: z.string().optional().describe('Public IP of your own machine.'),
  private_ip_address: z.string().optional().describe('Forge: private IP (custom).'),
});

/** Create-site arguments (CreateSiteRequest). */
const createSiteInput = z.object({
  domain: z.string().min(3).describe('Site domain.'),
  type: z.enum(v.SITE_TYPES).default('php').describe('Forge: site type (default php).'),
  repository: z.string().optional().describe('Git repository, owner/name.'),
  branch: z.string().optional().describe('Git branch (default main).'),
  git_provider: z.enum(v.SOURCE_CONTROL_PROVIDERS).optional().describe('Forge: git host (default github).'),
  php_version: z
    .string()
    .regex(/^php\d+$/)
    .optional()
    .describe('PHP version, e.g. php84.'),
  web_directory: z.string().optional().describe('Forge: web root, e.g. /public.'),
});

/** Let's Encrypt arguments (CreateDomainCertificateRequest, type letsencrypt). */
const issueCertificateInput = z.object({
  domain: z.string().optional().describe('Domain to secure (default: the site’s primary domain).'),
  verification: z
    .enum(v.VERIFICATION_METHODS)
    .default('http-01')
    .describe("Forge: Let's Encrypt challenge (default http-01)."),
  key_type: z.enum(v.KEY_TYPES).default('ecdsa').describe('Forge: key type (default ecdsa).'),
});

const LOG_SOURCES: readonly LogSource[] = [
  { id: 'application', needs: 'site', description: "site's application log (storage/logs)" },
  { id: 'nginx-access', needs: 'site', description: "site's nginx access log" },
  { id: 'nginx-error', needs: 'site', description: "site's nginx error log" },
  {
    id: 'deployment',
    needs: 'site',
    description: 'a deployment’s output (id = deployment id, default latest)',
  },
  {
    id: 'server',
    needs: 'server',
    description: 'a server log file (id = key, e.g. nginx-error, php8.3-fpm, auth)',
  },
  {
    id: 'events',
    needs: 'server',
    description: 'server events (no id: recent events; id: one event’s output)',
  },
];

const SITE_LOG_ROUTES = {
  application: 'organizations.servers.sites.logs.application.show',
  'nginx-access': 'organizations.servers.sites.logs.nginx-access.show',
  'nginx-error': 'organizations.servers.sites.logs.nginx-error.show',
} as const;

interface LocatedSite {
  serverId: string;
  site: v.ForgeSite;
}

export class ForgeProvider implements HostingProvider {
  readonly id = 'forge' as const;
  readonly title = TITLE;
  readonly account: string;
  private readonly client: ForgeClient;
  private readonly pollScale: number;

  constructor(account: AccountConfig, deps: ProviderDeps) {
    this.account = account.name;
    this.pollScale = deps.pollScale ?? 1;
    const token = account.settings.api_token ?? '';
    const http = createProviderHttp(account, deps, {
      title: TITLE,
      authenticator: bearer(token),
      authHint: AUTH_HINT,
      requestsPerMinute: 60,
      parseError: (body) => {
        const parsed = v.errorBody.parse(body);
        return { message: parsed.message, fields: parsed.errors };
      },
    });
    this.client = new ForgeClient(http, account.settings.organization);
  }

  get api(): ForgeClient {
    return this.client;
  }

  close(): Promise<void> {
    return this.client.http.close();
  }

  readonly servers = {
    list: async (ctx: CallContext, query: { limit: number }) => {
      const page = await this.client.list('organizations.servers.index', {}, v.server, ctx, query.limit);
      return { items: page.items.map(mapServer), truncated: page.truncated };
    },
    get: async (ctx: CallContext, ref: string) => mapServer(await this.findServer(ctx, ref)),
    create: {
      input: createServerInput,
      run: async (
        ctx: CallContext,
        _target: undefined,
        raw: Record<string, unknown>,
      ): Promise<WriteResult> => {
        const input = parseInput(createServerInput, raw, 'create_server', TITLE);
        const body = serverBody({
          ...input,
          credential_id: input.credential_id ?? (await this.pickCredential(ctx, input.cloud)),
        });
        const created = await this.client.post(
          'organizations.servers.store',
          {},
          body,
          v.single(v.server),
          ctx,
        );
        const server = created.data;
        return {
          message: `Forge accepted server "${server.attributes.name}" (${server.id}); provisioning takes about 10 minutes.`,
          operation: serverOperation(this.account, server),
          resource: mapServer(server),
          next_steps: [
            'Follow it with get_operation; Forge asks for at most one readiness check every 2 minutes.',
            ...(input.cloud === 'custom'
              ? ['Run the provisioning command Forge shows in its dashboard on your machine.']
              : []),
          ],
        };
      },
    },
  };

  readonly sites = {
    list: async (ctx: CallContext, query: { limit: number; server?: string }) => {
      const page = query.server
        ? await this.client.list(
            'organizations.servers.sites.index',
            { server: (await this.findServer(ctx, query.server)).id },
            v.site,
            ctx,
            query.limit,
          )
        : await this.client.list('organizations.sites.index', {}, v.site, ctx, query.limit);
      return { items: page.items.map(mapSite), truncated: page.truncated };
    },
    get: async (ctx: CallContext, ref: SiteRef) => mapSite((await this.findSite(ctx, ref)).site),
    create: {
      input: createSiteInput,
      run: async (
        ctx: CallContext,
        target: { server?: string },
        raw: Record<string, unknown>,
      ): Promise<WriteResult> => {
        const input = parseInput(createSiteInput, raw, 'create_site', TITLE);
        if (!target.server) {
          throw new HostingError('invalid_argument', 'Forge creates a site on a server: pass `server`.', {
            hint: 'Use list_servers to pick one.',
          });
        }
        const server = await this.findServer(ctx, target.server);
        const body = {
          type: input.type,
          name: input.domain,
          www_redirect_type: 'none',
          php_version: input.php_version,
          web_directory: input.web_directory,
          source_control_provider: input.repository ? (input.git_provider ?? 'github') : undefined,
          repository: input.repository,
          branch: input.repository ? (input.branch ?? 'main') : undefined,
        };
        const created = await this.client.post(
          'organizations.servers.sites.store',
          { server: server.id },
          body,
          v.single(v.site),
          ctx,
        );
        const site = created.data;
        return {
          message: `Forge is creating site ${site.attributes.name} (${site.id}) on server ${server.attributes.name}.`,
          operation: siteOperation(this.account, server.id, site),
          resource: mapSite(site),
          next_steps: ['Point the domain’s DNS at the server, then deploy_site and issue_certificate.'],
        };
      },
    },
  };

  readonly deployments = {
    deploy: {
      input: z.object({}),
      run: async (ctx: CallContext, ref: SiteRef): Promise<WriteResult> => {
        const { serverId, site } = await this.findSite(ctx, ref);
        const created = await this.client.post(
          'organizations.servers.sites.deployments.store',
          { server: serverId, site: site.id },
          undefined,
          v.single(v.deployment),
          ctx,
        );
        return {
          message: `Forge queued deployment ${created.data.id} of ${site.attributes.name}.`,
          operation: deploymentOperation(this.account, serverId, site.id, created.data),
          resource: mapDeployment(this.account, serverId, site.id, created.data),
        };
      },
    },
    list: async (ctx: CallContext, ref: SiteRef, query: { limit: number }) => {
      const { serverId, site } = await this.findSite(ctx, ref);
      const page = await this.client.list(
        'organizations.servers.sites.deployments.index',
        { server: serverId, site: site.id },
        v.deployment,
        ctx,
        query.limit,
        {
          sort: '-created_at',
        },
      );
      return {
        items: page.items.map((d) => mapDeployment(this.account, serverId, site.id, d)),
        truncated: page.truncated,
      };
    },
  };

  readonly certificates = {
    issue: {
      input: issueCertificateInput,
      run: async (ctx: CallContext, ref: SiteRef, raw: Record<string, unknown>): Promise<WriteResult> => {
        const input = parseInput(issueCertificateInput, raw, 'issue_certificate', TITLE);
        const { serverId, site } = await this.findSite(ctx, ref);
        const ids = { server: serverId, site: site.id };
        const name = (input.domain ?? site.attributes.name).toLowerCase();
        const domains = await this.client.list(
          'organizations.servers.sites.domains.index',
          ids,
          v.domain,
          ctx,
          100,
        );
        let domain = domains.items.find((d) => d.attributes.name.toLowerCase() === name);
        const steps: string[] = [];
        if (!domain) {
          const created = await this.client.post(
            'organizations.servers.sites.domains.store',
            ids,
            { name, allow_wildcard_subdomains: false, www_redirect_type: 'none' },
            v.single(v.domain),
            ctx,
          );
          domain = created.data;
          steps.push(`Added domain ${name} to the site.`);
        }
        const body = {
          type: 'letsencrypt',
          letsencrypt: { verification_method: input.verification, key_type: input.key_type },
          enable: true,
        };
        const cert = await this.client.post(
          'organizations.servers.sites.domains.certificates.store',
          { ...ids, domainRecord: domain.id },
          body,
          v.single(v.certificate),
          ctx,
        );
        return {
          message: `Forge is requesting a Let's Encrypt certificate for ${name} (${input.verification}).`,
          operation: certificateOperation(this.account, { ...ids, domain: domain.id }, domain, cert.data),
          resource: mapCertificate(domain, cert.data),
          next_steps: [
            ...steps,
            input.verification === 'http-01'
              ? `${name} must resolve to the server's IP for validation to pass.`
              : 'Create the DNS TXT record Forge asks for, or validation will not pass.',
          ],
        };
      },
    },
    list: async (ctx: CallContext, ref: SiteRef) => {
      const { serverId, site } = await this.findSite(ctx, ref);
      const ids = { server: serverId, site: site.id };
      const domains = await this.client.list(
        'organizations.servers.sites.domains.index',
        ids,
        v.domain,
        ctx,
        100,
      );
      const perDomain = await Promise.all(
        domains.items.map(async (domain) => {
          const certs = await this.client.get(
            'organizations.servers.sites.domains.certificates.index',
            { ...ids, domainRecord: domain.id },
            v.page(v.certificate),
            ctx,
          );
          return certs.data.map((cert) => mapCertificate(domain, cert));
        }),
      );
      return { items: perDomain.flat(), truncated: domains.truncated };
    },
  };

  readonly logs = {
    sources: LOG_SOURCES,
    read: (ctx: CallContext, request: LogRequest): Promise<LogText> => this.readLog(ctx, request),
  };

  readonly operations = {
    get: (ctx: CallContext, handle: OperationHandle): Promise<Operation> => this.getOperation(ctx, handle),
    pollIntervalMs: (handle: OperationHandle) =>
      (handle.kind === 'server' ? SERVER_POLL_MS : OPERATION_POLL_MS) * this.pollScale,
  };

  /** A cloud server needs the org's credential for that cloud; when there is exactly one, use it. */
  private async pickCredential(ctx: CallContext, cloud: string): Promise<number | undefined> {
    if (cloud === 'custom' || cloud === 'laravel') return undefined;
    const page = await this.client.list('organizations.server-credentials.index', {}, v.credential, ctx, 100);
    const matching = page.items.filter((c) => c.attributes.provider === cloud);
    if (matching.length === 1) return Number(matching[0]!.id);
    throw new HostingError(
      matching.length ? 'ambiguous' : 'invalid_argument',
      matching.length
        ? `The organization has ${matching.length} ${cloud} credentials.`
        : `The organization has no ${cloud} credential in Forge.`,
      {
        hint: matching.length
          ? 'Pass credential_id with one of these ids.'
          : `Add a ${cloud} credential in Forge (Organization → Server providers), then retry.`,
        details: matching.length
          ? { candidates: matching.map((c) => ({ id: c.id, name: c.attributes.name })) }
          : undefined,
      },
    );
  }

  /** Resolves a server by numeric id, name or IP address. */
  private async findServer(ctx: CallContext, ref: string): Promise<v.ForgeServer> {
    const trimmed = ref.trim();
    if (/^\d+$/.test(trimmed)) {
      try {
        return (
          await this.client.get('organizations.servers.show', { server: trimmed }, v.single(v.server), ctx)
        ).data;
      } catch (error) {
        if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
      }
    }
    const isIp = /^[\d.]+$|:/.test(trimmed);
    const page = await this.client.list('organizations.servers.index', {}, v.server, ctx, 100, {
      [isIp ? 'filter[ip_address]' : 'filter[name]']: trimmed,
    });
    return matchRef(
      page.items.map((server) => ({ id: server.id, name: server.attributes.name, server })),
      trimmed,
      {
        kind: 'server',
        listTool: 'list_servers',
        provider: TITLE,
        aliases: (item) => [item.server.attributes.ip_address],
      },
    ).server;
  }

  /** Resolves a site by numeric id or domain, optionally within one server. */
  private async findSite(ctx: CallContext, ref: SiteRef): Promise<LocatedSite> {
    const wanted = ref.site.trim();
    const server = ref.server ? await this.findServer(ctx, ref.server) : undefined;
    let candidates: v.ForgeSite[] = [];
    if (/^\d+$/.test(wanted)) {
      try {
        candidates = [
          (await this.client.get('organizations.sites.show', { site: wanted }, v.single(v.site), ctx)).data,
        ];
      } catch (error) {
        if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
      }
    }
    if (candidates.length === 0) {
      const query = { 'filter[name]': wanted };
      const page = server
        ? await this.client.list(
            'organizations.servers.sites.index',
            { server: server.id },
            v.site,
            ctx,
            100,
            query,
          )
        : await this.client.list('organizations.sites.index', {}, v.site, ctx, 100, query);
      candidates = page.items;
    }
    if (server) candidates = candidates.filter((site) => (siteServerId(site) ?? server.id) === server.id);
    const match = matchRef(
      candidates.map((site) => ({ id: site.id, name: site.attributes.name, site })),
      wanted,
      {
        kind: 'site',
        listTool: 'list_sites',
        provider: TITLE,
        aliases: (item) => mapSite(item.site).domains,
      },
    ).site;
    const serverId = siteServerId(match) ?? server?.id;
    if (!serverId) {
      throw new HostingError(
        'invalid_argument',
        `Forge did not say which server hosts site ${match.attributes.name}.`,
        {
          hint: 'Pass `server` as well.',
        },
      );
    }
    return { serverId, site: match };
  }

  private async readLog(ctx: CallContext, request: LogRequest): Promise<LogText> {
    if (request.source === 'server' || request.source === 'events') {
      if (!request.server) throw logNeeds('server', request.source);
      const server = await this.findServer(ctx, request.server);
      if (request.source === 'server') {
        if (!request.id) {
          throw new HostingError('invalid_argument', 'Source "server" needs `id`: the log key.', {
            hint: 'Common keys: nginx-error, nginx-access, php8.3-fpm, mysql, auth.',
          });
        }
        const log = await this.client.get(
          'organizations.servers.logs.show',
          { server: server.id, key: request.id },
          v.single(v.content),
          ctx,
        );
        return {
          label: `${request.id} log of server ${server.attributes.name}`,
          text: log.data.attributes.content ?? '',
          complete: true,
        };
      }
      if (request.id) {
        const out = await this.client.get(
          'organizations.servers.events.output.show',
          { server: server.id, event: request.id },
          v.single(v.output),
          ctx,
        );
        return {
          label: `output of event ${request.id} on ${server.attributes.name}`,
          text: out.data.attributes.output ?? '',
          complete: true,
        };
      }
      const events = await this.client.list(
        'organizations.servers.events.index',
        { server: server.id },
        v.event,
        ctx,
        100,
        { sort: '-created_at' },
      );
      const lines = events.items
        .reverse()
        .map(
          (e) =>
            `${e.attributes.created_at ?? ''} [event ${e.id}] ${e.attributes.description}${e.attributes.ran_as ? ` (as ${e.attributes.ran_as})` : ''}`,
        );
      return { label: `events of server ${server.attributes.name}`, text: lines.join('\n'), complete: true };
    }
    if (!request.site) throw logNeeds('site', request.source);
    const { serverId, site } = await this.findSite(ctx, { site: request.site, server: request.server });
    const ids = { server: serverId, site: site.id };
    if (request.source === 'deployment') {
      const deployment = request.id
        ? (
            await this.client.get(
              'organizations.servers.sites.deployments.show',
              { ...ids, deployment: request.id },
              v.single(v.deployment),
              ctx,
            )
          ).data
        : (
            await this.client.list(
              'organizations.servers.sites.deployments.index',
              ids,
              v.deployment,
              ctx,
              1,
              { sort: '-created_at' },
            )
          ).items[0];
      if (!deployment) {
        throw new HostingError('not_found', `Site ${site.attributes.name} has no deployments yet.`, {
          hint: 'Run deploy_site first.',
        });
      }
      const log = await this.client.get(
        'organizations.servers.sites.deployments.log.show',
        { ...ids, deployment: deployment.id },
        v.single(v.output),
        ctx,
      );
      const state = mapDeployment(this.account, serverId, site.id, deployment).state;
      return {
        label: `deployment ${deployment.id} of ${site.attributes.name} (${deployment.attributes.status})`,
        text: log.data.attributes.output ?? '',
        complete: state !== 'pending' && state !== 'running',
      };
    }
    const route = SITE_LOG_ROUTES[request.source as keyof typeof SITE_LOG_ROUTES];
    if (!route) throw unknownLogSource(TITLE, request.source, LOG_SOURCES);
    const log = await this.client.get(route, ids, v.single(v.content), ctx);
    return {
      label: `${request.source} log of ${site.attributes.name}`,
      text: log.data.attributes.content ?? '',
      complete: true,
    };
  }

  private async getOperation(ctx: CallContext, handle: OperationHandle): Promise<Operation> {
    const [server, site, third, fourth] = handle.ids;
    switch (handle.kind) {
      case 'server': {
        const found = await this.client.get(
          'organizations.servers.show',
          { server: needId(server) },
          v.single(v.server),
          ctx,
        );
        return serverOperation(this.account, found.data);
      }
      case 'site': {
        const found = await this.client.get(
          'organizations.sites.show',
          { site: needId(site) },
          v.single(v.site),
          ctx,
        );
        return siteOperation(this.account, needId(server), found.data);
      }
      case 'deployment': {
        const ids = { server: needId(server), site: needId(site), deployment: needId(third) };
        const found = await this.client.get(
          'organizations.servers.sites.deployments.show',
          ids,
          v.single(v.deployment),
          ctx,
        );
        const operation = deploymentOperation(this.account, ids.server, ids.site, found.data);
        if (operation.state === 'failed') {
          const log = await this.client.get(
            'organizations.servers.sites.deployments.log.show',
            ids,
            v.single(v.output),
            ctx,
          );
          operation.log_tail = tail(log.data.attributes.output);
        }
        return operation;
      }
      case 'certificate': {
        const ids = { server: needId(server), site: needId(site), domainRecord: needId(third) };
        const [domain, cert] = await Promise.all([
          this.client.get('organizations.servers.sites.domains.show', ids, v.single(v.domain), ctx),
          this.client.get(
            'organizations.servers.sites.domains.certificates.show',
            { ...ids, certificate: needId(fourth) },
            v.single(v.certificate),
            ctx,
          ),
        ]);
        return certificateOperation(
          this.account,
          { server: ids.server, site: ids.site, domain: ids.domainRecord },
          domain.data,
          cert.data,
        );
      }
      default:
        throw new HostingError('invalid_argument', `Forge has no operations of kind "${handle.kind}".`, {
          hint: 'Use an operation id returned by a Forge write tool.',
        });
    }
  }
}

/** Builds CreateServerRequest: the cloud block is keyed by the cloud's own name. */
function serverBody(input: z.infer<typeof createServerInput>): Record<string, unknown> {
  const cloudBlock =
    input.cloud === 'custom'
      ? { ip_address: input.ip_address, private_ip_address: input.private_ip_address }
      : {
          region_id: input.region,
          size_id: input.size,
          ...(input.network_id !== undefined ? { network_id: input.network_id } : {}),
        };
  return {
    name: input.name,
    provider: input.cloud,
    type: input.type,
    ubuntu_version: input.ubuntu_version,
    credential_id: input.credential_id,
    php_version: input.php_version,
    database_type: input.database_type,
    [input.cloud]: cloudBlock,
  };
}
