import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import {
  bearerToken,
  SimClock,
  type SimRequest,
  type SimResponse,
  type SimRoute,
  type SimServer,
} from '../../../simulator/sim-server.js';
import { type ExtraRoute, specServer } from '../../../simulator/spec-server.js';
import { asObject, iso } from '../../../simulator/values.js';
import { platformshCatalog } from '../catalog.gen.js';
import { PLATFORMSH_SANDBOX_TOKEN } from '../sandbox-account.js';
import { accountsError, apiErrors, ok, projectError } from './errors.js';
import { AccessTokens } from './oauth.js';
import { samples } from './samples.gen.js';
import { PLATFORMSH_SEED, type SeedProject } from './seed.js';

/**
 * The behaviour of the Platform.sh API over time, as an overlay on the generic spec server (which
 * routes and validates all 289 documented operations): the OAuth token exchange that turns the API
 * token into 15-minute access tokens (expiring on the simulated clock), HAL links, `_embedded`
 * activities, accounts-API pages and problem bodies, project-API plain arrays and `{status, code,
 * message, title, detail}` errors, and the streaming activity log. Async work is derived from
 * the simulated clock on every request (no timers): a subscription provisions in five minutes,
 * activities queue per environment, walk pending → in_progress → complete, and write their log as
 * they go; their effects (an environment becoming active, a certificate being issued) land when
 * they complete.
 */

const REQUESTED_MS = 30_000;
const PROVISION_MS = 5 * 60_000;
const QUEUE_MS = 2_000;
const RUN_MS: Record<string, number> = {
  'environment.branch': 60_000,
  'environment.activate': 60_000,
  'environment.pause': 20_000,
  'environment.backup': 90_000,
  'environment.restore': 120_000,
  'project.domain.create': 30_000,
  'environment.domain.create': 30_000,
};
const DEFAULT_RUN_MS = 40_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Org {
  id: string;
  name: string;
  label: string;
}

/** What a project is created with, kept by its subscription and by the project itself. */
interface ProjectSpec {
  orgId: string;
  title: string;
  region: string;
  plan: string;
  defaultBranch: string;
  createdAt: number;
}

interface Subscription extends ProjectSpec {
  id: string;
  /** Set when provisioning completes. */
  projectId: string | null;
}

interface Project extends ProjectSpec {
  id: string;
  subscriptionId: string;
  deployKey: string;
  variables: Variable[];
}

interface Environment {
  project: string;
  id: string;
  title: string;
  type: string;
  status: string;
  parent: string | null;
  createdAt: number;
  headCommit: string | null;
  /** Its own variables; those of its parents are inherited when they are inheritable. */
  variables: Variable[];
  lastDeployment: { at: number; ok: boolean } | null;
  backups: Backup[];
  /** Changes wait as staged activities until a deploy releases them (manual deployments). */
  stagesChanges?: boolean;
}

interface Variable {
  name: string;
  value: string;
  sensitive: boolean;
  visibleBuild: boolean;
  visibleRuntime: boolean;
  enabled: boolean;
  inheritable: boolean;
  createdAt: number;
  updatedAt: number;
}

interface Backup {
  id: string;
  createdAt: number;
  commit: string | null;
  safe: boolean;
  automated: boolean;
  sizeUsed: number;
}

interface Activity {
  id: string;
  project: string;
  environments: string[];
  type: string;
  createdAt: number;
  startAt: number;
  durationMs: number;
  fails: boolean;
  lines: string[];
  text: string;
  payload: Record<string, unknown>;
  /** Applied once, when the activity completes. */
  effect?: (ok: boolean, at: number) => void;
  applied: boolean;
  /** Waits for a deploy of the environment (manual deployments) before it runs. */
  staged?: boolean;
}

interface Domain {
  project: string;
  /** null: a production (project-level) domain. */
  environment: string | null;
  name: string;
  replacementFor: string | null;
  createdAt: number;
}

interface Certificate {
  id: string;
  project: string;
  pem: string;
  key: string | null;
  chain: string[];
  domains: string[];
  provisioned: boolean;
  createdAt: number;
  expiresAt: number;
  issuer: string;
}

interface Commit {
  sha: string;
  message: string;
  author: string;
  at: number;
}

export interface PlatformshSimulatorOptions {
  apiToken?: string;
  /** Simulated milliseconds per real millisecond. */
  speed?: number;
  clock?: SimClock;
}

export class PlatformshSimulator {
  readonly clock: SimClock;
  readonly apiToken: string;
  /** The API, and the token exchange beside it. */
  readonly http: SimServer;
  /** When > 0, the next redeploys fail (tests and demos of failure handling). */
  failNextDeployments = 0;
  /** When true, can-create says a payment method is missing. */
  billingBlocked = false;
  /** Overrides the host of activity log links (tests of link refusal). */
  logLinkBase: string | undefined;
  private ids = 1000;
  private readonly tokens: AccessTokens;
  private readonly orgs: Org[] = [];
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly projects = new Map<string, Project>();
  private readonly environments: Environment[] = [];
  private readonly activities: Activity[] = [];
  private readonly domains: Domain[] = [];
  private readonly certificates: Certificate[] = [];
  private readonly commits = new Map<string, Commit>();

  constructor(options: PlatformshSimulatorOptions = {}) {
    this.clock = options.clock ?? new SimClock(options.speed ?? 1);
    this.apiToken = options.apiToken ?? PLATFORMSH_SANDBOX_TOKEN;
    this.seed();
    this.tokens = new AccessTokens(this.clock, this.apiToken);
    this.http = specServer({
      name: 'platformsh',
      catalog: platformshCatalog,
      samples,
      overlay: this.routes(),
      extra: [this.tokens.route(), this.logRoute()],
      authenticate: (req) => this.tokens.isLive(bearerToken(req)),
      errors: apiErrors,
    });
  }

  /** Starts the server; the token exchange answers on the API's own address. */
  async listen(): Promise<{ apiUrl: string; authUrl: string }> {
    const apiUrl = await this.http.listen();
    return { apiUrl, authUrl: apiUrl };
  }

