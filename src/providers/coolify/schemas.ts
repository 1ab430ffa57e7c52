import { z } from 'zod';

/**
 * Coolify v4 response shapes (bare JSON, no envelope). Only fields the mapping reads are declared,
 * so everything else — private keys, database passwords, env values, webhook secrets, sentinel
 * tokens, basic-auth passwords — is dropped at parse time. Lenient (`nullish`) because the spec
 * marks almost nothing required and Coolify hides fields from tokens without `read:sensitive`.
 */

const str = z.string().nullish();
const bool = z.boolean().nullish();

/**
 * A resource's server as Coolify nests it: every application and service carries its
 * `server_status`, computed from that relation, so the loaded server comes along (applications
 * through `destination.server`, services as `server`). The document does not type it; where it is
 * missing the site's server is simply unknown.
 */
const hostServer = z.object({ uuid: z.string() }).nullish();

export const server = z.object({
  uuid: z.string(),
  name: z.string(),
  description: str,
  ip: str,
  port: z.number().nullish(),
  user: str,
  proxy_type: str,
  proxy: z.object({ type: str, status: str }).partial().nullish(),
  // The list puts these at the top level, the single read only inside `settings`.
  is_reachable: bool,
  is_usable: bool,
  settings: z
    .object({ is_reachable: bool, is_usable: bool, is_build_server: bool, wildcard_domain: str })
    .partial()
    .nullish(),
  validation_logs: str,
  created_at: str,
});
export type CoolifyServer = z.infer<typeof server>;

/** One entry of GET /servers/{uuid}/resources; `type` is e.g. application, service, standalone-postgresql. */
export const resource = z.object({ uuid: z.string(), name: str, type: str, status: str });

export const privateKey = z.object({
  uuid: z.string(),
  name: z.string(),
  description: str,
  fingerprint: str,
  is_git_related: bool,
});
export type CoolifyKey = z.infer<typeof privateKey>;

export const project = z.object({ uuid: z.string(), name: z.string(), description: str });
export type CoolifyProject = z.infer<typeof project>;

export const application = z.object({
  uuid: z.string(),
  name: z.string(),
  description: str,
  fqdn: str,
  status: str,
  build_pack: str,
  git_repository: str,
  git_branch: str,
  git_commit_sha: str,
  // Set only for git-backed apps; Dockerfile and image apps carry placeholder git fields.
  source_id: z.number().nullish(),
  docker_registry_image_name: str,
  docker_registry_image_tag: str,
  ports_exposes: str,
  created_at: str,
  destination: z.object({ server: hostServer }).nullish(),
});
export type CoolifyApplication = z.infer<typeof application>;

const subResource = z.object({
  uuid: z.string().nullish(),
  name: z.string(),
  human_name: str,
  fqdn: str,
  status: str,
  image: str,
});
export type CoolifySubResource = z.infer<typeof subResource>;

export const service = z.object({
  uuid: z.string(),
  name: z.string(),
  description: str,
  service_type: str,
  status: str,
  created_at: str,
  // Present on the single read only.
  applications: z.array(subResource).nullish(),
  databases: z.array(subResource).nullish(),
  server: hostServer,
});
export type CoolifyService = z.infer<typeof service>;

/**
 * A standalone database. Only user names are read of its credentials: passwords and the
 * connection URLs (which embed them) are never declared.
 */
export const database = z.object({
  uuid: z.string(),
  name: z.string(),
  /** standalone-postgresql, standalone-mysql, … */
  database_type: str,
  status: str,
  image: str,
  is_public: bool,
  public_port: z.number().nullish(),
  postgres_user: str,
  postgres_db: str,
  mysql_user: str,
  mysql_database: str,
  mariadb_user: str,
  mariadb_database: str,
  mongo_initdb_root_username: str,
  clickhouse_admin_user: str,
  created_at: str,
  destination: z.object({ server: hostServer }).nullish(),
});
export type CoolifyDatabase = z.infer<typeof database>;

/**
 * What a database create answers: its uuid, and the internal URL with the password Coolify made
 * (or was given). The URL is read only to keep that password in a 0600 file; it is never returned.
 */
export const createdDatabase = z.object({ uuid: z.string(), internal_db_url: z.string().nullish() });

