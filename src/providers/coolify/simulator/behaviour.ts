import { laravelErrors, laravelIssues } from '../../../simulator/laravel.js';
import {
  bearerToken,
  SimClock,
  type SimRequest,
  type SimResponse,
  type SimRoute,
  type SimServer,
} from '../../../simulator/sim-server.js';
import { type ExtraRoute, specServer } from '../../../simulator/spec-server.js';
import type { SchemaIssue } from '../../kit/validate.js';
import { coolifyApiCatalog } from '../api-catalog.js';
import type { CoolifyOperationId } from '../catalog.gen.js';
import { parseDomains } from '../fqdn.js';
import { COOLIFY_SANDBOX_TOKEN } from '../sandbox-account.js';
import { SimDatabases } from './databases.js';
import { EnvStore } from './envs.js';
import type { Ability, SimContext } from './overlay.js';
import { samples } from './samples.gen.js';
import {
  COOLIFY_SEED,
  type SeedApplication,
  type SeedDeployment,
  type SeedKey,
  type SeedServer,
  type SeedSubResource,
} from './seed.js';
import {
  add,
  asObject,
  decodeBase64,
  deployScript,
  domainConflict,
  invalidDomains,
  iso,
  isRunning,
  type LogLine,
  logLines,
  normalizeDomains,
  notAllowed,
  notFound,
  ok,
  publicId,
  randomish,
  repositoryPath,
  requireJson,
  validation,
} from './support.js';

/**
 * The behaviour of Coolify v4 over time, on top of the generic simulator of its document
 * (specs/coolify.openapi.yaml, 4.3.10): bearer tokens with abilities, bare JSON bodies, `{message}`
 * and 422 `{message, errors}` errors, and 405 for the GET forms of actions that became POST in 4.3.
 * Every other documented operation is answered from the document by the generic resource store.
 * Async work is computed from the simulated clock on every read, so nothing runs on timers:
 * validation finishes after VALIDATE_MS, a deployment waits in the per-application queue, then
 * walks queued → in_progress → finished/failed while its log grows, and a restarted service goes
 * restarting → starting → running.
 */

const VALIDATE_MS = 20_000;
const INSTALL_MS = 90_000;
const QUEUE_MS = 2_000;
const BUILD_MS = 45_000;
const RESTART_MS = 12_000;
const SERVICE_RESTARTING_MS = 8_000;
const SERVICE_STARTING_MS = 20_000;
const PROXY_RESTART_MS = 6_000;
const DAY = 86_400_000;

interface Key extends SeedKey {
  id: number;
  createdAt: number;
}

interface Server {
  id: number;
  uuid: string;
  name: string;
  description: string | null;
  ip: string;
  port: number;
  user: string;
  keyUuid: string;
  proxyType: 'traefik' | 'caddy' | 'none';
  isBuildServer: boolean;
  sentinelToken: string;
  createdAt: number;
  /** Seeded servers were validated long ago. */
  usable: boolean;
  validation: { startedAt: number; install: boolean } | null;
  destination: { id: number; uuid: string; name: string };
  /** When the proxy was last asked to restart. */
  proxyRestartAt: number | null;
}

interface Environment {
  id: number;
  uuid: string;
  name: string;
}

interface Project {
  id: number;
  uuid: string;
  name: string;
  description: string;
  environments: Environment[];
}

interface Application {
  id: number;
  uuid: string;
  name: string;
  description: string | null;
  kind: 'public' | 'dockerfile' | 'dockerimage';
  buildPack: string;
  gitRepository: string;
  gitBranch: string;
  sourceId: number | null;
  imageName: string | null;
  imageTag: string | null;
  dockerfile: string | null;
  portsExposes: string;
  fqdn: string | null;
  serverUuid: string;
  environmentId: number;
  createdAt: number;
  updatedAt: number;
  logs: string[];
  stoppedAt: number | null;
}

interface Deployment {
  id: number;
  uuid: string;
  appUuid: string;
  createdAt: number;
  startAt: number;
  endAt: number;
  fails: boolean;
  restartOnly: boolean;
  force: boolean;
  commit: string;
  commitMessage: string | null;
  cancelledAt: number | null;
  script: LogLine[];
}

interface SubResource extends SeedSubResource {
  id: number;
}

interface Service {
  id: number;
  uuid: string;
  name: string;
  serviceType: string;
  serverUuid: string;
  environmentId: number;
  createdAt: number;
  containers: SubResource[];
  databases: SubResource[];
  restart: { at: number; fails: boolean } | null;
}

export interface CoolifySimulatorOptions {
  token?: string;
  /** Token abilities, as Coolify's API tokens have them (default root). */
  abilities?: readonly string[];
  /** Simulated milliseconds per real millisecond. */
  speed?: number;
  clock?: SimClock;
}

export class CoolifySimulator {
  readonly clock: SimClock;
  readonly token: string;
  /** The root team is as old as the instance's first key and server. */
  private teamCreatedAt = 0;
  readonly http: SimServer;
  /** When > 0, the next deployments (and service restarts) fail. */
  failNextDeployments = 0;
  private readonly abilities: Set<string>;
  private ids = 100;
  private readonly keys = new Map<string, Key>();
  private readonly servers = new Map<string, Server>();
  private readonly project: Project;
  private readonly applications = new Map<string, Application>();
  private readonly deployments = new Map<string, Deployment>();
  private readonly services = new Map<string, Service>();
  private readonly databases: SimDatabases;
  private readonly envs: EnvStore;
  /** Seed logs already show the seeded deployments' output; later deployments add their own. */
  private readonly seededAt: number;
  private readonly routeOf: SimContext['route'];