  /** Links point at the address the API answers on. */
  private get apiBase(): string {
    return this.http.origin ?? 'http://127.0.0.1';
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Makes an environment stage its changes until a deploy releases them (manual deployments). */
  stageChanges(projectId: string, environmentId: string): void {
    const env = this.environments.find((e) => e.project === projectId && e.id === environmentId);
    if (!env) throw new Error(`no environment ${projectId}:${environmentId}`);
    env.stagesChanges = true;
  }

  /** Makes every access token issued so far expire now (a revoked or expired token mid-session). */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  /** Access tokens issued so far. */
  get issuedTokens(): readonly string[] {
    return this.tokens.issued;
  }

  /** Ids of seed resources by the document's path parameter names. */
  pathExamples(): Record<string, string> {
    const project = PLATFORMSH_SEED.projects[0]!;
    const org = this.orgs.find((o) => o.name === project.organization)!;
    const activity = this.activitiesOf(project.id)[0]!;
    const certificate = this.certificates.find((c) => c.project === project.id)!;
    const main = this.environments.find((e) => e.project === project.id && e.id === 'main')!;
    return {
      organization_id: org.id,
      subscription_id: project.subscriptionId,
      projectId: project.id,
      project_id: project.id,
      environmentId: 'main',
      envId: 'main',
      activityId: activity.id,
      certificateId: certificate.id,
      user_id: PLATFORMSH_SEED.user.id,
      userId: PLATFORMSH_SEED.user.id,
      repositoryRefId: 'heads/main',
      repositoryCommitId: main.headCommit!,
      variableId: main.variables[0]!.name,
      projectVariableId: this.projects.get(project.id)!.variables[0]!.name,
      backupId: main.backups[0]!.id,
    };
  }

  // ---- routes ---------------------------------------------------------------------------------

  private routes(): SimRoute[] {
    const org = '/organizations/{organization_id}';
    const project = '/projects/{projectId}';
    const env = `${project}/environments/{environmentId}`;
    const r = (method: string, path: string, handler: (req: SimRequest) => SimResponse): SimRoute => ({
      method,
      path,
      handler: (req) => {
        this.settle();
        return handler(req);
      },
    });
    return [
      r('GET', '/users/me', () => ok(this.user())),
      r('GET', '/users/{user_id}/organizations', (req) =>
        req.params.user_id === PLATFORMSH_SEED.user.id
          ? this.page(
              req,
              this.orgs.map((o) => this.orgJson(o)),
            )
          : accountsError(403, 'You are not allowed to list the organizations of this user.'),
      ),
      r('GET', org, (req) => this.withOrg(req, (o) => ok(this.orgJson(o)))),
      r('GET', `${org}/subscriptions`, (req) =>
        this.withOrg(req, (o) =>
          this.page(
            req,
            [...this.subscriptions.values()]
              .filter((s) => s.orgId === o.id)
              .map((s) => this.subscriptionJson(s)),
          ),
        ),
      ),
      r('POST', `${org}/subscriptions`, (req) => this.withOrg(req, (o) => this.createSubscription(req, o))),
      r('GET', `${org}/subscriptions/can-create`, (req) =>
        this.withOrg(req, () =>
          ok(
            this.billingBlocked
              ? {
                  can_create: false,
                  message: 'A payment method is required to create a project.',
                  required_action: { action: 'billing_details', type: 'credit-card' },
                }
              : { can_create: true, message: '', required_action: null },
          ),
        ),
      ),
      r('GET', `${org}/subscriptions/{subscription_id}`, (req) =>
        this.withOrg(req, (o) => {
          const sub = this.subscriptions.get(req.params.subscription_id ?? '');
          return sub && sub.orgId === o.id
            ? ok(this.subscriptionJson(sub))
            : accountsError(404, 'Subscription not found.');
        }),
      ),

      r('GET', project, (req) => this.withProject(req, (p) => ok(this.projectJson(p)))),
      r('GET', `${project}/git/refs/{refId}`, (req) =>
        this.withProject(req, (p) => {
          const name = /^heads\/(.+)$/.exec(req.params.refId ?? '')?.[1];
          const branch = this.environments.find((e) => e.project === p.id && e.id === name);
          const sha = branch ? this.branchHead(branch) : undefined;
          if (!sha) return projectError(404, `Ref ${req.params.refId} not found.`);
          return ok({
            id: req.params.refId,
            ref: `refs/${req.params.refId}`,
            object: { type: 'commit', sha },
            sha,
            _links: { self: { href: this.url(`${req.path}`) } },
          });
        }),
      ),
      r('GET', `${project}/git/commits/{commitId}`, (req) =>
        this.withProject(req, () => {
          const commit = this.commits.get(req.params.commitId ?? '');
          if (!commit) return projectError(404, `Commit ${req.params.commitId} not found.`);
          const person = { date: iso(commit.at), name: commit.author, email: 'dev@acme.test' };
          return ok({
            id: commit.sha,
            sha: commit.sha,
            author: person,
            committer: person,
            message: commit.message,
            tree: sha1(`tree-${commit.sha}`),
            parents: [],
          });
        }),
      ),

      r('GET', `${project}/environments`, (req) =>
        this.withProject(req, (p) =>
          ok(this.environments.filter((e) => e.project === p.id).map((e) => this.environmentJson(e))),
        ),
      ),
      r('GET', env, (req) => this.withEnvironment(req, (e) => ok(this.environmentJson(e)))),
      r('POST', `${env}/redeploy`, (req) => this.withEnvironment(req, (e) => this.redeploy(e))),
      r('POST', `${env}/activate`, (req) => this.withEnvironment(req, (e) => this.activate(e))),
      r('POST', `${env}/resume`, (req) => this.withEnvironment(req, (e) => this.resume(e))),
      r('POST', `${env}/branch`, (req) => this.withEnvironment(req, (e) => this.branch(req, e))),
      ...this.opsRoutes(r, project, env),

      r('GET', `${project}/activities`, (req) =>
        this.withProject(req, (p) => ok(this.activitiesOf(p.id).map((a) => this.activityJson(a)))),
      ),
      r('GET', `${project}/activities/{activityId}`, (req) =>
        this.withActivity(req, (a) => ok(this.activityJson(a))),
      ),
      r('GET', `${env}/activities`, (req) =>
        this.withEnvironment(req, (e) =>
          ok(
            this.activitiesOf(e.project)
              .filter((a) => a.environments.includes(e.id))
              .map((a) => this.activityJson(a)),
          ),
        ),
      ),
      r('GET', `${env}/activities/{activityId}`, (req) =>
        this.withEnvironment(req, (e) =>
          this.withActivity(req, (a) =>
            a.environments.includes(e.id)
              ? ok(this.activityJson(a))
              : projectError(404, 'Activity not found.'),
          ),
        ),
      ),

      r('GET', `${project}/domains`, (req) =>
        this.withProject(req, (p) =>
          ok(
            this.domains
              .filter((d) => d.project === p.id && d.environment === null)
              .map((d) => this.domainJson(d)),
          ),
        ),
      ),
      r('POST', `${project}/domains`, (req) => this.withProject(req, (p) => this.addDomain(req, p, null))),
      r('GET', `${env}/domains`, (req) =>
        this.withEnvironment(req, (e) =>
          ok(
            this.domains
              .filter((d) => d.project === e.project && d.environment === e.id)
              .map((d) => this.domainJson(d)),
          ),
        ),
      ),
      r('POST', `${env}/domains`, (req) =>
        this.withEnvironment(req, (e) => this.addDomain(req, this.projects.get(e.project)!, e)),
      ),

      r('GET', `${project}/certificates`, (req) =>
        this.withProject(req, (p) =>
          ok(
            this.certificates
              .filter((c) => c.project === p.id && c.createdAt <= this.clock.now())
              .map((c) => this.certificateJson(c)),
          ),
        ),
      ),
      r('POST', `${project}/certificates`, (req) =>
        this.withProject(req, (p) => this.addCertificate(req, p)),
      ),
      r('GET', `${project}/certificates/{certificateId}`, (req) =>
        this.withProject(req, (p) => {
          const cert = this.certificates.find((c) => c.project === p.id && c.id === req.params.certificateId);
          return cert ? ok(this.certificateJson(cert)) : projectError(404, 'Certificate not found.');
        }),
      ),
    ];
  }

  // ---- everyday operations: variables, pause, backups and restores --------------------------------

  private opsRoutes(
    r: (method: string, path: string, handler: (req: SimRequest) => SimResponse) => SimRoute,
    project: string,
    env: string,
  ): SimRoute[] {
    const variable = `${env}/variables/{variableId}`;
    const projectVariable = `${project}/variables/{projectVariableId}`;
    const backup = `${env}/backups/{backupId}`;
    return [
      r('GET', `${env}/variables`, (req) =>
        this.withEnvironment(req, (e) => ok(this.effectiveVariables(e).map((v) => this.variableJson(e, v)))),
      ),
      r('POST', `${env}/variables`, (req) => this.withEnvironment(req, (e) => this.createVariable(req, e))),
      r('GET', variable, (req) => this.withVariable(req, (e, found) => ok(this.variableJson(e, found)))),
      r('PATCH', variable, (req) => this.withVariable(req, (e, found) => this.updateVariable(req, e, found))),
      r('DELETE', variable, (req) =>
        this.withVariable(req, (e, found) => {
          if (found.inherited) {
            return projectError(
              400,
              `Variable ${found.variable.name} is inherited: delete it on ${found.from}.`,
            );
          }
          e.variables = e.variables.filter((v) => v !== found.variable);
          return this.variableChanged(e, 'delete', found.variable.name);
        }),
      ),
      r('GET', `${project}/variables`, (req) =>
        this.withProject(req, (p) => ok(p.variables.map((v) => this.projectVariableJson(v)))),
      ),
      r('POST', `${project}/variables`, (req) =>
        this.withProject(req, (p) => {
          const body = asObject(req.body);
          if (p.variables.some((v) => v.name === body.name)) {
            return projectError(409, `Variable ${String(body.name)} already exists.`);
          }
          p.variables.push(newVariable(body, this.clock.now()));
          return created();
        }),
      ),
      r('GET', projectVariable, (req) =>
        this.withProjectVariable(req, (_p, v) => ok(this.projectVariableJson(v))),
      ),
      r('PATCH', projectVariable, (req) =>
        this.withProjectVariable(req, (_p, v) => {
          patchVariable(v, asObject(req.body), this.clock.now());
          return { status: 200, body: { status: 'OK', code: 200 } };
        }),
      ),
      r('DELETE', projectVariable, (req) =>
        this.withProjectVariable(req, (p, v) => {
          p.variables = p.variables.filter((x) => x !== v);
          return { status: 200, body: { status: 'OK', code: 200 } };
        }),
      ),
      r('POST', `${env}/pause`, (req) => this.withEnvironment(req, (e) => this.pause(e))),
      r('POST', `${env}/deploy`, (req) => this.withEnvironment(req, (e) => this.deployStaged(e))),
      r('POST', `${env}/backup`, (req) => this.withEnvironment(req, (e) => this.backup(req, e))),
      r('GET', `${env}/backups`, (req) =>
        this.withEnvironment(req, (e) =>
          ok([...e.backups].sort((a, b) => b.createdAt - a.createdAt).map((b) => this.backupJson(e, b))),
        ),
      ),
      r('GET', backup, (req) => this.withBackup(req, (e, b) => ok(this.backupJson(e, b)))),
      r('POST', `${backup}/restore`, (req) => this.withBackup(req, (e, b) => this.restore(req, e, b))),
    ];
  }

  /** Its own variables, then those it inherits from its parents (nearest first), by name. */
  private effectiveVariables(
    e: Environment,
  ): Array<{ variable: Variable; inherited: boolean; from: string }> {
    const out = e.variables.map((variable) => ({ variable, inherited: false, from: e.id }));
    for (let parent = this.parentOf(e); parent; parent = this.parentOf(parent)) {
      for (const variable of parent.variables) {
        if (variable.inheritable && !out.some((o) => o.variable.name === variable.name)) {
          out.push({ variable, inherited: true, from: parent.id });
        }
      }
    }
    return out;
  }

  private parentOf(e: Environment): Environment | undefined {
    return e.parent ? this.environments.find((x) => x.project === e.project && x.id === e.parent) : undefined;
  }

  private createVariable(req: SimRequest, e: Environment): SimResponse {
    const body = asObject(req.body);
    if (e.variables.some((v) => v.name === body.name)) {
      return projectError(409, `Variable ${String(body.name)} already exists on environment ${e.id}.`);
    }
    e.variables.push(newVariable(body, this.clock.now()));
    return this.variableChanged(e, 'create', String(body.name));
  }

  /** A change to an inherited variable becomes this environment's own override of it. */
  private updateVariable(
    req: SimRequest,
    e: Environment,
    found: { variable: Variable; inherited: boolean },
  ): SimResponse {
    const now = this.clock.now();
    let own = found.variable;
    if (found.inherited) {
      own = { ...found.variable, createdAt: now };
      e.variables.push(own);
    }
    patchVariable(own, asObject(req.body), now);
    return this.variableChanged(e, 'update', own.name);
  }

  /**
   * A variable change redeploys an active environment in an activity (staged instead when the
   * environment waits for manual deployments); an environment that is not running just keeps it.
   */
  private variableChanged(e: Environment, change: 'create' | 'update' | 'delete', name: string): SimResponse {
    if (e.status !== 'active') return created();
    const fails = this.failNextDeployments > 0;
    if (fails) this.failNextDeployments--;
    const verb = { create: 'added', update: 'updated', delete: 'deleted' }[change];
    const activity = this.startActivity(e.project, [e.id], `environment.variable.${change}`, {
      fails,
      text: `${PLATFORMSH_SEED.user.display} ${verb} variable ${name} on environment ${e.title}`,
      lines: [
        `${verb[0]!.toUpperCase()}${verb.slice(1)} variable ${name}`,
        '',
        ...redeployLines(e.id, fails),
      ],
      payload: { environment: { id: e.id }, variable: { name } },
      effect: (ok, at) => {
        e.lastDeployment = { at, ok };
      },
      staged: e.stagesChanges,
    });
    return this.accepted(activity);
  }

  /** Releases the staged activities: they run now, one after another. */
  private deployStaged(e: Environment): SimResponse {
    const staged = this.activities.filter(
      (a) => a.staged && a.project === e.project && a.environments.includes(e.id),
    );
    if (!staged.length) return projectError(400, `Environment ${e.id} has no staged changes to deploy.`);
    for (const a of staged) {
      a.startAt = this.nextStart(e.project, [e.id]);
      a.staged = false;
    }
    return {
      status: 202,
      body: {
        status: 'Accepted',
        code: 202,
        _embedded: { activities: staged.map((a) => this.activityJson(a)) },
      },
    };
  }

  private pause(e: Environment): SimResponse {
    if (e.status !== 'active') return projectError(400, `Environment ${e.id} is not active.`);
    const activity = this.startActivity(e.project, [e.id], 'environment.pause', {
      text: `${PLATFORMSH_SEED.user.display} paused environment ${e.title}`,
      lines: ['Pausing environment', '  Stopping services', '  Environment paused'],
      effect: (ok) => {
        if (ok) e.status = 'paused';
      },
    });
    return this.accepted(activity);
  }

  /** A backup is taken in an activity and listed once it completes; its name is known at once. */
  private backup(req: SimRequest, e: Environment): SimResponse {
    if (e.status !== 'active') return projectError(400, `Environment ${e.id} is not active.`);
    const safe = asObject(req.body).safe !== false;
    const id = randomish(`backup-${e.project}-${e.id}-${this.nextId()}`).slice(0, 26);
    const activity = this.startActivity(e.project, [e.id], 'environment.backup', {
      text: `${PLATFORMSH_SEED.user.display} created a${safe ? '' : ' live'} backup of ${e.title}`,
      lines: [
        `Creating ${safe ? 'a safe' : 'a live'} backup of ${e.id}`,
        ...(safe ? ['  Pausing the environment'] : []),
        '  Snapshotting volumes',
        ...(safe ? ['  Resuming the environment'] : []),
        `  Backup ${id} created`,
      ],
      payload: { environment: { id: e.id }, backup_name: id },
      effect: (ok, at) => {
        if (ok) {
          e.backups.push({
            id,
            createdAt: at,
            commit: e.headCommit,
            safe,
            automated: false,
            sizeUsed: 734_003_200 + e.backups.length * 4096,
          });
        }
      },
    });
    return this.accepted(activity);
  }

  /** Overwrites the environment's data with the backup's and redeploys it (its code too, if asked). */
  private restore(req: SimRequest, e: Environment, b: Backup): SimResponse {
    if (e.status !== 'active') return projectError(400, `Environment ${e.id} is not active.`);
    const body = asObject(req.body);
    const withCode = body.restore_code !== false;
    const activity = this.startActivity(e.project, [e.id], 'environment.restore', {
      text: `${PLATFORMSH_SEED.user.display} restored environment ${e.title} from backup ${b.id}`,
      lines: [
        `Restoring backup ${b.id}`,
        '  Restoring volumes',
        ...(withCode && b.commit ? [`  Resetting code to ${b.commit.slice(0, 7)}`] : []),
        '',
        ...redeployLines(e.id, false),
      ],
      payload: { environment: { id: e.id }, backup_name: b.id },
      effect: (ok, at) => {
        if (!ok) return;
        if (withCode && b.commit) e.headCommit = b.commit;
        e.lastDeployment = { at, ok };
      },
    });
    return this.accepted(activity);
  }

  private withVariable(
    req: SimRequest,
    handler: (e: Environment, found: { variable: Variable; inherited: boolean; from: string }) => SimResponse,
  ): SimResponse {
    return this.withEnvironment(req, (e) => {
      const found = this.effectiveVariables(e).find((o) => o.variable.name === req.params.variableId);
      return found ? handler(e, found) : projectError(404, `Variable ${req.params.variableId} not found.`);
    });
  }

  private withProjectVariable(
    req: SimRequest,
    handler: (p: Project, v: Variable) => SimResponse,
  ): SimResponse {
    return this.withProject(req, (p) => {
      const found = p.variables.find((v) => v.name === req.params.projectVariableId);
      return found
        ? handler(p, found)
        : projectError(404, `Variable ${req.params.projectVariableId} not found.`);
    });
  }

  private withBackup(req: SimRequest, handler: (e: Environment, b: Backup) => SimResponse): SimResponse {
    return this.withEnvironment(req, (e) => {
      const found = e.backups.find((b) => b.id === req.params.backupId);
      return found ? handler(e, found) : projectError(404, `Backup ${req.params.backupId} not found.`);
    });
  }

  /** The stream an activity's `_links.log.href` points at. */
  private logRoute(): ExtraRoute {
    return {
      method: 'GET',
      path: '/projects/{projectId}/activities/{activityId}/log',
      why: 'activities link their streaming log (NDJSON ending with a seal line); the document has no operation for it',
      handler: (req) => {
        this.settle();
        return this.withActivity(req, (a) => this.logStream(req, a));
      },
    };
  }

  // ---- writes ---------------------------------------------------------------------------------

  private createSubscription(req: SimRequest, org: Org): SimResponse {
    const body = asObject(req.body);
    const region = body.project_region as string;
    if (!PLATFORMSH_SEED.regions.some((r) => r.id === region)) {
      return accountsError(400, `Region "${region}" is not available to this organization.`);
    }
    // The seed's PlanType lists the plans; the document types the field as any string.
    const plan = (body.plan as string | undefined) ?? 'development';
    if (!PLATFORMSH_SEED.plans.includes(plan)) return accountsError(400, `Plan "${plan}" does not exist.`);
    if (this.billingBlocked) return accountsError(400, 'A payment method is required to create a project.');
    const sub: Subscription = {
      id: String(this.nextId()),
      orgId: org.id,
      title:
        typeof body.project_title === 'string' && body.project_title
          ? body.project_title
          : 'Untitled Project',
      region,
      plan,
      defaultBranch:
        typeof body.default_branch === 'string' && body.default_branch ? body.default_branch : 'main',
      createdAt: this.clock.now(),
      projectId: null,
    };
    this.subscriptions.set(sub.id, sub);
    return { status: 201, body: this.subscriptionJson(sub) };
  }

  private redeploy(env: Environment): SimResponse {
    if (env.status !== 'active') return projectError(400, `Environment ${env.id} is not active.`);
    const fails = this.failNextDeployments > 0;
    if (fails) this.failNextDeployments--;
    const sha = this.branchHead(env) ?? sha1(`${env.project}-${env.id}`);
    const activity = this.startActivity(env.project, [env.id], 'environment.redeploy', {
      fails,
      text: `${PLATFORMSH_SEED.user.display} redeployed environment ${env.title}`,
      lines: redeployLines(env.id, fails),
      payload: { environment: { id: env.id }, head_commit: sha },
      effect: (ok, at) => {
        env.lastDeployment = { at, ok };
      },
    });
    return this.accepted(activity);
  }

  private activate(env: Environment): SimResponse {
    if (env.status !== 'inactive')
      return projectError(400, `Environment ${env.id} is already ${env.status}.`);
    const activity = this.startActivity(env.project, [env.id], 'environment.activate', {
      text: `${PLATFORMSH_SEED.user.display} activated environment ${env.title}`,
      lines: ['Activating environment', '', ...redeployLines(env.id, false)],
      effect: (ok, at) => {
        if (ok) env.status = 'active';
        env.lastDeployment = { at, ok };
      },
    });
    return this.accepted(activity);
  }

  private resume(env: Environment): SimResponse {
    if (env.status !== 'paused') return projectError(400, `Environment ${env.id} is not paused.`);
    const activity = this.startActivity(env.project, [env.id], 'environment.resume', {
      text: `${PLATFORMSH_SEED.user.display} resumed environment ${env.title}`,
      lines: ['Resuming environment', ...redeployLines(env.id, false)],
      effect: (ok) => {
        if (ok) env.status = 'active';
      },
    });
    return this.accepted(activity);
  }

  private branch(req: SimRequest, parent: Environment): SimResponse {
    // The document checks types and the type enum; names are git branch names, and titles not blank.
    const body = asObject(req.body);
    const detail: Record<string, string> = {};
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(body.name as string)) {
      detail.name = 'The name must be 1-64 letters, digits, ".", "_" or "-".';
    }
    if (body.title === '') detail.title = 'This value should not be blank.';
    if (Object.keys(detail).length) return projectError(400, 'Bad Request', detail);
    if (parent.status !== 'active') {
      return projectError(400, `Cannot branch from environment ${parent.id}: it is ${parent.status}.`);
    }
    const name = body.name as string;
    if (
      this.environments.some((e) => e.project === parent.project && e.id.toLowerCase() === name.toLowerCase())
    ) {
      return projectError(409, `An environment named ${name} already exists.`);
    }
    const env: Environment = {
      project: parent.project,
      id: name,
      title: body.title as string,
      type: typeof body.type === 'string' ? body.type : 'development',
      status: 'inactive',
      parent: parent.id,
      createdAt: this.clock.now(),
      headCommit: parent.headCommit,
      // Inheritable variables of the parent reach the child through inheritance, not a copy.
      variables: [],
      lastDeployment: null,
      backups: [],
    };
    this.environments.push(env);
    const activity = this.startActivity(parent.project, [parent.id, env.id], 'environment.branch', {
      text: `${PLATFORMSH_SEED.user.display} branched ${env.title} from parent ${parent.title}`,
      lines: [
        `Creating environment ${env.id}`,
        body.clone_parent === false ? '  Starting with empty services' : `  Cloning data from ${parent.id}`,
        '',
        ...redeployLines(env.id, false),
      ],
      payload: { parent: { id: parent.id }, environment: { id: env.id }, outcome: 'new' },
      effect: (ok, at) => {
        if (ok) env.status = 'active';
        env.lastDeployment = { at, ok };
      },
    });
    return this.accepted(activity);
  }