/**
 * An environment variable. Its value is looked at only while parsing, to say whether one is set
 * (absent: the token lacks read:sensitive), and never kept; `real_value` is never declared.
 */
export const envVar = z.object({
  uuid: z.string(),
  key: z.string(),
  value: z
    .string()
    .nullish()
    .transform((value): 'set' | 'empty' | 'unknown' =>
      value === undefined ? 'unknown' : value ? 'set' : 'empty',
    ),
  is_preview: bool,
  is_buildtime: bool,
  is_runtime: bool,
  is_literal: bool,
  is_multiline: bool,
  is_shown_once: bool,
  is_shared: bool,
});
export type CoolifyEnv = z.infer<typeof envVar>;
export const envList = z.array(envVar);

/** One run of a scheduled backup (ScheduledDatabaseBackupExecution). */
export const backupExecution = z.object({
  uuid: z.string(),
  status: str,
  // Coolify stores the size as the text `du -b` printed; the document types it integer.
  size: z
    .union([z.number(), z.string()])
    .nullish()
    .transform((size) => (size === null || size === undefined || size === '' ? null : Number(size))),
  filename: str,
  database_name: str,
  s3_uploaded: bool,
  created_at: str,
  finished_at: str,
  updated_at: str,
});
export type CoolifyBackupExecution = z.infer<typeof backupExecution>;

/** A scheduled backup configuration, with its executions as GET /databases/{uuid}/backups nests them. */
export const backupConfiguration = z.object({
  uuid: z.string(),
  frequency: str,
  enabled: bool,
  save_s3: bool,
  databases_to_backup: str,
  executions: z.array(backupExecution).nullish(),
});
export type CoolifyBackupConfiguration = z.infer<typeof backupConfiguration>;
export const backupConfigurationList = z.array(backupConfiguration);
export const backupExecutions = z.object({ executions: z.array(backupExecution) });

/** A server's proxy: its kind and status (the stored configuration is never declared). */
export const proxy = z.object({ proxy_type: str, status: str });

// Coolify's lists are unpaginated: one answer holds the whole collection.
export const serverList = z.array(server);
export const applicationList = z.array(application);
export const serviceList = z.array(service);
export const databaseList = z.array(database);
export const resourceList = z.array(resource);
export const keyList = z.array(privateKey);
export const projectList = z.array(project);

export const created = z.object({ uuid: z.string(), domains: str });
export const uuidOnly = z.object({ uuid: z.string() });
export const message = z.object({ message: str });
export const queued = z.object({ message: str, deployment_uuid: str });

export const deployResult = z.object({
  deployments: z.array(z.object({ message: str, resource_uuid: str, deployment_uuid: str })).nullish(),
  message: z.union([z.string(), z.array(z.string())]).nullish(),
});

export const deployment = z.object({
  deployment_uuid: z.string(),
  status: z.string(),
  application_name: str,
  server_name: str,
  commit: str,
  commit_message: str,
  force_rebuild: bool,
  restart_only: bool,
  rollback: bool,
  is_webhook: bool,
  is_api: bool,
  pull_request_id: z.number().nullish(),
  created_at: str,
  updated_at: str,
  // JSON-encoded array of log entries; hidden from tokens without `read:sensitive`.
  logs: str,
});
export type CoolifyDeployment = z.infer<typeof deployment>;

/**
 * The spec types this list as an array of Application, but Coolify answers `{count, deployments}`
 * (Application::deployments()). Both are accepted.
 */
export const deploymentPage = z.union([
  z.object({ count: z.number().nullish(), deployments: z.array(deployment) }),
  z.array(deployment).transform((deployments) => ({ count: undefined, deployments })),
]);

export const logs = z.object({ logs: z.string().nullish() });

/** One entry of a deployment's `logs` (ApplicationDeploymentQueue::addLogEntry). */
export const logEntry = z.object({
  output: z.string().nullish(),
  type: str,
  hidden: z.union([z.boolean(), z.number()]).nullish(),
  timestamp: str,
});

/** Coolify's error bodies: {message}, and on 422 {message, errors: {field: string | string[]}}. */
export const errorBody = z.object({
  message: z.string().optional(),
  errors: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
});