  constructor(options: CoolifySimulatorOptions = {}) {
    this.clock = options.clock ?? new SimClock(options.speed ?? 1);
    this.token = options.token ?? COOLIFY_SANDBOX_TOKEN;
    this.abilities = new Set(options.abilities ?? ['root']);
    this.project = {
      id: this.nextId(),
      uuid: COOLIFY_SEED.project.uuid,
      name: COOLIFY_SEED.project.name,
      description: COOLIFY_SEED.project.description,
      environments: COOLIFY_SEED.project.environments.map((e) => ({ ...e, id: this.nextId() })),
    };
    const context: SimContext = {
      clock: this.clock,
      nextId: () => this.nextId(),
      sensitive: () => this.sensitive,
      route: (method, path, ability, handler) => ({
        method,
        path,
        handler: (req: SimRequest) => this.guard(ability, () => handler(req)),
      }),
    };
    this.databases = new SimDatabases(
      context,
      {
        destination: (uuid) => (this.servers.has(uuid) ? this.hostedOn(uuid, 'destination') : undefined),
        environment: (body) => this.environmentOf(body),
      },
      () => this.takeFailure(),
    );
    this.envs = new EnvStore(context, (kind, uuid) =>
      kind === 'applications'
        ? this.applications.has(uuid)
        : kind === 'services'
          ? this.services.has(uuid)
          : this.databases.all.has(uuid),
    );
    this.routeOf = context.route;
    this.seed();
    this.seededAt = this.clock.now();
    this.http = specServer({
      name: 'coolify',
      catalog: coolifyApiCatalog,
      samples,
      basePath: '/api/v1',
      overlay: this.routes(),
      extra: this.postOnly(),
      authenticate: (req) => bearerToken(req) === this.token,
      errors: {
        ...laravelErrors({ status: 400, body: { message: 'Invalid request.', error: 'Invalid JSON.' } }),
        validation: coolifyIssues,
      },
    });
  }