  private addDomain(req: SimRequest, project: Project, env: Environment | null): SimResponse {
    const body = asObject(req.body);
    const name = typeof body.name === 'string' ? body.name.toLowerCase() : '';
    if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name)) {
      return projectError(400, 'Bad Request', { name: 'This value is not a valid domain name.' });
    }
    const production = env === null || env.type === 'production';
    const replacementFor =
      typeof body.replacement_for === 'string' ? body.replacement_for.toLowerCase() : null;
    if (!production) {
      const prod = this.domains.filter((d) => d.project === project.id && d.environment === null);
      if (!replacementFor) {
        return projectError(400, 'Bad Request', {
          replacement_for: 'A non-production domain must replace a production domain.',
        });
      }
      if (!prod.some((d) => d.name === replacementFor)) {
        return projectError(400, 'Bad Request', {
          replacement_for: `${replacementFor} is not a production domain of this project.`,
        });
      }
    }
    if (this.domains.some((d) => d.project === project.id && d.name === name)) {
      return projectError(409, `The domain ${name} is already in use.`);
    }
    const domain: Domain = {
      project: project.id,
      environment: production ? null : env!.id,
      name,
      replacementFor: production ? null : replacementFor,
      createdAt: this.clock.now(),
    };
    this.domains.push(domain);
    const target = env ?? this.environments.find((e) => e.project === project.id && e.type === 'production');
    const type = production ? 'project.domain.create' : 'environment.domain.create';
    const activity = this.startActivity(project.id, target ? [target.id] : [], type, {
      text: `${PLATFORMSH_SEED.user.display} added domain ${name}`,
      lines: [
        `Adding domain ${name}`,
        '',
        'Provisioning certificates',
        `  Validating ${name} (http-01)`,
        `  Certificate issued for ${name}`,
        '',
        ...(target ? redeployLines(target.id, false) : []),
      ],
      effect: (ok, at) => {
        if (ok) this.issueAutomaticCertificate(project.id, [name], at);
      },
    });
    return this.accepted(activity);
  }

  private addCertificate(req: SimRequest, project: Project): SimResponse {
    // The document checks that certificate and key are strings; whether they are PEM that match is behaviour.
    const body = asObject(req.body);
    let x509: X509Certificate;
    try {
      x509 = new X509Certificate(body.certificate as string);
    } catch {
      return projectError(400, 'Bad Request', {
        certificate: 'The certificate is not a valid PEM certificate.',
      });
    }
    try {
      if (!x509.checkPrivateKey(createPrivateKey(body.key as string))) {
        return projectError(400, 'Bad Request', { key: 'The private key does not match the certificate.' });
      }
    } catch {
      return projectError(400, 'Bad Request', { key: 'The private key is not a valid PEM private key.' });
    }
    const expiresAt = Date.parse(x509.validTo);
    if (expiresAt <= this.clock.now()) {
      return projectError(400, 'Bad Request', { certificate: 'The certificate has expired.' });
    }
    const domains = (x509.subjectAltName ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.startsWith('DNS:'))
      .map((part) => part.slice(4).toLowerCase());
    const cert: Certificate = {
      id: sha1(x509.fingerprint256).slice(0, 40),
      project: project.id,
      pem: x509.toString(),
      key: body.key as string,
      chain: (body.chain as string[] | undefined) ?? [],
      domains: domains.length ? domains : [/CN=([^\n,]+)/.exec(x509.subject)?.[1] ?? 'unknown'],
      provisioned: false,
      createdAt: this.clock.now(),
      expiresAt,
      issuer: /CN=([^\n,]+)/.exec(x509.issuer)?.[1] ?? 'unknown',
    };
    if (this.certificates.some((c) => c.project === project.id && c.id === cert.id)) {
      return projectError(409, 'This certificate is already installed.');
    }
    this.certificates.push(cert);
    return {
      status: 201,
      body: { status: 'created', code: 201, _embedded: { entity: this.certificateJson(cert) } },
    };
  }

  // ---- derived state --------------------------------------------------------------------------

  /** Applies what completed since the last request: provisioned projects, activity effects. */
  private settle(): void {
    const now = this.clock.now();
    for (const sub of this.subscriptions.values()) {
      if (!sub.projectId && now >= sub.createdAt + PROVISION_MS) this.provision(sub);
    }
    for (const activity of this.activities) {
      const end = activity.startAt + activity.durationMs;
      if (!activity.applied && now >= end) {
        activity.applied = true;
        activity.effect?.(!activity.fails, end);
      }
    }
  }

  private provision(sub: Subscription): void {
    const id = randomish(`project-${sub.id}`).slice(0, 13);
    const at = sub.createdAt + PROVISION_MS;
    sub.projectId = id;
    this.projects.set(id, {
      id,
      subscriptionId: sub.id,
      orgId: sub.orgId,
      title: sub.title,
      region: sub.region,
      plan: sub.plan,
      defaultBranch: sub.defaultBranch,
      createdAt: at,
      deployKey: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${randomish(id)} deploy@${id}`,
      variables: [],
    });
    const sha = sha1(`initial-${id}`);
    this.commits.set(sha, { sha, message: 'Initial commit', author: PLATFORMSH_SEED.user.display, at });
    this.environments.push({
      project: id,
      id: sub.defaultBranch,
      title: sub.defaultBranch === 'main' ? 'Main' : sub.defaultBranch,
      type: 'production',
      status: 'active',
      parent: null,
      createdAt: at,
      headCommit: sha,
      variables: [],
      lastDeployment: { at, ok: true },
      backups: [],
    });
  }

  private subscriptionStatus(sub: Subscription): string {
    if (sub.projectId) return 'active';
    return this.clock.now() < sub.createdAt + REQUESTED_MS ? 'requested' : 'provisioning';
  }

  private startActivity(
    project: string,
    environments: string[],
    type: string,
    options: {
      fails?: boolean;
      text: string;
      lines: string[];
      payload?: Record<string, unknown>;
      effect?: Activity['effect'];
      staged?: boolean;
    },
  ): Activity {
    const now = this.clock.now();
    const activity: Activity = {
      id: randomish(`activity-${this.nextId()}`).slice(0, 13),
      project,
      environments,
      type,
      createdAt: now,
      // A staged activity has no start until a deploy releases it.
      startAt: options.staged ? Number.POSITIVE_INFINITY : this.nextStart(project, environments),
      durationMs: RUN_MS[type] ?? DEFAULT_RUN_MS,
      fails: options.fails ?? false,
      lines: options.lines,
      text: options.text,
      payload: options.payload ?? {},
      effect: options.effect,
      applied: false,
      staged: options.staged,
    };
    this.activities.push(activity);
    return activity;
  }

  /** Activities on one environment run one after another: the next starts when the last ends. */
  private nextStart(project: string, environments: readonly string[]): number {
    const now = this.clock.now();
    return Math.max(
      now + QUEUE_MS,
      ...this.activities
        .filter(
          (a) => !a.staged && a.project === project && a.environments.some((e) => environments.includes(e)),
        )
        .map((a) => a.startAt + a.durationMs),
    );
  }

  private activityState(a: Activity): {
    state: string;
    result: string | null;
    percent: number;
    shown: number;
  } {
    if (a.staged) return { state: 'staged', result: null, percent: 0, shown: 0 };
    const elapsed = this.clock.now() - a.startAt;
    if (elapsed < 0) return { state: 'pending', result: null, percent: 0, shown: 0 };
    if (elapsed < a.durationMs) {
      const fraction = elapsed / a.durationMs;
      return {
        state: 'in_progress',
        result: null,
        percent: Math.floor(fraction * 100),
        shown: Math.ceil(fraction * a.lines.length),
      };
    }
    return {
      state: 'complete',
      result: a.fails ? 'failure' : 'success',
      percent: 100,
      shown: a.lines.length,
    };
  }

  private activitiesOf(project: string): Activity[] {
    return this.activities
      .filter((a) => a.project === project && a.createdAt <= this.clock.now())
      .sort((x, y) => y.createdAt - x.createdAt);
  }

  private branchHead(env: Environment): string | null {
    if (env.headCommit) return env.headCommit;
    // Inactive environments report no head commit, but their branch still exists in git.
    const parent = this.environments.find((e) => e.project === env.project && e.id === env.parent);
    return parent ? this.branchHead(parent) : null;
  }

  private issueAutomaticCertificate(project: string, domains: string[], at: number): void {
    this.certificates.push({
      id: sha1(`le-${project}-${domains.join(',')}-${at}`),
      project,
      pem: fakePem(`le-${domains.join(',')}`),
      key: null,
      chain: [fakePem('le-intermediate')],
      domains,
      provisioned: true,
      createdAt: at,
      expiresAt: at + 90 * DAY,
      issuer: "Let's Encrypt R11",
    });
  }

  // ---- serialization --------------------------------------------------------------------------

  private url(path: string): string {
    return `${this.apiBase}${path}`;
  }

  private user() {
    const u = PLATFORMSH_SEED.user;
    return {
      id: u.id,
      deactivated: false,
      namespace: 'platformsh',
      username: u.username,
      email: 'dana@acme.test',
      email_verified: true,
      first_name: 'Dana',
      last_name: 'Developer',
      picture: 'https://accounts.example.test/avatar/dana.png',
      company: 'Acme Agency',
      website: 'https://acme.test',
      country: 'IE',
      created_at: iso(0),
      updated_at: iso(0),
    };
  }

  private orgJson(o: Org) {
    const self = `/organizations/${o.id}`;
    return {
      id: o.id,
      type: 'fixed',
      owner_id: PLATFORMSH_SEED.user.id,
      namespace: 'platformsh',
      name: o.name,
      label: o.label,
      country: 'IE',
      capabilities: [],
      vendor: 'platformsh',
      billing_profile_id: `bp-${o.name}`,
      billing_legacy: false,
      status: 'active',
      created_at: iso(0),
      updated_at: iso(0),
      _links: {
        self: { href: this.url(self) },
        subscriptions: { href: this.url(`${self}/subscriptions`) },
        'create-subscription': { href: this.url(`${self}/subscriptions`), method: 'POST' },
      },
    };
  }

  private subscriptionJson(s: Subscription) {
    const region = PLATFORMSH_SEED.regions.find((r) => r.id === s.region);
    const org = this.orgs.find((o) => o.id === s.orgId);
    return {
      id: s.id,
      status: this.subscriptionStatus(s),
      created_at: iso(s.createdAt),
      updated_at: iso(s.projectId ? s.createdAt + PROVISION_MS : s.createdAt),
      owner: PLATFORMSH_SEED.user.id,
      owner_info: {
        type: 'user',
        username: PLATFORMSH_SEED.user.username,
        display_name: PLATFORMSH_SEED.user.display,
      },
      vendor: 'platformsh',
      plan: s.plan,
      environments: 3,
      storage: 5120,
      user_licenses: 1,
      project_id: s.projectId ?? '',
      project_endpoint: s.projectId ? this.url(`/projects/${s.projectId}`) : '',
      project_title: s.title,
      project_region: s.region,
      project_region_label: region?.label ?? s.region,
      project_ui: s.projectId ? `https://console.platform.sh/${org?.name ?? 'org'}/${s.projectId}` : '',
      project_options: { defaults: {}, enforced: {}, regions: [], plans: [], billing: {} },
      agency_site: false,
      invoiced: false,
      hipaa: false,
      is_trial_plan: false,
      services: [],
      green: true,
      _links: { self: { href: this.url(`/organizations/${s.orgId}/subscriptions/${s.id}`) } },
    };
  }

  private projectJson(p: Project) {
    const self = `/projects/${p.id}`;
    const domains = this.domains.filter((d) => d.project === p.id && d.environment === null);
    return {
      id: p.id,
      created_at: iso(p.createdAt),
      updated_at: iso(p.createdAt),
      attributes: {},
      title: p.title,
      description: '',
      owner: PLATFORMSH_SEED.user.id,
      namespace: 'platformsh',
      organization: p.orgId,
      default_branch: p.defaultBranch,
      status: { code: 'active', message: 'ok' },
      timezone: 'UTC',
      region: p.region,
      repository: { url: `${p.id}@git.${p.region}:${p.id}.git`, client_ssh_key: p.deployKey },
      default_domain: domains[0]?.name ?? null,
      subscription: {
        license_uri: this.url(`/organizations/${p.orgId}/subscriptions/${p.subscriptionId}`),
        plan: p.plan,
        environments: 3,
        storage: 5120,
        included_users: 1,
        subscription_management_uri: `https://console.platform.sh/-/subscriptions/${p.subscriptionId}`,
        restricted: false,
        suspended: false,
        user_licenses: 1,
      },
      maintenance: null,
      _links: {
        self: { href: this.url(self) },
        environments: { href: this.url(`${self}/environments`) },
        activities: { href: this.url(`${self}/activities`) },
        '#edit': { href: self, meta: {} },
        '#delete': { href: `/api${self}`, meta: {} },
      },
    };
  }

  private environmentJson(e: Environment) {
    const project = this.projects.get(e.project)!;
    const self = `/projects/${e.project}/environments/${encodeURIComponent(e.id)}`;
    const hash = randomish(`${e.project}-${e.id}`).slice(0, 7).toLowerCase();
    const edge = `${e.id.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}-${hash}-${e.project}.${project.region.replace('.platform.sh', '')}.platformsh.site`;
    const defaultDomain =
      e.type === 'production'
        ? (this.domains.find((d) => d.project === e.project && d.environment === null)?.name ?? null)
        : null;
    const actions: Record<string, { href: string; meta: Record<string, unknown> }> =
      e.status === 'active'
        ? {
            '#redeploy': { href: `${self}/redeploy`, meta: {} },
            '#branch': { href: `${self}/branch`, meta: {} },
            '#pause': { href: `${self}/pause`, meta: {} },
            '#backup': { href: `${self}/backup`, meta: {} },
          }
        : e.status === 'inactive'
          ? { '#activate': { href: `${self}/activate`, meta: {} } }
          : e.status === 'paused'
            ? { '#resume': { href: `${self}/resume`, meta: {} } }
            : {};
    return {
      id: e.id,
      created_at: iso(e.createdAt),
      updated_at: iso(e.createdAt),
      name: e.id,
      machine_name: `${e.id.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}-${hash}`,
      title: e.title,
      attributes: {},
      type: e.type,
      parent: e.parent,
      default_domain: defaultDomain,
      has_domains: this.domains.some(
        (d) =>
          d.project === e.project &&
          (d.environment === e.id || (d.environment === null && e.type === 'production')),
      ),
      clone_parent_on_create: true,
      deployment_target: 'local',
      is_pr: false,
      has_remote: false,
      status: e.status,
      http_access: { is_enabled: true, addresses: [], basic_auth: {} },
      enable_smtp: e.type === 'production',
      restrict_robots: e.type !== 'production',
      edge_hostname: edge,
      deployment_state: e.lastDeployment
        ? {
            last_state_update_successful: true,
            last_deployment_successful: e.lastDeployment.ok,
            last_deployment_failure_reason: e.lastDeployment.ok ? null : 'shell',
            last_deployment_commands: [],
            last_deployment_at: iso(e.lastDeployment.at),
            last_autoscale_up_at: null,
            last_autoscale_down_at: null,
            last_maintenance_at: null,
            crons: { enabled: true, status: 'running' },
          }
        : null,
      sizing: null,
      resources_overrides: {},
      max_instance_count: null,
      last_active_at: e.lastDeployment ? iso(e.lastDeployment.at) : null,
      last_backup_at: e.backups.length ? iso(Math.max(...e.backups.map((b) => b.createdAt))) : null,
      project: e.project,
      is_main: e.id === project.defaultBranch,
      is_dirty: this.activities.some(
        (a) =>
          a.project === e.project &&
          a.environments.includes(e.id) &&
          this.activityState(a).state !== 'complete',
      ),
      has_staged_activities: this.activities.some(
        (a) => a.staged && a.project === e.project && a.environments.includes(e.id),
      ),
      can_rolling_deploy: false,
      supports_rolling_deployments: false,
      has_code: true,
      head_commit: e.status === 'inactive' ? null : e.headCommit,
      merge_info: {
        commits_ahead: 0,
        commits_behind: 0,
        parent_ref: e.parent ? `refs/heads/${e.parent}` : null,
      },
      has_deployment: e.status !== 'inactive',
      supports_restrict_robots: true,
      _links: {
        self: { href: this.url(self) },
        'public-url': { href: `https://${edge}/` },
        ...actions,
      },
    };
  }

  private activityJson(a: Activity) {
    const { state, result, percent, shown } = this.activityState(a);
    const self = `/projects/${a.project}/activities/${a.id}`;
    const done = state === 'complete';
    const end = a.startAt + a.durationMs;
    return {
      id: a.id,
      created_at: iso(a.createdAt),
      updated_at: iso(done ? end : this.clock.now()),
      type: a.type,
      parameters: {},
      project: a.project,
      environments: a.environments,
      state,
      result,
      failure_reason: done && a.fails ? 'shell' : null,
      started_at: state === 'pending' || state === 'staged' ? null : iso(a.startAt),
      completed_at: done ? iso(end) : null,
      completion_percent: percent,
      cancelled_at: null,
      timings: done ? { wait: (a.startAt - a.createdAt) / 1000, execute: a.durationMs / 1000 } : {},
      // Deprecated but still filled: the log written so far.
      log: shown ? `${a.lines.slice(0, shown).join('\n')}\n` : '',
      payload: a.payload,
      description: `<user>${PLATFORMSH_SEED.user.display}</user> ${a.text.replace(`${PLATFORMSH_SEED.user.display} `, '')}`,
      text: a.text,
      expires_at: null,
      commands: [],
      _links: {
        self: { href: this.url(self) },
        log: { href: `${this.logLinkBase ?? this.apiBase}${self}/log` },
      },
    };
  }

  /** Newline-delimited JSON log items; a final `seal` line once the activity has completed. */
  private logStream(req: SimRequest, a: Activity): SimResponse {
    const { state, shown } = this.activityState(a);
    const startAt = Math.max(0, Number(req.query.get('start_at') ?? 0) || 0);
    const maxItems = Math.max(0, Number(req.query.get('max_items') ?? 0) || 0);
    const available = a.lines.slice(0, shown).map((line, index) => ({
      _id: `${a.id}-${index}`,
      data: {
        timestamp: iso(a.startAt + Math.floor((index / Math.max(1, a.lines.length)) * a.durationMs)),
        message: `${line}\n`,
      },
    }));
    const items = available.slice(startAt, maxItems ? startAt + maxItems : undefined);
    const sealed = state === 'complete' && startAt + items.length >= available.length;
    const lines = items.map((item) => JSON.stringify(item));
    if (sealed) lines.push(JSON.stringify({ seal: true }));
    return {
      status: 200,
      text: lines.length ? `${lines.join('\n')}\n` : '',
      headers: { 'content-type': 'application/x-ndjson' },
    };
  }

  /** EnvironmentVariable: a sensitive variable's value is never returned. */
  private variableJson(e: Environment, found: { variable: Variable; inherited: boolean }) {
    const v = found.variable;
    return {
      id: v.name,
      created_at: iso(v.createdAt),
      updated_at: iso(v.updatedAt),
      name: v.name,
      attributes: {},
      ...(v.sensitive ? {} : { value: v.value }),
      is_json: false,
      is_sensitive: v.sensitive,
      visible_build: v.visibleBuild,
      visible_runtime: v.visibleRuntime,
      application_scope: [],
      project: e.project,
      environment: e.id,
      inherited: found.inherited,
      is_enabled: v.enabled,
      is_inheritable: v.inheritable,
    };
  }

  private projectVariableJson(v: Variable) {
    return {
      id: v.name,
      created_at: iso(v.createdAt),
      updated_at: iso(v.updatedAt),
      name: v.name,
      attributes: {},
      ...(v.sensitive ? {} : { value: v.value }),
      is_json: false,
      is_sensitive: v.sensitive,
      visible_build: v.visibleBuild,
      visible_runtime: v.visibleRuntime,
      application_scope: [],
    };
  }

  private backupJson(e: Environment, b: Backup) {
    return {
      id: b.id,
      created_at: iso(b.createdAt),
      updated_at: iso(b.createdAt),
      attributes: {},
      status: 'CREATED',
      expires_at: iso(b.createdAt + (b.automated ? 7 : 30) * DAY),
      index: null,
      commit_id: b.commit ?? '',
      environment: e.id,
      safe: b.safe,
      size_of_volumes: 2_147_483_648,
      size_used: b.sizeUsed,
      deployment: null,
      restorable: true,
      automated: b.automated,
    };
  }

  private domainJson(d: Domain) {
    const base = {
      id: d.name,
      created_at: iso(d.createdAt),
      updated_at: iso(d.createdAt),
      type: d.environment === null ? 'prod-domains' : 'replacement',
      project: d.project,
      name: d.name,
      registered_name: d.name.split('.').slice(-2).join('.'),
      attributes: {},
    };
    return d.environment === null
      ? {
          ...base,
          is_default: this.domains.find((x) => x.project === d.project && x.environment === null) === d,
        }
      : { ...base, replacement_for: d.replacementFor };
  }

  private certificateJson(c: Certificate) {
    return {
      id: c.id,
      created_at: iso(c.createdAt),
      updated_at: iso(c.createdAt),
      certificate: c.pem,
      chain: c.chain,
      is_provisioned: c.provisioned,
      is_invalid: false,
      is_root: false,
      domains: c.domains,
      auth_type: [],
      issuer: [{ oid: '2.5.4.3', alias: 'commonName', value: c.issuer }],
      expires_at: iso(c.expiresAt),
    };
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** What project-API writes answer: AcceptedResponse plus the started activity, embedded. */
  private accepted(activity: Activity): SimResponse {
    return {
      status: 202,
      body: { status: 'Accepted', code: 202, _embedded: { activities: [this.activityJson(activity)] } },
    };
  }

  /**
   * Accounts-API cursor pages: page[size] (the document bounds it to 1-100; 10 when absent),
   * `_links.next` carries page[after].
   */
  private page(req: SimRequest, items: unknown[]): SimResponse {
    const size = Number(req.query.get('page[size]') ?? 10);
    const after = req.query.get('page[after]');
    let offset = 0;
    if (after) {
      offset = Number(Buffer.from(after, 'base64url').toString());
      if (!Number.isInteger(offset) || offset < 0) return accountsError(400, 'The page cursor is invalid.');
    }
    const slice = items.slice(offset, offset + size);
    const link = (at: number) => {
      const query = new URLSearchParams(req.query);
      query.set('page[after]', Buffer.from(String(at)).toString('base64url'));
      return { href: this.url(`${req.path}?${query.toString()}`) };
    };
    return ok({
      count: items.length,
      items: slice,
      _links: {
        self: { href: this.url(`${req.path}${req.query.size ? `?${req.query.toString()}` : ''}`) },
        ...(offset + size < items.length ? { next: link(offset + size) } : {}),
        ...(offset > 0 ? { previous: link(Math.max(0, offset - size)) } : {}),
      },
    });
  }

  private withOrg(req: SimRequest, handler: (org: Org) => SimResponse): SimResponse {
    const org = this.orgs.find((o) => o.id === req.params.organization_id);
    return org ? handler(org) : accountsError(404, 'Organization not found.');
  }

  private withProject(req: SimRequest, handler: (project: Project) => SimResponse): SimResponse {
    const project = this.projects.get(req.params.projectId ?? '');
    return project ? handler(project) : projectError(404, `Project ${req.params.projectId} not found.`);
  }

  private withEnvironment(req: SimRequest, handler: (env: Environment) => SimResponse): SimResponse {
    return this.withProject(req, (p) => {
      const env = this.environments.find((e) => e.project === p.id && e.id === req.params.environmentId);
      return env ? handler(env) : projectError(404, `Environment ${req.params.environmentId} not found.`);
    });
  }

  private withActivity(req: SimRequest, handler: (activity: Activity) => SimResponse): SimResponse {
    return this.withProject(req, (p) => {
      const activity = this.activitiesOf(p.id).find((a) => a.id === req.params.activityId);
      return activity ? handler(activity) : projectError(404, `Activity ${req.params.activityId} not found.`);
    });
  }

  private nextId(): number {
    this.ids += 1;
    return this.ids;
  }

  private seed(): void {
    const now = this.clock.now();
    for (const o of PLATFORMSH_SEED.organizations) this.orgs.push({ ...o });
    for (const seed of PLATFORMSH_SEED.projects) this.seedProject(seed, now - 90 * DAY);
  }

  private seedProject(seed: SeedProject, createdAt: number): void {
    const org = this.orgs.find((o) => o.name === seed.organization)!;
    this.subscriptions.set(seed.subscriptionId, {
      id: seed.subscriptionId,
      orgId: org.id,
      title: seed.title,
      region: seed.region,
      plan: seed.plan,
      defaultBranch: 'main',
      createdAt: createdAt - PROVISION_MS,
      projectId: seed.id,
    });
    this.projects.set(seed.id, {
      id: seed.id,
      subscriptionId: seed.subscriptionId,
      orgId: org.id,
      title: seed.title,
      region: seed.region,
      plan: seed.plan,
      defaultBranch: 'main',
      createdAt,
      deployKey: seed.deployKey,
      variables: (seed.variables ?? []).map((v) => seedVariable(v, createdAt)),
    });
    const now = this.clock.now();
    for (const envSeed of seed.environments) {
      const env: Environment = {
        project: seed.id,
        id: envSeed.id,
        title: envSeed.title,
        type: envSeed.type,
        status: envSeed.status,
        parent: envSeed.parent,
        createdAt,
        headCommit: null,
        variables: envSeed.variables.map((v) => seedVariable(v, createdAt)),
        lastDeployment: null,
        backups: [],
      };
      this.environments.push(env);
      for (const a of envSeed.activities) {
        const started = now - a.hoursAgo * HOUR;
        const activity: Activity = {
          id: randomish(`seed-${seed.id}-${env.id}-${a.hoursAgo}`).slice(0, 13),
          project: seed.id,
          environments: [env.id],
          type: a.type,
          createdAt: started - QUEUE_MS,
          startAt: started,
          durationMs: DEFAULT_RUN_MS,
          fails: a.fails ?? false,
          lines: a.lines,
          text: `${a.commit?.author ?? PLATFORMSH_SEED.user.display} pushed to ${envSeed.title}`,
          payload: a.commit
            ? {
                environment: { id: env.id },
                commits: [
                  { sha: a.commit.sha, message: a.commit.message, author: { name: a.commit.author } },
                ],
                user: { display_name: a.commit.author },
              }
            : {},
          applied: true,
        };
        this.activities.push(activity);
        if (a.commit) {
          this.commits.set(a.commit.sha, { ...a.commit, at: started });
          env.headCommit = a.commit.sha;
        }
        env.lastDeployment = { at: started + DEFAULT_RUN_MS, ok: !activity.fails };
      }
      if (!env.headCommit && env.parent) {
        env.headCommit =
          this.environments.find((e) => e.project === seed.id && e.id === env.parent)?.headCommit ?? null;
      }
      for (const b of envSeed.backups ?? []) {
        env.backups.push({
          id: randomish(`backup-${seed.id}-${env.id}-${b.hoursAgo}`).slice(0, 26),
          createdAt: now - b.hoursAgo * HOUR,
          commit: env.headCommit,
          safe: true,
          automated: b.automated,
          sizeUsed: 734_003_200 + b.hoursAgo * 1024,
        });
      }
    }
    for (const name of seed.domains) {
      this.domains.push({ project: seed.id, environment: null, name, replacementFor: null, createdAt });
    }
    if (seed.domains.length) this.issueAutomaticCertificate(seed.id, seed.domains, now - 20 * DAY);
    for (const [environment, name, replacementFor] of seed.environmentDomains) {
      this.domains.push({ project: seed.id, environment, name, replacementFor, createdAt });
      this.issueAutomaticCertificate(seed.id, [name], now - 20 * DAY);
    }
    for (const custom of seed.customCertificates) {
      this.certificates.push({
        id: sha1(`custom-${seed.id}-${custom.domains.join(',')}`),
        project: seed.id,
        pem: fakePem(`custom-${custom.domains.join(',')}`),
        key: custom.key,
        chain: [],
        domains: custom.domains,
        provisioned: false,
        createdAt,
        expiresAt: now + custom.days * DAY,
        issuer: 'Acme Internal CA',
      });
    }
  }
}

// ---- module helpers ---------------------------------------------------------------------------

/** A variable as a create request gives it, with Platform.sh's defaults for what it leaves out. */
function newVariable(body: Record<string, unknown>, at: number): Variable {
  const flag = (name: string, fallback: boolean) =>
    typeof body[name] === 'boolean' ? (body[name] as boolean) : fallback;
  return {
    name: String(body.name),
    value: String(body.value ?? ''),
    sensitive: flag('is_sensitive', false),
    visibleBuild: flag('visible_build', true),
    visibleRuntime: flag('visible_runtime', true),
    enabled: flag('is_enabled', true),
    inheritable: flag('is_inheritable', true),
    createdAt: at,
    updatedAt: at,
  };
}

/** Applies what a PATCH names; a variable once sensitive stays sensitive. */
function patchVariable(v: Variable, body: Record<string, unknown>, at: number): void {
  if (typeof body.value === 'string') v.value = body.value;
  if (body.is_sensitive === true) v.sensitive = true;
  if (typeof body.visible_build === 'boolean') v.visibleBuild = body.visible_build;
  if (typeof body.visible_runtime === 'boolean') v.visibleRuntime = body.visible_runtime;
  if (typeof body.is_enabled === 'boolean') v.enabled = body.is_enabled;
  if (typeof body.is_inheritable === 'boolean') v.inheritable = body.is_inheritable;
  v.updatedAt = at;
}

/** What a project-API write answers when it starts no activity. */
function created(): SimResponse {
  return { status: 201, body: { status: 'Created', code: 201 } };
}

/** A seeded variable with Platform.sh's defaults: visible at build and runtime, enabled, inheritable. */
function seedVariable(seed: { name: string; value: string; sensitive?: boolean }, at: number): Variable {
  return {
    name: seed.name,
    value: seed.value,
    sensitive: seed.sensitive ?? false,
    visibleBuild: true,
    visibleRuntime: true,
    enabled: true,
    inheritable: true,
    createdAt: at,
    updatedAt: at,
  };
}

function redeployLines(env: string, fails: boolean): string[] {
  const lines = [
    `Redeploying environment ${env}`,
    '  Preparing deployment',
    '  Closing services app',
    '  Opening application app and its relationships',
    '  Executing deploy hook for application app',
  ];
  if (fails) {
    return [
      ...lines,
      '    + php bin/console doctrine:migrations:migrate --no-interaction',
      '    In AbstractMySQLDriver.php line 112:',
      "    SQLSTATE[42S01]: Base table or view already exists: 1050 Table 'orders' already exists",
      '  E: Error: the deploy hook failed with status code 1.',
    ];
  }
  return [
    ...lines,
    '  Opening environment',
    '',
    'Environment configuration',
    '  app (type: php:8.3, size: S)',
  ];
}

function sha1(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

/** Deterministic lowercase id text, so runs are reproducible. */
function randomish(seed: string): string {
  return (
    createHash('sha256')
      .update(seed)
      .digest('base64url')
      .replace(/[^a-z0-9]/g, '')
      .toLowerCase() + sha1(seed)
  );
}

function fakePem(seed: string): string {
  const body = Buffer.from(createHash('sha512').update(seed).digest()).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;
}
