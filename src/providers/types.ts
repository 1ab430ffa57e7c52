import { z } from 'zod';
import type { RequestContext } from '../core/http.js';
import type { Logger } from '../core/logger.js';
import type { OperationHandle } from '../core/operations.js';
import type { BudgetFactory } from '../core/rate-limit.js';
import type { Redactor } from '../core/redact.js';
import type { SecretFiles } from '../core/secret-files.js';
import type { Simulator } from '../simulator/sim-server.js';
import type { ProviderApi } from './kit/catalog-client.js';
import type { RequestPolicy } from './kit/gate.js';

/**
 * Our own spec of a hosting provider. Tools talk only to this: a provider is an identity plus
 * optional capability groups, and a tool is listed only when some configured provider has the
 * group it needs. Shapes below are normalized and allow-listed: vendor fields that are not named
 * here never reach the model.
 */

export const PROVIDER_IDS = ['forge', 'serverpilot', 'coolify', 'panelalpha', 'platformsh'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Per-call context handed to providers: cancel signal, dry-run flag, progress reporting. */
export interface CallContext extends RequestContext {
  /** Reports progress while waiting; a no-op when the client asked for none. */
  progress?: (progress: number, total: number | undefined, message: string) => void;
  /** The risk policy every request of the call passes (see providers/kit/gate.ts). */
  policy?: RequestPolicy;
  /** Multiplies provider poll intervals (the sandbox clock runs faster); applied once, in the tools layer. */
  pollScale?: number;
}

/** Normalized lifecycle of anything asynchronous, mapped from the provider's own status. */
export const OperationStateSchema = z.enum(['pending', 'running', 'succeeded', 'failed', 'cancelled']);
export type OperationState = z.infer<typeof OperationStateSchema>;

const nullableString = z.string().nullable();

/** A machine that hosts sites (Forge/ServerPilot/Coolify/PanelAlpha server, Platform.sh project). */
export const ServerSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Provider's own status word, e.g. "provisioning", "ready", "disconnected". */
  status: z.string(),
  ready: z.boolean(),
  ip_address: nullableString,
  region: nullableString,
  size: nullableString,
  created_at: nullableString,
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Server = z.infer<typeof ServerSchema>;

/** Something served from a server (site, app, application, WordPress instance, environment). */
export const SiteSchema = z.object({
  id: z.string(),
  name: z.string(),
  server_id: nullableString,
  domains: z.array(z.string()),
  status: z.string(),
  url: nullableString,
  https: z.boolean().nullable(),
  repository: nullableString,
  branch: nullableString,
  created_at: nullableString,
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Site = z.infer<typeof SiteSchema>;

export const CommitSchema = z.object({
  hash: nullableString,
  message: nullableString,
  author: nullableString,
  branch: nullableString,
});

export const DeploymentSchema = z.object({
  id: z.string(),
  site_id: z.string(),
  state: OperationStateSchema,
  /** Provider's own status word. */
  status: z.string(),
  commit: CommitSchema.nullable(),
  started_at: nullableString,
  ended_at: nullableString,
  /** Handle for get_operation. */
  operation_id: z.string(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const CertificateSchema = z.object({
  id: z.string(),
  domain: z.string(),
  type: z.string(),
  state: z.enum(['pending', 'active', 'inactive', 'failed']),
  status: z.string(),
  active: z.boolean(),
  expires_at: nullableString,
});
export type Certificate = z.infer<typeof CertificateSchema>;

/** A long operation as the provider reports it right now. */
export const OperationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: OperationStateSchema,
  done: z.boolean(),
  /** Provider's own status word: the state is derived from it, never from an HTTP 200. */
  status: z.string(),
  description: z.string(),
  started_at: nullableString,
  ended_at: nullableString,
  server_id: nullableString.optional(),
  site_id: nullableString.optional(),
  /** Last lines of the operation's log when it failed (untrusted text, framed by the tool layer). */
  log_tail: z.array(z.string()).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Operation = z.infer<typeof OperationSchema>;

/** One environment variable as the model may see it: its name and where it applies, never its value. */
export const EnvVariableSchema = z.object({
  key: z.string(),
  /**
   * Whether a value is set; the value itself never leaves the server. `unknown` when the provider
   * hides values from this credential (so neither can be told).
   */
  value: z.enum(['set', 'empty', 'unknown']),
  /** Where it applies, in the provider's words (runtime, build, preview, service name …). */
  scope: nullableString,
  inherited: z.boolean().optional(),
  sensitive: z.boolean().optional(),
  /** How the provider treats the value, in its words (literal, multiline …). */
  flags: z.array(z.string()).optional(),
});
export type EnvVariable = z.infer<typeof EnvVariableSchema>;

export const DatabaseSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Engine, e.g. mysql, postgresql, redis. */
  type: nullableString,
  status: z.string(),
  server_id: nullableString,
  created_at: nullableString,
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Database = z.infer<typeof DatabaseSchema>;

export const BackupSchema = z.object({
  id: z.string(),
  /** What was backed up: a database, an environment, a WordPress instance. */
  of: z.string(),
  state: OperationStateSchema,
  status: z.string(),
  created_at: nullableString,
  finished_at: nullableString,
  size_bytes: z.number().nullable(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Backup = z.infer<typeof BackupSchema>;

/** What every write returns: at once, with a handle to follow. */
export interface WriteResult {
  message: string;
  operation?: Operation;
  /** The created/changed resource in normalized form. */
  resource?: Record<string, unknown>;
  /** Follow-up the user must do by hand (run an installer, point DNS). */
  next_steps?: string[];
  /** Verb-specific facts for the model (e.g. which env keys changed, whether a redeploy is needed). */
  details?: Record<string, unknown>;
}

export interface Listing<T> {
  items: T[];
  /** True when the cap was reached before the provider ran out of pages. */
  truncated: boolean;
}

export interface ListQuery {
  /** Upper bound on items returned, across pages. */
  limit: number;
}

/** A site named by id or domain, optionally narrowed to one server. */
export interface SiteRef {
  site: string;
  server?: string;
}

/** A write verb whose arguments differ per provider: its zod shape joins the tool's schema. */
export interface WriteVerb<Target> {
  /** Provider-specific arguments; the tool merges these shapes and the provider parses strictly. */
  input: z.ZodObject;
  run(ctx: CallContext, target: Target, input: Record<string, unknown>): Promise<WriteResult>;
}

export interface ServersCapability {
  list(ctx: CallContext, query: ListQuery): Promise<Listing<Server>>;
  get(ctx: CallContext, ref: string): Promise<Server>;
  create?: WriteVerb<undefined>;
}

export interface SitesCapability {
  list(ctx: CallContext, query: ListQuery & { server?: string }): Promise<Listing<Site>>;
  get(ctx: CallContext, ref: SiteRef): Promise<Site>;
  /** Target: the server ref the site goes on (providers without servers ignore it). */
  create?: WriteVerb<{ server?: string }>;
}

export interface DeploymentsCapability {
  deploy: WriteVerb<SiteRef>;
  list(ctx: CallContext, ref: SiteRef, query: ListQuery): Promise<Listing<Deployment>>;
}

export interface CertificatesCapability {
  issue: WriteVerb<SiteRef>;
  list(ctx: CallContext, ref: SiteRef): Promise<Listing<Certificate>>;
}

/** One log a provider can read. */
export interface LogSource {
  id: string;
  /** What the source needs to be located. */
  needs: 'site' | 'server' | 'none';
  description: string;
}

export interface LogRequest {
  source: string;
  server?: string;
  site?: string;
  /** Deployment id, event id or log file key, depending on the source. */
  id?: string;
  /** Trailing lines wanted, for providers whose API returns a tail of N lines. */
  lines?: number;
}

export interface LogText {
  /** Human label, e.g. "deployment 42 of example.com". */
  label: string;
  /** Full text as the provider returned it; the tool layer cleans, slices and frames it. */
  text: string;
  /** False while the producer is still writing (a running deployment). */
  complete: boolean;
}

export interface LogsCapability {
  sources: readonly LogSource[];
  read(ctx: CallContext, request: LogRequest): Promise<LogText>;
}

/** Names, never values: `set`/`unset` name keys; values given in `set` are treated as secrets. */
export interface EnvChange {
  set: Record<string, string>;
  unset: string[];
  /** Redeploy or restart so the change takes effect (only when asked). */
  redeploy: boolean;
}

export interface EnvCapability {
  /** Scopes the provider distinguishes, for the `scope` argument (empty: one set per site). */
  scopes: readonly string[];
  read(ctx: CallContext, ref: SiteRef, scope?: string): Promise<{ label: string; variables: EnvVariable[] }>;
  change(ctx: CallContext, ref: SiteRef, change: EnvChange): Promise<WriteResult>;
}

export type SiteAction = 'start' | 'stop' | 'restart';
export type ServerAction = 'restart_service' | 'reboot';

export interface SiteControlCapability {
  actions: readonly SiteAction[];
  run(ctx: CallContext, ref: SiteRef, action: SiteAction): Promise<WriteResult>;
}

export interface ServerControlCapability {
  actions: readonly ServerAction[];
  /** Services `restart_service` can restart. */
  services: readonly string[];
  run(ctx: CallContext, server: string, action: ServerAction, service?: string): Promise<WriteResult>;
}

/** Where a database or backup lives: a server, or a site (which knows its server). */
export interface PlaceRef {
  server?: string;
  site?: string;
}

/** What create_database asks for; a password is made by the provider or the server, never given. */
export interface NewDatabase extends PlaceRef {
  name: string;
  type?: string;
  user?: string;
}

export interface DatabasesCapability {
  list(ctx: CallContext, place: PlaceRef, query: ListQuery): Promise<Listing<Database>>;
  create: WriteVerb<NewDatabase>;
}

export interface BackupsCapability {
  list(ctx: CallContext, place: PlaceRef, query: ListQuery): Promise<Listing<Backup>>;
  create: WriteVerb<PlaceRef>;
  /** Overwrites live data: destructive under the risk policy. */
  restore(ctx: CallContext, place: PlaceRef, backup: string): Promise<WriteResult>;
}

export interface OperationsCapability {
  get(ctx: CallContext, handle: OperationHandle): Promise<Operation>;
  /** How often this kind of operation may be polled, in ms. */
  pollIntervalMs(handle: OperationHandle): number;
}

export interface HostingProvider {
  readonly id: ProviderId;
  readonly title: string;
  readonly account: string;
  servers?: ServersCapability;
  sites?: SitesCapability;
  deployments?: DeploymentsCapability;
  certificates?: CertificatesCapability;
  logs?: LogsCapability;
  operations?: OperationsCapability;
  env?: EnvCapability;
  siteControl?: SiteControlCapability;
  serverControl?: ServerControlCapability;
  databases?: DatabasesCapability;
  backups?: BackupsCapability;
  /** Every operation the provider's API documents, called by catalog id under the account's credentials. */
  api?: ProviderApi;
  /** What `hosting-mcp doctor` checks of the account beyond reaching its hosts. */
  doctor?: DoctorCapability;
  /** When a capability group is absent, what to use instead (keyed by group name). */
  alternatives?: Partial<Record<CapabilityName, string>>;
  /** Releases connections. */
  close(): Promise<void>;
}

/**
 * The account checks of `hosting-mcp doctor` that need the provider's API. Reachability, TLS,
 * the clock and the request budget are checked the same way for every provider; this says how to
 * prove the credential and what else the API can tell before the first tool call.
 */
export interface DoctorCapability {
  /** One cheap authenticated read; its response's Date and rate-limit headers feed the generic checks. */
  authenticate(ctx: CallContext): Promise<DoctorProbe>;
  /** Further checks, in order, run once the credential is accepted (organization, token abilities…). */
  checks?: readonly DoctorCheck[];
}

export interface DoctorProbe {
  /** What the API said, e.g. "token sees 2 organizations" (no secrets; provider text is cleaned). */
  detail: string;
  headers: Record<string, string>;
}

export interface DoctorCheck {
  name: string;
  run(ctx: CallContext): Promise<DoctorFinding>;
}

export interface DoctorFinding {
  /** ok: fine; warn: works, with a caveat; fail: a tool call would fail; skip: cannot be checked here. */
  status: 'ok' | 'warn' | 'fail' | 'skip';
  detail: string;
}

export type CapabilityName =
  | 'servers'
  | 'sites'
  | 'deployments'
  | 'certificates'
  | 'logs'
  | 'operations'
  | 'env'
  | 'siteControl'
  | 'serverControl'
  | 'databases'
  | 'backups';
export const CAPABILITY_NAMES: readonly CapabilityName[] = [
  'servers',
  'sites',
  'deployments',
  'certificates',
  'logs',
  'operations',
  'env',
  'siteControl',
  'serverControl',
  'databases',
  'backups',
];

/** One configured account: provider, name, and its settings (secrets already resolved from env). */
export interface AccountConfig {
  provider: ProviderId;
  name: string;
  settings: Record<string, string>;
  /** True when the account points at a built-in simulator. */
  sandbox?: boolean;
}

/** A setting a provider reads: from env `<PROVIDER>_<ENV>` or from the config file. */
export interface SettingSpec {
  /** Key in the config file and in AccountConfig.settings (snake_case). */
  key: string;
  /** Env var suffix: FORGE_ + API_TOKEN. */
  env: string;
  description: string;
  secret?: boolean;
  required?: boolean;
  default?: string;
  /** Presence of this env var alone makes the provider configured from env. */
  enables?: boolean;
}

/** What a provider gets from the server process. */
export interface ProviderDeps {
  logger: Logger;
  redactor: Redactor;
  userAgent: string;
  /** Overrides the provider's own request budget (requests per minute; 0 disables). */
  rateLimitPerMinute?: number;
  /** Makes each account's request budget (shared by replicas through Redis); default: this process's own. */
  budget?: BudgetFactory;
  /** Multiplies poll intervals; the sandbox shrinks them to match its accelerated clock. */
  pollScale?: number;
  /** Where one-time secrets the user needs are written (0600 files), instead of into results. */
  secretFiles: SecretFiles;
}

export type ProviderFactory = (account: AccountConfig, deps: ProviderDeps) => HostingProvider;

/** A provider as data: how to configure it, build it and simulate it. */
export interface ProviderDefinition {
  id: ProviderId;
  title: string;
  settings: readonly SettingSpec[];
  /**
   * The provider's code, loaded when an account of it is configured: a server for one Forge
   * account does not build the other providers' schemas at start.
   */
  load(): Promise<ProviderFactory>;
  /**
   * Builds the provider's simulator and returns the settings that point at it: listening on a
   * loopback port of its own, or, given `origin`, answering the connections the sandbox accepts
   * there (SimServer.adopt).
   */
  sandbox?(options: SandboxOptions): Promise<SandboxInstance>;
  /**
   * The settings of the sandbox account for a simulator answering at `origin`. In the server
   * bundle (`<id>/sandbox-account.ts`; the simulator is not), so the sandbox configures the
   * account before the simulator loads, on its port's first connection.
   */
  sandboxAccount?(origin: string): Record<string, string>;
}

export interface SandboxOptions {
  /** Simulated time runs this much faster than real time. */
  speed: number;
  /** Where the sandbox already listens for this simulator; unset, the simulator listens itself. */
  origin?: string;
}

export interface SandboxInstance {
  settings: Record<string, string>;
  /** Ids of seed resources by parameter name (path, or a header naming a record), so every documented operation can be tried. */
  pathExamples?: Record<string, string>;
  /** The running simulator: its clock, fault switches and recorded requests. */
  simulator: Simulator;
}
