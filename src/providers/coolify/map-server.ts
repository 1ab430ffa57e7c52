import { isDone } from '../kit/status-map.js';
import { compact, tail } from '../shared.js';
import type { Operation, OperationState, Server } from '../types.js';
import { coolifyHandles } from './handles.js';
import type { CoolifyServer } from './schemas.js';

/** The list puts the reachability flags at the top level, the single read only in `settings`. */
export function serverFlags(server: CoolifyServer): { reachable: boolean; usable: boolean } {
  return {
    reachable: Boolean(server.settings?.is_reachable ?? server.is_reachable),
    usable: Boolean(server.settings?.is_usable ?? server.is_usable),
  };
}

/**
 * Coolify has no single status field for a server: it keeps reachability and usability flags and
 * the output of the last failed validation. The status word is composed from those.
 */
export function serverStatus(server: CoolifyServer): string {
  const { reachable, usable } = serverFlags(server);
  if (reachable && usable) return 'usable';
  if (server.validation_logs) return 'validation-failed';
  return reachable ? 'not-usable' : 'unreachable';
}

export function proxyType(server: CoolifyServer): string | undefined {
  const type = server.proxy_type ?? server.proxy?.type;
  return type ? type.toLowerCase() : undefined;
}

/** A Coolify server, allow-listed: its sentinel token and log-drain keys are never copied. */
export function mapServer(server: CoolifyServer): Server {
  const { reachable, usable } = serverFlags(server);
  return {
    id: server.uuid,
    name: server.name,
    status: serverStatus(server),
    ready: reachable && usable,
    ip_address: server.ip ?? null,
    region: null,
    size: null,
    created_at: server.created_at ?? null,
    details: compact({
      user: server.user,
      port: server.port,
      proxy: proxyType(server),
      proxy_status: server.proxy?.status,
      build_server: server.settings?.is_build_server || undefined,
      wildcard_domain: server.settings?.wildcard_domain || undefined,
      description: server.description || undefined,
    }),
  };
}

/** Validation output is stored as HTML for the dashboard; the model gets plain lines. */
export function validationText(html: string | null | undefined): string {
  if (!html) return '';
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(div|p)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}

/** Validation over SSH, followed until the server is usable or the validation left its reason. */
export function serverOperation(account: string, server: CoolifyServer): Operation {
  const { reachable, usable } = serverFlags(server);
  const state: OperationState =
    reachable && usable ? 'succeeded' : server.validation_logs ? 'failed' : 'running';
  return {
    id: coolifyHandles.encode(account, 'server', { server: server.uuid }),
    kind: 'server',
    state,
    done: isDone(state),
    status: state === 'running' ? 'validating' : serverStatus(server),
    description: `Validation of server ${server.name} (${server.uuid}) over SSH`,
    started_at: server.created_at ?? null,
    ended_at: null,
    server_id: server.uuid,
    ...(state === 'failed' ? { log_tail: tail(validationText(server.validation_logs)) } : {}),
    details: compact({ ip_address: server.ip, reachable, usable }),
  };
}
