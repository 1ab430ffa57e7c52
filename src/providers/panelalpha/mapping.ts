import { encodeHandle } from '../../core/operations.js';
import { compact, isDone, tail } from '../shared.js';
import type { Certificate, Deployment, Operation, OperationState, Server, Site } from '../types.js';
import type { PaCertificate, PaInstance, PaLogEntry, PaServer, PaTask } from './schemas.js';

/**
 * PanelAlpha vendor shapes → normalized, allow-listed shapes. Only the fields named here reach the
 * model: a server's `connection_config` (panel credentials), an instance's admin and database
 * passwords and a certificate's private key are never copied, whatever the panel sends.
 * Status words are undocumented; the sets below are the ones inferred (see schemas.ts), and a word
 * outside them keeps its own text in `status`.
 */

const PROVIDER = 'panelalpha';

const norm = (status: string | null | undefined) =>
  (status ?? '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

const SETTING_UP = new Set(['setting_up', 'pending', 'syncing', 'installing', 'connecting', 'queued']);
const BROKEN = new Set(['failed', 'error', 'connection_failed', 'disconnected']);

/** A hosting server with no status word is taken as usable: the panel only lists servers it added. */
export function serverState(status: string | null | undefined): OperationState {
  const word = norm(status);
  if (SETTING_UP.has(word)) return 'running';
  if (BROKEN.has(word)) return 'failed';
  return 'succeeded';
}

export function mapServer(server: PaServer): Server {
  return {
    id: server.id,
    name: server.name,
    status: server.status ?? 'unknown',
    ready: serverState(server.status) === 'succeeded',
    ip_address: server.ip_address ?? null,
    region: null,
    size: null,
    created_at: server.created_at ?? null,
    details: compact({
      type: server.type,
      hostname: server.hostname,
      server_groups: server.server_groups?.length
        ? server.server_groups.map((g) => g.name ?? g.id).filter(Boolean)
        : undefined,
    }),
  };
}

export function serverOperation(account: string, server: PaServer): Operation {
  const state = serverState(server.status);
  return {
    id: encodeHandle({ provider: PROVIDER, account, kind: 'server', ids: [server.id] }),
    kind: 'server',
    state,
    done: isDone(state),
    status: server.status ?? 'unknown',
    description: `Setup of hosting server ${server.name} (${server.id})`,
    started_at: server.created_at ?? null,
    ended_at: null,
    server_id: server.id,
  };
}

const INSTALLING = new Set([
  'installing',
  'pending',
  'queued',
  'creating',
  'cloning',
  'copying',
  'in_progress',
  'processing',
]);
const INSTALL_FAILED = new Set(['failed', 'install_failed', 'installation_failed', 'error']);
const REMOVING = new Set(['deleting', 'removing', 'archived']);

export function instanceState(status: string | null | undefined): OperationState {
  const word = norm(status);
  if (INSTALLING.has(word)) return 'running';
  if (INSTALL_FAILED.has(word)) return 'failed';
  if (REMOVING.has(word)) return 'cancelled';
  return 'succeeded';
}

export function mapSite(instance: PaInstance): Site {
  const url = instance.url ?? null;
  return {
    id: instance.id,
    name: instance.name || instance.domain,
    server_id: instance.server_id,
    domains: [instance.domain],
    status: instance.status,
    url,
    https: url ? url.startsWith('https://') : null,
    repository: null,
    branch: null,
    created_at: instance.created_at ?? null,
    details: compact({
      wordpress_version: instance.wordpress_version,
      user_id: instance.user_id,
      service_id: instance.service_id,
      hosting_account_id: instance.hosting_account_id,
      is_staging: instance.is_staging ?? undefined,
      staging_site_id: instance.staging_instance_id,
      live_site_id: instance.live_instance_id,
    }),
  };
}

/** An instance install (kind "site") or a staging copy being made (kind "staging"). */
export function instanceOperation(
  account: string,
  kind: 'site' | 'staging',
  instance: PaInstance,
  logTail?: string | null,
): Operation {
  const state = instanceState(instance.status);
  return {
    id: encodeHandle({ provider: PROVIDER, account, kind, ids: [instance.id] }),
    kind,
    state,
    done: isDone(state),
    status: instance.status,
    description:
      kind === 'staging'
        ? `Staging copy ${instance.domain} (${instance.id})${instance.live_instance_id ? ` of site ${instance.live_instance_id}` : ''}`
        : `WordPress install of ${instance.domain} (${instance.id})`,
    started_at: instance.created_at ?? null,
    ended_at: null,
    server_id: instance.server_id,
    site_id: instance.id,
    ...(state === 'failed' && logTail ? { log_tail: tail(logTail) } : {}),
  };
}

const TASK_PENDING = new Set(['pending', 'queued', 'waiting', 'new', 'scheduled']);
const TASK_DONE = new Set(['completed', 'complete', 'done', 'finished', 'success', 'successful']);
const TASK_FAILED = new Set(['failed', 'error', 'errored']);
const TASK_CANCELLED = new Set(['cancelled', 'canceled', 'aborted']);

/** A task status outside the known words is taken as still running: it is not known to be over. */
export function taskState(status: string): OperationState {
  const word = norm(status);
  if (TASK_PENDING.has(word)) return 'pending';
  if (TASK_DONE.has(word)) return 'succeeded';
  if (TASK_FAILED.has(word)) return 'failed';
  if (TASK_CANCELLED.has(word)) return 'cancelled';
  return 'running';
}

function taskHandle(account: string, siteId: string | null, task: PaTask): string {
  return encodeHandle({
    provider: PROVIDER,
    account,
    kind: 'deployment',
    ids: siteId ? [task.id, siteId] : [task.id],
  });
}

export function mapDeployment(account: string, siteId: string, task: PaTask): Deployment {
  const state = taskState(task.status);
  return {
    id: task.id,
    site_id: siteId,
    state,
    status: task.status,
    commit: null,
    started_at: task.started_at ?? task.created_at ?? null,
    ended_at: isDone(state) ? (task.finished_at ?? null) : null,
    operation_id: taskHandle(account, siteId, task),
  };
}

/** A push of a staging copy to live, followed through its admin task. */
export function taskOperation(account: string, siteId: string | null, task: PaTask): Operation {
  const state = taskState(task.status);
  const logText = taskText(task);
  return {
    id: taskHandle(account, siteId, task),
    kind: 'deployment',
    state,
    done: isDone(state),
    status: task.status,
    description: task.name ? `Task ${task.id}: ${task.name}` : `Task ${task.id}`,
    started_at: task.started_at ?? task.created_at ?? null,
    ended_at: isDone(state) ? (task.finished_at ?? null) : null,
    server_id: task.server_id,
    site_id: siteId ?? task.instance_id,
    ...(state === 'failed' && logText ? { log_tail: tail(logText) } : {}),
  };
}

const CERT_PENDING = new Set([
  'pending',
  'processing',
  'ordered',
  'validating',
  'awaiting_validation',
  'new',
]);
const CERT_ACTIVE = new Set(['active', 'issued', 'installed', 'valid']);
const CERT_FAILED = new Set(['failed', 'rejected', 'abandoned', 'cancelled', 'canceled', 'error']);

export function certificateState(status: string): Certificate['state'] {
  const word = norm(status);
  if (CERT_PENDING.has(word)) return 'pending';
  if (CERT_ACTIVE.has(word)) return 'active';
  if (CERT_FAILED.has(word)) return 'failed';
  return 'inactive';
}

export function mapCertificate(cert: PaCertificate): Certificate {
  const state = certificateState(cert.status);
  return {
    id: cert.id,
    domain: cert.domain,
    type: cert.provider ?? 'unknown',
    state,
    status: cert.status,
    active: state === 'active',
    expires_at: cert.expires_at ?? null,
  };
}

export interface CertificateIds {
  account: string;
  domain: string;
  user: string;
  site: string;
  /** Newest certificate id before the order: only later ones belong to it. */
  since: string;
}

/** An SSL order, followed through the newest certificate the account lists for the domain. */
export function certificateOperation(
  account: string,
  ids: CertificateIds,
  cert: PaCertificate | undefined,
): Operation {
  const certState = cert ? certificateState(cert.status) : 'pending';
  const state: OperationState =
    certState === 'pending'
      ? 'running'
      : certState === 'active'
        ? 'succeeded'
        : certState === 'failed'
          ? 'failed'
          : 'cancelled';
  return {
    id: encodeHandle({
      provider: PROVIDER,
      account,
      kind: 'certificate',
      ids: [ids.account, ids.domain, ids.user, ids.site, ids.since],
    }),
    kind: 'certificate',
    state,
    done: isDone(state),
    status: cert?.status ?? 'ordered',
    description: `SSL certificate order for ${ids.domain}`,
    started_at: cert?.created_at ?? null,
    ended_at: isDone(state) ? (cert?.updated_at ?? null) : null,
    site_id: ids.site,
    details: compact({ domain: ids.domain, provider: cert?.provider, expires_at: cert?.expires_at }),
  };
}

/** One log entry as one line: time, level, message. */
export function logLine(entry: PaLogEntry): string {
  return [entry.created_at, entry.level ? `[${entry.level}]` : null, entry.message ?? '']
    .filter((part) => part !== null && part !== undefined && part !== '')
    .join(' ');
}

/** A task's log with its error appended, unless the log already ends with it. */
export function taskText(task: PaTask): string {
  const log = task.log ?? '';
  if (!task.error || log.trimEnd().endsWith(task.error.trim())) return log;
  return log ? `${log}\n${task.error}` : task.error;
}

/** One task as one line of the task history. */
export function taskLine(task: PaTask): string {
  return [task.created_at, `[task ${task.id}]`, task.name ?? task.type ?? 'task', `— ${task.status}`]
    .filter(Boolean)
    .join(' ');
}