  /** Starts listening; returns the instance URL (the client adds /api/v1). */
  listen(port?: number): Promise<string> {
    return this.http.listen(port);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private get sensitive(): boolean {
    return this.abilities.has('root') || this.abilities.has('read:sensitive');
  }

  // ---- routes -------------------------------------------------------------------------------

  private teamResource() {
    const at = iso(this.teamCreatedAt);
    return {
      id: COOLIFY_SEED.team.id,
      name: COOLIFY_SEED.team.name,
      description: 'The root team of this Coolify instance.',
      personal_team: true,
      created_at: at,
      updated_at: at,
      show_boarding: false,
    };
  }

  private routes(): SimRoute[] {
    const r = this.routeOf;
    return [
      { method: 'GET', path: '/health', public: true, handler: () => ({ status: 200, text: 'OK' }) },
      r('GET', '/version', 'read', () => ({ status: 200, text: COOLIFY_SEED.version })),
      // The token's team as the seed names it (the generic sample would say "string").
      r('GET', '/team', 'read', () => ok(this.teamResource())),
      r('GET', '/teams', 'read', () => ok([this.teamResource()])),

      r('GET', '/servers', 'read', () => ok([...this.servers.values()].map((s) => this.serverListItem(s)))),
      r('POST', '/servers', 'write', (req) => this.createServer(req)),
      r('GET', '/servers/{uuid}', 'read', (req) => this.withServer(req, (s) => ok(this.serverResource(s)))),
      r('GET', '/servers/{uuid}/resources', 'read', (req) =>
        this.withServer(req, (s) => ok(this.resourcesOn(s.uuid))),
      ),
      r('GET', '/servers/{uuid}/domains', 'read', (req) =>
        this.withServer(req, (s) => ok([{ ip: s.ip, domains: this.domainsOn(s.uuid) }])),
      ),
      r('POST', '/servers/{uuid}/validate', 'write', (req) =>
        this.withServer(req, (s) => this.validate(req, s)),
      ),
      r('GET', '/servers/{uuid}/proxy', 'read', (req) =>
        this.withServer(req, (s) =>
          ok({
            proxy_type: s.proxyType === 'none' ? null : s.proxyType.toUpperCase(),
            status: this.proxyStatus(s),
            redirect_enabled: true,
            redirect_url: null,
            generate_exact_labels: false,
          }),
        ),
      ),
      r('POST', '/servers/{uuid}/proxy/restart', 'write', (req) =>
        this.withServer(req, (s) => {
          if (s.proxyType === 'none' || !this.serverState(s).usable)
            return { status: 400, body: { message: 'Server is not usable or has no proxy.' } };
          s.proxyRestartAt = this.clock.now();
          return ok({ message: 'Proxy restart queued.' });
        }),
      ),

      r('GET', '/security/keys', 'read', () => ok([...this.keys.values()].map((k) => this.keyResource(k)))),
      r('GET', '/security/keys/{uuid}', 'read', (req) => {
        const key = this.keys.get(req.params.uuid ?? '');
        return key ? ok(this.keyResource(key)) : notFound('Private Key not found.');
      }),

      r('GET', '/projects', 'read', () =>
        ok([
          {
            id: this.project.id,
            uuid: this.project.uuid,
            name: this.project.name,
            description: this.project.description,
          },
        ]),
      ),

      r('GET', '/applications', 'read', () =>
        ok([...this.applications.values()].map((a) => this.applicationResource(a))),
      ),
      ...(['public', 'dockerfile', 'dockerimage'] as const).map((kind) =>
        r('POST', `/applications/${kind}`, 'write', (req) => this.createApplication(req, kind)),
      ),
      r('GET', '/applications/{uuid}', 'read', (req) =>
        this.withApplication(req, (a) => ok(this.applicationResource(a))),
      ),
      r('PATCH', '/applications/{uuid}', 'write', (req) =>
        this.withApplication(req, (a) => this.updateApplication(req, a)),
      ),
      r('GET', '/applications/{uuid}/logs', 'read', (req) =>
        this.withApplication(req, (a) => this.applicationLogs(req, a)),
      ),
      ...(['start', 'stop', 'restart'] as const).map((action) =>
        r('POST', `/applications/{uuid}/${action}`, 'deploy', (req) =>
          this.withApplication(req, (a) => this.applicationAction(req, a, action)),
        ),
      ),

      r('POST', '/deploy', 'deploy', (req) => this.deploy(req)),
      r('GET', '/deployments', 'read', () =>
        ok(
          [...this.deployments.values()]
            .filter((d) => ['queued', 'in_progress'].includes(this.deploymentStatus(d)))
            .sort((a, b) => a.id - b.id)
            .map((d) => this.deploymentResource(d)),
        ),
      ),
      r('GET', '/deployments/{uuid}', 'read', (req) => {
        const d = this.deployments.get(req.params.uuid ?? '');
        return d ? ok(this.deploymentResource(d)) : notFound('Deployment not found.');
      }),
      r('POST', '/deployments/{uuid}/cancel', 'deploy', (req) => this.cancelDeployment(req)),
      r('GET', '/deployments/applications/{uuid}', 'read', (req) => this.applicationDeployments(req)),

      r('GET', '/services', 'read', () =>
        ok([...this.services.values()].map((s) => this.serviceResource(s, false))),
      ),
      r('GET', '/services/{uuid}', 'read', (req) =>
        this.withService(req, (s) => ok(this.serviceResource(s, true))),
      ),
      r('GET', '/services/{uuid}/logs', 'read', (req) =>
        this.withService(req, (s) => this.serviceLogs(req, s)),
      ),
      ...(['start', 'stop', 'restart'] as const).map((action) =>
        r('POST', `/services/{uuid}/${action}`, 'deploy', (req) =>
          this.withService(req, (s) => this.serviceAction(s, action)),
        ),
      ),

      ...this.databases.routes(),
      ...this.envs.routes(),
    ];
  }

  /**
   * Actions that were GETs before 4.3 still answer GET — with 405 and a pointer to POST — which the
   * document, describing only the POST, cannot say.
   */
  private postOnly(): ExtraRoute[] {
    const actions = [
      '/deploy',
      '/servers/{uuid}/validate',
      ...['applications', 'services', 'databases'].flatMap((kind) =>
        ['start', 'stop', 'restart'].map((action) => `/${kind}/{uuid}/${action}`),
      ),
    ];
    return actions.map((path) => ({
      method: 'GET',
      path,
      why: 'Coolify 4.3 turned these GET actions into POSTs and answers the old GET form with 405.',
      handler: () => ({
        status: 405,
        body: { message: 'This endpoint has changed to a POST request.' },
        headers: { allow: 'POST' },
      }),
    }));
  }

  /** Coolify's ability middleware: root passes everything, otherwise the route's ability is needed. */
  private guard(ability: Ability, handler: () => SimResponse): SimResponse {
    if (this.abilities.has('root') || this.abilities.has(ability)) return handler();
    return { status: 403, body: { message: `Missing required permissions: ${ability}` } };
  }

  // ---- servers ------------------------------------------------------------------------------

  private createServer(req: SimRequest): SimResponse {
    const write = writeBody(req, fieldsOf('create-server'));
    if ('status' in write) return write;
    const { body, errors } = write;
    // The document types these fields; Coolify's validator also requires and bounds them.
    if (typeof body.ip !== 'string' || body.ip === '') add(errors, 'ip', 'The ip field is required.');
    else if (!/^[a-z0-9.:-]+$/i.test(body.ip))
      add(errors, 'ip', 'The ip must be a valid IP address or hostname.');
    if (typeof body.port === 'number' && !(body.port >= 1 && body.port <= 65535))
      add(errors, 'port', 'The port field must be between 1 and 65535.');
    if (typeof body.private_key_uuid !== 'string' || body.private_key_uuid === '')
      add(errors, 'private_key_uuid', 'The private key uuid field is required.');
    if (typeof body.user === 'string' && !/^[a-z_][a-z0-9_-]*$/i.test(body.user))
      add(errors, 'user', 'The user must be a valid Unix username.');
    if (Object.keys(errors).length) return validation(errors);
    const proxyType = typeof body.proxy_type === 'string' ? body.proxy_type : 'traefik';
    const key = this.keys.get(String(body.private_key_uuid));
    if (!key) return notFound('Private key not found.');
    const ip = String(body.ip);
    if ([...this.servers.values()].some((s) => s.ip === ip)) {
      return { status: 400, body: { message: 'A server with this IP/Domain is already in use.' } };
    }
    const server = this.addServer({
      uuid: publicId(this.nextId()),
      name: typeof body.name === 'string' && body.name ? body.name : `server-${this.ids}`,
      description: typeof body.description === 'string' ? body.description : null,
      ip,
      port: typeof body.port === 'number' ? body.port : 22,
      user: typeof body.user === 'string' ? body.user : 'root',
      keyUuid: key.uuid,
      proxyType: proxyType as Server['proxyType'],
      isBuildServer: body.is_build_server === true,
      sentinelToken: `sentinel-${publicId(this.ids)}`,
      createdAt: this.clock.now(),
      usable: false,
    });
    if (body.instant_validate === true) server.validation = { startedAt: this.clock.now(), install: false };
    return { status: 201, body: { uuid: server.uuid } };
  }

  private validate(req: SimRequest, server: Server): SimResponse {
    const install = asObject(req.body).install === true;
    server.validation = { startedAt: this.clock.now(), install };
    return {
      status: 201,
      body: { message: install ? 'Validation and installation started.' : 'Validation started.' },
    };
  }

  /** Reachability as Coolify's ValidateServer leaves it; hosts in 192.0.2.0/24 never answer SSH. */
  private serverState(s: Server): { reachable: boolean; usable: boolean; logs: string | null } {
    if (!s.validation) return { reachable: s.usable, usable: s.usable, logs: null };
    const elapsed = this.clock.now() - s.validation.startedAt;
    if (elapsed < VALIDATE_MS + (s.validation.install ? INSTALL_MS : 0)) {
      return { reachable: false, usable: false, logs: null };
    }
    if (s.ip.startsWith('192.0.2.')) {
      return {
        reachable: false,
        usable: false,
        logs: `Server is not reachable. Please validate your configuration and connection.<br>Check this <a target="_blank" href="https://coolify.io/docs/knowledge-base/server/openssh">documentation</a> for further help. <br><br><div class="text-error">Error: ssh: connect to host ${s.ip} port ${s.port}: Connection timed out</div>`,
      };
    }
    return { reachable: true, usable: true, logs: null };
  }

  /** The proxy is down for a moment while it restarts, then running again. */
  private proxyStatus(s: Server): string {
    if (!this.serverState(s).usable || s.proxyType === 'none') return 'exited';
    const restart = s.proxyRestartAt;
    return restart !== null && this.clock.now() - restart < PROXY_RESTART_MS ? 'restarting' : 'running';
  }

  private serverSettings(s: Server) {
    const state = this.serverState(s);
    return {
      id: s.id,
      server_id: s.id,
      is_reachable: state.reachable,
      is_usable: state.usable,
      is_build_server: s.isBuildServer,
      is_swarm_manager: false,
      is_swarm_worker: false,
      is_cloudflare_tunnel: false,
      is_metrics_enabled: false,
      is_sentinel_enabled: true,
      concurrent_builds: 2,
      dynamic_timeout: 3600,
      deployment_queue_limit: 25,
      docker_cleanup_frequency: '0 0 * * *',
      docker_cleanup_threshold: 80,
      wildcard_domain: null,
      ...(this.sensitive ? { sentinel_token: s.sentinelToken, logdrain_axiom_api_key: null } : {}),
      created_at: iso(s.createdAt),
      updated_at: iso(s.createdAt),
    };
  }

  /** The list shows fewer fields than the single read, and the reachability flags at the top too. */
  private serverListItem(s: Server) {
    const { uuid, name, description, ip, user, port, settings } = this.serverResource(s);
    const { is_reachable, is_usable } = settings;
    return { uuid, name, description, ip, user, port, is_reachable, is_usable, settings };
  }

  private serverResource(s: Server) {
    const state = this.serverState(s);
    return {
      uuid: s.uuid,
      name: s.name,
      description: s.description,
      ip: s.ip,
      port: s.port,
      user: s.user,
      team_id: COOLIFY_SEED.team.id,
      proxy_type: s.proxyType,
      proxy: { type: s.proxyType.toUpperCase(), status: this.proxyStatus(s) },
      high_disk_usage_notification_sent: false,
      unreachable_notification_sent: false,
      unreachable_count: state.reachable ? 0 : 1,
      validation_logs: state.logs,
      swarm_cluster: null,
      settings: this.serverSettings(s),
      created_at: iso(s.createdAt),
      updated_at: iso(s.createdAt),
    };
  }

  private resourcesOn(serverUuid: string) {
    const entry = (id: number, uuid: string, name: string, type: string, status: string, at: number) => ({
      id,
      uuid,
      name,
      type,
      created_at: iso(at),
      updated_at: iso(at),
      status,
    });
    return [
      ...[...this.applications.values()]
        .filter((a) => a.serverUuid === serverUuid)
        .map((a) => entry(a.id, a.uuid, a.name, 'application', this.applicationStatus(a), a.createdAt)),
      ...[...this.services.values()]
        .filter((s) => s.serverUuid === serverUuid)
        .map((s) => entry(s.id, s.uuid, s.name, 'service', this.serviceStatus(s), s.createdAt)),
      ...[...this.databases.all.values()]
        .filter((d) => d.serverUuid === serverUuid)
        .map((d) =>
          entry(d.id, d.uuid, d.name, `standalone-${d.engine}`, this.databases.status(d), d.createdAt),
        ),
    ];
  }

  private domainsOn(serverUuid: string): string[] {
    const apps = [...this.applications.values()].filter((a) => a.serverUuid === serverUuid);
    const services = [...this.services.values()].filter((s) => s.serverUuid === serverUuid);
    return [
      ...apps.flatMap((a) => parseDomains(a.fqdn).map((d) => d.host)),
      ...services.flatMap((s) => s.containers.flatMap((c) => parseDomains(c.fqdn).map((d) => d.host))),
    ];
  }

  private keyResource(k: Key) {
    return {
      id: k.id,
      uuid: k.uuid,
      name: k.name,
      description: k.description,
      ...(this.sensitive ? { private_key: k.privateKey } : {}),
      public_key: k.publicKey,
      fingerprint: k.fingerprint,
      is_git_related: k.isGitRelated,
      team_id: COOLIFY_SEED.team.id,
      created_at: iso(k.createdAt),
      updated_at: iso(k.createdAt),
    };
  }

  // ---- applications -------------------------------------------------------------------------

  private createApplication(req: SimRequest, kind: Application['kind']): SimResponse {
    // Required fields and types are the document's (checked before this runs); what it cannot say
    // — fields it does not list, formats, bounds — Coolify's validator adds.
    const write = writeBody(req, applicationFields());
    if ('status' in write) return write;
    const { body, errors } = write;
    if (Object.keys(errors).length) return validation(errors);
    const environment = this.environmentOf(body);
    if ('status' in environment) return environment;
    const server = this.servers.get(String(body.server_uuid));
    if (!server) return notFound('Server not found.');
    if (body.destination_uuid !== undefined && body.destination_uuid !== server.destination.uuid) {
      return validation({
        destination_uuid: ['Provided destination_uuid does not belong to the specified server.'],
      });
    }
    if (body.ports_exposes !== undefined && !/^\d+(,\d+)*$/.test(String(body.ports_exposes))) {
      add(errors, 'ports_exposes', 'The ports exposes field format is invalid.');
    }
    let dockerfile: string | null = null;
    let imageName: string | null = null;
    let imageTag: string | null = null;
    if (kind === 'public') {
      if (!/^(https?:\/\/|git@)\S+$/.test(String(body.git_repository)))
        add(errors, 'git_repository', 'The git repository field must be a valid git repository URL.');
      if (body.git_branch === '') add(errors, 'git_branch', 'The git branch field is required.');
    } else if (kind === 'dockerfile') {
      dockerfile = decodeBase64(String(body.dockerfile));
      // Coolify's own wording: a string, not a list, for this one.
      if (dockerfile === null) return validation({ dockerfile: 'The dockerfile should be base64 encoded.' });
    } else {
      if (!/^[a-z0-9][a-z0-9._\-/:]*$/i.test(String(body.docker_registry_image_name)))
        add(errors, 'docker_registry_image_name', 'The docker registry image name format is invalid.');
      imageName =
        typeof body.docker_registry_image_name === 'string' ? body.docker_registry_image_name : null;
      imageTag =
        typeof body.docker_registry_image_tag === 'string' ? body.docker_registry_image_tag : 'latest';
    }
    const domainError = typeof body.domains === 'string' ? invalidDomains(body.domains) : null;
    if (domainError) add(errors, 'domains', domainError);
    if (Object.keys(errors).length) return validation(errors);
    const id = this.nextId();
    const uuid = publicId(id);
    const conflicts = typeof body.domains === 'string' ? this.domainConflicts(body.domains, uuid) : [];
    if (conflicts.length && body.force_domain_override !== true) return domainConflict(conflicts);
    const repository = kind === 'public' ? String(body.git_repository) : 'coollabsio/coolify';
    const autoDomain = `http://${uuid}.${/^[\d.]+$/.test(server.ip) ? server.ip : '127.0.0.1'}.sslip.io`;
    const app: Application = {
      id,
      uuid,
      name:
        typeof body.name === 'string' && body.name
          ? body.name
          : kind === 'public'
            ? `${repositoryPath(repository)}:${body.git_branch}-${uuid}`
            : `${kind === 'dockerfile' ? 'dockerfile' : 'docker-image'}-${uuid}`,
      description: typeof body.description === 'string' ? body.description : null,
      kind,
      buildPack:
        kind === 'public' ? String(body.build_pack) : kind === 'dockerfile' ? 'dockerfile' : 'dockerimage',
      gitRepository: repository,
      gitBranch: kind === 'public' ? String(body.git_branch) : 'main',
      sourceId: kind === 'public' ? 0 : null,
      imageName,
      imageTag,
      dockerfile,
      portsExposes:
        typeof body.ports_exposes === 'string'
          ? body.ports_exposes
          : kind === 'dockerfile'
            ? (/EXPOSE\s+(\d+)/.exec(dockerfile ?? '')?.[1] ?? '80')
            : kind === 'dockerimage'
              ? '80'
              : '3000',
      fqdn:
        server.proxyType === 'none'
          ? null
          : typeof body.domains === 'string'
            ? normalizeDomains(body.domains)
            : autoDomain,
      serverUuid: server.uuid,
      environmentId: environment.id,
      createdAt: this.clock.now(),
      updatedAt: this.clock.now(),
      logs: [],
      stoppedAt: null,
    };
    this.applications.set(uuid, app);
    if (body.instant_deploy === true) this.queueDeployment(app, { restartOnly: false, force: false });
    return { status: 201, body: { uuid, domains: app.fqdn } };
  }

  private updateApplication(req: SimRequest, app: Application): SimResponse {
    const write = writeBody(req, fieldsOf('update-application-by-uuid'));
    if ('status' in write) return write;
    const { body, errors } = write;
    if (body.ports_exposes !== undefined && !/^\d+(,\d+)*$/.test(String(body.ports_exposes)))
      return validation({ ports_exposes: 'The ports_exposes should be a comma separated list of numbers.' });
    const domainError = typeof body.domains === 'string' ? invalidDomains(body.domains) : null;
    if (domainError) add(errors, 'domains', domainError);
    if (Object.keys(errors).length) return validation(errors);
    const server = this.servers.get(app.serverUuid);
    // Without a proxy Coolify keeps the old domains: nothing would route them.
    const applyDomains = body.domains !== undefined && server?.proxyType !== 'none';
    if (applyDomains && typeof body.domains === 'string') {
      const conflicts = this.domainConflicts(body.domains, app.uuid);
      if (conflicts.length && body.force_domain_override !== true) return domainConflict(conflicts);
    }
    if (typeof body.name === 'string') app.name = body.name;
    if (typeof body.description === 'string') app.description = body.description;
    if (typeof body.git_branch === 'string') app.gitBranch = body.git_branch;
    if (typeof body.ports_exposes === 'string') app.portsExposes = body.ports_exposes;
    if (applyDomains) app.fqdn = typeof body.domains === 'string' ? normalizeDomains(body.domains) : null;
    app.updatedAt = this.clock.now();
    if (body.instant_deploy === true) this.queueDeployment(app, { restartOnly: false, force: false });
    return ok({ uuid: app.uuid });
  }

  private applicationAction(
    req: SimRequest,
    app: Application,
    action: 'start' | 'stop' | 'restart',
  ): SimResponse {
    if (action === 'stop') {
      app.stoppedAt = this.clock.now();
      return ok({ message: 'Application stopping request queued.' });
    }
    const d = this.queueDeployment(app, {
      restartOnly: action === 'restart',
      force: action === 'start' && req.query.get('force') === 'true',
    });
    return ok({
      message: action === 'restart' ? 'Restart request queued.' : 'Deployment request queued.',
      deployment_uuid: d.uuid,
    });
  }

  private applicationLogs(req: SimRequest, app: Application): SimResponse {
    if (!isRunning(this.applicationStatus(app))) {
      return { status: 400, body: { message: 'Application is not running.' } };
    }
    const lines = logLines(req);
    if (typeof lines !== 'number') return lines;
    const all = [...app.logs, ...this.runtimeLines(app)];
    const stamped =
      req.query.get('show_timestamps') === 'true' ? all.map((line) => `${iso(app.updatedAt)} ${line}`) : all;
    return ok({ logs: stamped.slice(-lines).join('\n') });
  }

  /** Each finished deployment since the seed restarts the container, which prints a line or two. */
  private runtimeLines(app: Application): string[] {
    return this.appDeployments(app.uuid)
      .filter((d) => this.deploymentStatus(d) === 'finished' && d.createdAt >= this.seededAt)
      .flatMap((d) => [
        `${iso(d.endAt)} container started for deployment ${d.uuid}`,
        `listening on 0.0.0.0:${app.portsExposes.split(',')[0]}`,
      ]);
  }

  /** running while the last successful deployment's container is up; exited otherwise. */
  private applicationStatus(app: Application): string {
    const now = this.clock.now();
    const lastGood = this.appDeployments(app.uuid)
      .filter((d) => this.deploymentStatus(d) === 'finished')
      .reduce<number | null>((latest, d) => Math.max(latest ?? 0, d.endAt), null);
    if (lastGood === null || lastGood > now) return 'exited';
    if (app.stoppedAt !== null && app.stoppedAt > lastGood) return 'exited';
    return 'running:healthy';
  }

  private applicationResource(a: Application) {
    return {
      uuid: a.uuid,
      name: a.name,
      description: a.description,
      fqdn: a.fqdn,
      status: this.applicationStatus(a),
      build_pack: a.buildPack,
      git_repository: a.gitRepository,
      git_branch: a.gitBranch,
      git_commit_sha: 'HEAD',
      git_full_url: null,
      source_id: a.sourceId,
      source_type: a.sourceId === null ? null : 'App\\Models\\GithubApp',
      docker_registry_image_name: a.imageName,
      docker_registry_image_tag: a.imageTag,
      ...(this.sensitive ? { dockerfile: a.dockerfile, http_basic_auth_password: null } : {}),
      dockerfile_location: '/Dockerfile',
      ports_exposes: a.portsExposes,
      ports_mappings: null,
      base_directory: '/',
      publish_directory: null,
      install_command: null,
      build_command: null,
      start_command: null,
      health_check_enabled: false,
      health_check_path: '/',
      limits_memory: '0',
      limits_cpus: '0',
      redirect: 'both',
      destination_type: 'App\\Models\\StandaloneDocker',
      destination_id: this.servers.get(a.serverUuid)?.destination.id ?? null,
      environment_id: a.environmentId,
      config_hash: `cfg${a.updatedAt.toString(36)}`,
      ...this.hostedOn(a.serverUuid, 'destination'),
      created_at: iso(a.createdAt),
      updated_at: iso(a.updatedAt),
    };
  }

  private domainConflicts(domains: string, ownUuid: string) {
    const wanted = new Set(parseDomains(domains).map((d) => d.host));
    const conflicts: Array<Record<string, unknown>> = [];
    for (const other of this.applications.values()) {
      if (other.uuid === ownUuid) continue;
      for (const entry of parseDomains(other.fqdn)) {
        if (!wanted.has(entry.host)) continue;
        conflicts.push({
          domain: entry.host,
          resource_name: other.name,
          resource_uuid: other.uuid,
          resource_type: 'application',
          message: `Domain ${entry.host} is already in use by application '${other.name}'`,
        });
      }
    }
    return conflicts;
  }

  // ---- deployments --------------------------------------------------------------------------

  private deploy(req: SimRequest): SimResponse {
    const body = asObject(req.body);
    const uuids = req.query.get('uuid') ?? (typeof body.uuid === 'string' ? body.uuid : null);
    const tags = req.query.get('tag') ?? (typeof body.tag === 'string' ? body.tag : null);
    const force = (req.query.get('force') ?? String(body.force ?? 'false')) === 'true';
    if (uuids && tags) return { status: 400, body: { message: 'You can only use uuid or tag, not both.' } };
    if (tags) return notFound('No resources found with this tag.');
    if (!uuids) return { status: 400, body: { message: 'You must provide uuid or tag.' } };
    const list = uuids.split(',').filter(Boolean);
    if (list.length === 0) return { status: 400, body: { message: 'No UUIDs provided.' } };
    const deployments: Array<Record<string, string>> = [];
    for (const uuid of list) {
      const app = this.applications.get(uuid);
      if (app) {
        const d = this.queueDeployment(app, { restartOnly: false, force });
        deployments.push({
          message: `Application ${app.name} deployment queued.`,
          resource_uuid: uuid,
          deployment_uuid: d.uuid,
        });
        continue;
      }
      const service = this.services.get(uuid);
      if (service) {
        this.restartService(service);
        deployments.push({
          message: `Service ${service.name} started. It could take a while, be patient.`,
          resource_uuid: uuid,
        });
        continue;
      }
      const database = this.databases.all.get(uuid);
      if (database) {
        this.databases.start(database);
        deployments.push({ message: `Database ${database.name} started.`, resource_uuid: uuid });
      }
    }
    if (deployments.length === 0) return notFound('No resources found.');
    return ok({ deployments });
  }

  /** Coolify runs one deployment per application at a time: later ones wait in the queue. */
  private queueDeployment(app: Application, options: { restartOnly: boolean; force: boolean }): Deployment {
    const now = this.clock.now();
    const busyUntil = this.appDeployments(app.uuid)
      .filter((d) => d.cancelledAt === null)
      .reduce((latest, d) => Math.max(latest, d.endAt), 0);
    const startAt = Math.max(now + QUEUE_MS, busyUntil);
    const fails = this.takeFailure();
    const id = this.nextId();
    const d: Deployment = {
      id,
      uuid: publicId(id),
      appUuid: app.uuid,
      createdAt: now,
      startAt,
      endAt: startAt + (options.restartOnly ? RESTART_MS : BUILD_MS),
      fails,
      restartOnly: options.restartOnly,
      force: options.force,
      commit: app.kind === 'public' ? randomish(`${app.uuid}${id}`) : 'HEAD',
      commitMessage: app.kind === 'public' ? 'Update from the API' : null,
      cancelledAt: null,
      script: [],
    };
    d.script = deployScript(app, d, this.serverName(app.serverUuid), null);
    this.deployments.set(d.uuid, d);
    return d;
  }

  private deploymentStatus(d: Deployment): string {
    const now = this.clock.now();
    if (d.cancelledAt !== null && d.cancelledAt <= now) return 'cancelled-by-user';
    if (now < d.startAt) return 'queued';
    if (now < d.endAt) return 'in_progress';
    return d.fails ? 'failed' : 'finished';
  }

  private deploymentLogs(d: Deployment): string {
    const now = this.clock.now();
    const span = d.endAt - d.startAt;
    const until = d.cancelledAt !== null ? Math.min(now, d.cancelledAt) : now;
    const visible = d.script.filter((line) => d.startAt + line.at * span <= until);
    if (d.cancelledAt !== null && d.cancelledAt <= now) {
      visible.push({ output: 'Deployment cancelled by user.', type: 'stderr', hidden: false, at: 1 });
    }
    return JSON.stringify(
      visible.map((line, index) => ({
        command: null,
        output: line.output,
        type: line.type,
        timestamp: iso(d.startAt + Math.min(line.at, 1) * span),
        hidden: line.hidden,
        batch: 1,
        order: index + 1,
      })),
    );
  }

  private deploymentResource(d: Deployment) {
    const app = this.applications.get(d.appUuid);
    const server = app ? this.servers.get(app.serverUuid) : undefined;
    const status = this.deploymentStatus(d);
    const done = !['queued', 'in_progress'].includes(status);
    return {
      id: d.id,
      application_id: String(app?.id ?? ''),
      application_name: app?.name ?? null,
      deployment_uuid: d.uuid,
      deployment_url: `/project/${this.project.uuid}/environment/production/application/${d.appUuid}/deployment/${d.uuid}`,
      pull_request_id: 0,
      force_rebuild: d.force,
      commit: d.commit,
      commit_message: d.commitMessage,
      status,
      is_webhook: false,
      is_api: true,
      restart_only: d.restartOnly,
      rollback: false,
      only_this_server: false,
      git_type: null,
      server_id: server?.id ?? null,
      server_name: server?.name ?? null,
      destination_id: String(server?.destination.id ?? ''),
      current_process_id: null,
      ...(this.sensitive ? { logs: this.deploymentLogs(d) } : {}),
      created_at: iso(d.createdAt),
      updated_at: iso(done ? (d.cancelledAt ?? d.endAt) : this.clock.now()),
    };
  }

  private cancelDeployment(req: SimRequest): SimResponse {
    const d = this.deployments.get(req.params.uuid ?? '');
    if (!d) return notFound('Deployment not found.');
    const status = this.deploymentStatus(d);
    if (!['queued', 'in_progress'].includes(status)) {
      return { status: 400, body: { message: `Deployment cannot be cancelled. Current status: ${status}` } };
    }
    d.cancelledAt = this.clock.now();
    return ok({
      message: 'Deployment cancelled successfully.',
      deployment_uuid: d.uuid,
      status: 'cancelled-by-user',
    });
  }

  /** The real answer is {count, deployments}, newest first (the spec's item type is a doc slip). */
  private applicationDeployments(req: SimRequest): SimResponse {
    // skip ≥ 0 and take ≥ 1 are the document's, checked before this runs.
    const skip = Number(req.query.get('skip') ?? 0);
    const take = Number(req.query.get('take') ?? 10);
    const app = this.applications.get(req.params.uuid ?? '');
    if (!app) return notFound('Application not found');
    const list = this.appDeployments(app.uuid).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
    return ok({
      count: list.length,
      deployments: list.slice(skip, skip + take).map((d) => this.deploymentResource(d)),
    });
  }

  private appDeployments(appUuid: string): Deployment[] {
    return [...this.deployments.values()].filter((d) => d.appUuid === appUuid);
  }

  // ---- services and databases ---------------------------------------------------------------

  private restartService(service: Service): void {
    service.restart = { at: this.clock.now(), fails: this.takeFailure() };
  }

  /** Whether the next deployment, restart or backup fails (failNextDeployments counts them down). */
  private takeFailure(): boolean {
    const fails = this.failNextDeployments > 0;
    if (fails) this.failNextDeployments--;
    return fails;
  }

  private serviceStatus(s: Service): string {
    if (!s.restart) return 'running:healthy';
    const elapsed = this.clock.now() - s.restart.at;
    if (elapsed < SERVICE_RESTARTING_MS) return 'restarting:unknown';
    if (elapsed < SERVICE_STARTING_MS) return 'starting:unknown';
    return s.restart.fails ? 'exited' : 'running:healthy';
  }

  private serviceAction(s: Service, action: 'start' | 'stop' | 'restart'): SimResponse {
    if (action === 'stop') {
      s.restart = { at: this.clock.now() - SERVICE_STARTING_MS, fails: true };
      return ok({ message: 'Service stopping request queued.' });
    }
    this.restartService(s);
    return ok({
      message: action === 'start' ? 'Service starting request queued.' : 'Service restarting request queued.',
    });
  }

  private serviceResource(s: Service, withChildren: boolean) {
    const status = this.serviceStatus(s);
    const child = (c: SubResource) => ({
      uuid: c.uuid,
      name: c.name,
      human_name: c.humanName,
      fqdn: c.fqdn,
      image: c.image,
      status: status.startsWith('running') ? 'running:healthy' : status,
      exclude_from_status: false,
    });
    return {
      uuid: s.uuid,
      name: s.name,
      description: null,
      service_type: s.serviceType,
      status,
      environment_id: s.environmentId,
      server_id: this.servers.get(s.serverUuid)?.id ?? null,
      destination_id: this.servers.get(s.serverUuid)?.destination.id ?? null,
      destination_type: 'App\\Models\\StandaloneDocker',
      connect_to_docker_network: false,
      config_hash: `svc${s.createdAt.toString(36)}`,
      ...this.hostedOn(s.serverUuid, 'server'),
      ...(withChildren ? { applications: s.containers.map(child), databases: s.databases.map(child) } : {}),
      created_at: iso(s.createdAt),
      updated_at: iso(s.restart?.at ?? s.createdAt),
    };
  }

  private serviceLogs(req: SimRequest, s: Service): SimResponse {
    const name = req.query.get('sub_service_name');
    if (!name) return { status: 400, body: { message: 'Sub service name is required.' } };
    const container = [...s.containers, ...s.databases].find((c) => c.name === name);
    if (!container) return notFound('Container not found.');
    if (!this.serviceStatus(s).startsWith('running')) {
      return { status: 400, body: { message: 'Container is not running.' } };
    }
    const lines = logLines(req);
    return typeof lines === 'number' ? ok({ logs: container.logs.slice(-lines).join('\n') }) : lines;
  }

  // ---- helpers ------------------------------------------------------------------------------

  /**
   * Coolify appends `server_status` to applications and services, computed from their server, and
   * so serializes the server it loaded: through the destination (applications) or directly
   * (services).
   */
  private hostedOn(serverUuid: string, via: 'destination' | 'server') {
    const server = this.servers.get(serverUuid);
    if (!server) return { server_status: false };
    const resource = this.serverResource(server);
    const status = { server_status: resource.settings.is_reachable && resource.settings.is_usable };
    if (via === 'server') return { ...status, server: resource };
    const { destination } = server;
    return {
      ...status,
      destination: {
        id: destination.id,
        uuid: destination.uuid,
        name: destination.name,
        network: destination.name,
        server_id: server.id,
        server: resource,
      },
    };
  }

  private serverName(uuid: string): string {
    return this.servers.get(uuid)?.name ?? 'server';
  }

  private withServer(req: SimRequest, handler: (s: Server) => SimResponse): SimResponse {
    const server = this.servers.get(req.params.uuid ?? '');
    return server ? handler(server) : notFound('Server not found.');
  }

  private withApplication(req: SimRequest, handler: (a: Application) => SimResponse): SimResponse {
    const app = this.applications.get(req.params.uuid ?? '');
    return app ? handler(app) : notFound('Application not found.');
  }

  private withService(req: SimRequest, handler: (s: Service) => SimResponse): SimResponse {
    const service = this.services.get(req.params.uuid ?? '');
    return service ? handler(service) : notFound('Service not found.');
  }

  private nextId(): number {
    this.ids += 1;
    return this.ids;
  }

  private addServer(fields: Omit<Server, 'id' | 'validation' | 'destination' | 'proxyRestartAt'>): Server {
    const id = this.nextId();
    // Coolify gives every new server a standalone Docker network named "coolify".
    const destinationId = this.nextId();
    const server: Server = {
      ...fields,
      id,
      validation: null,
      destination: { id: destinationId, uuid: publicId(destinationId), name: 'coolify' },
      proxyRestartAt: null,
    };
    this.servers.set(server.uuid, server);
    return server;
  }

  /** Adds `count` validated servers, as a large team has them (scale tests and the bench). */
  addServers(count: number): void {
    const createdAt = this.clock.now() - 30 * DAY;
    for (let i = 0; i < count; i++) {
      const id = this.nextId();
      this.seedServer(
        {
          uuid: publicId(id),
          name: `fleet-${i + 1}`,
          description: 'Fleet server',
          ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          user: 'root',
          port: 22,
          keyUuid: COOLIFY_SEED.keys[0]!.uuid,
          proxyType: 'traefik',
          sentinelToken: `sentinel-${publicId(id)}`,
        },
        createdAt,
      );
    }
  }

  private seed(): void {
    const now = this.clock.now();
    this.teamCreatedAt = now - 120 * DAY;
    const production = this.project.environments[0]!;
    for (const key of COOLIFY_SEED.keys)
      this.keys.set(key.uuid, { ...key, id: this.nextId(), createdAt: now - 120 * DAY });
    for (const seed of COOLIFY_SEED.servers) this.seedServer(seed, now - 120 * DAY);
    for (const seed of COOLIFY_SEED.applications) this.seedApplication(seed, production.id, now - 60 * DAY);
    for (const seed of COOLIFY_SEED.services) {
      const sub = (c: SeedSubResource): SubResource => ({ ...c, id: this.nextId() });
      this.services.set(seed.uuid, {
        id: this.nextId(),
        uuid: seed.uuid,
        name: seed.name,
        serviceType: seed.serviceType,
        serverUuid: seed.serverUuid,
        environmentId: production.id,
        createdAt: now - 30 * DAY,
        containers: seed.containers.map(sub),
        databases: seed.databases.map(sub),
        restart: null,
      });
      this.envs.seed('services', seed.uuid, seed.envs, now - 30 * DAY);
    }
    for (const seed of COOLIFY_SEED.databases) {
      this.databases.seed(seed, production.id, now - 90 * DAY);
      this.envs.seed('databases', seed.uuid, seed.envs, now - 90 * DAY);
    }
  }

  /** The project and environment a create names (by environment name or uuid), as Coolify finds them. */
  private environmentOf(body: Record<string, unknown>): Environment | SimResponse {
    if (body.project_uuid !== this.project.uuid) return notFound('Project not found.');
    const environment = this.project.environments.find(
      (e) => e.name === body.environment_name || e.uuid === body.environment_uuid,
    );
    return environment ?? notFound('Environment not found.');
  }

  private seedServer(seed: SeedServer, createdAt: number): void {
    this.addServer({
      uuid: seed.uuid,
      name: seed.name,
      description: seed.description,
      ip: seed.ip,
      port: seed.port,
      user: seed.user,
      keyUuid: seed.keyUuid,
      proxyType: seed.proxyType,
      isBuildServer: false,
      sentinelToken: seed.sentinelToken,
      createdAt,
      usable: true,
    });
  }

  private seedApplication(seed: SeedApplication, environmentId: number, createdAt: number): void {
    const app: Application = {
      id: this.nextId(),
      uuid: seed.uuid,
      name: seed.name,
      description: null,
      kind: seed.kind,
      buildPack: seed.buildPack,
      gitRepository: seed.gitRepository ?? 'coollabsio/coolify',
      gitBranch: seed.gitBranch ?? 'main',
      sourceId: seed.kind === 'public' ? 0 : null,
      imageName: seed.image,
      imageTag: seed.imageTag,
      dockerfile: seed.dockerfile,
      portsExposes: seed.portsExposes,
      fqdn: seed.fqdn,
      serverUuid: seed.serverUuid,
      environmentId,
      createdAt,
      updatedAt: createdAt,
      logs: seed.logs,
      stoppedAt: null,
    };
    this.applications.set(app.uuid, app);
    this.envs.seed('applications', app.uuid, seed.envs, createdAt);
    seed.deployments.forEach((s: SeedDeployment, index) => {
      const at = createdAt + (index + 1) * DAY;
      const d: Deployment = {
        id: this.nextId(),
        uuid: s.uuid,
        appUuid: app.uuid,
        createdAt: at,
        startAt: at + QUEUE_MS,
        endAt: at + QUEUE_MS + BUILD_MS,
        fails: s.fails,
        restartOnly: false,
        force: false,
        commit: s.commit,
        commitMessage: s.message || null,
        cancelledAt: null,
        script: [],
      };
      d.script = deployScript(app, d, this.serverName(app.serverUuid), s.log);
      this.deployments.set(d.uuid, d);
    });
  }
}

/** A request that fails the document's validation, in Coolify's own 422 shape. */
function coolifyIssues(issues: readonly SchemaIssue[]): SimResponse {
  const { errors } = laravelIssues(issues).body as { errors: Record<string, string[]> };
  return validation(errors);
}

/** The body fields the operations document: Coolify refuses any other ("This field is not allowed."). */
function fieldsOf(...ids: CoolifyOperationId[]): string[] {
  return [
    ...new Set(
      ids.flatMap((id) => Object.keys(coolifyApiCatalog.operations[id].body?.schema.properties ?? {})),
    ),
  ];
}

/** One list of allowed fields serves every application create (create_application). */
const applicationFields = () =>
  fieldsOf(
    'create-public-application',
    'create-private-github-app-application',
    'create-private-deploy-key-application',
    'create-dockerfile-application',
    'create-dockerimage-application',
  );

/**
 * How every write Coolify validates starts (validateIncomingRequest, then the validator): a JSON
 * object body, only the fields it allows, a name of at most 255 characters. The errors found so
 * far come back for the operation to add its own to.
 */
function writeBody(
  req: SimRequest,
  allowed: readonly string[],
): SimResponse | { body: Record<string, unknown>; errors: Record<string, string[]> } {
  const invalid = requireJson(req);
  if (invalid) return invalid;
  const body = asObject(req.body);
  const errors = notAllowed(body, allowed);
  if (typeof body.name === 'string' && body.name.length > 255)
    add(errors, 'name', 'The name field must not be greater than 255 characters.');
  return { body, errors };
}
