import { encodeHandle } from '../../core/operations.js';
import { compact, isDone } from '../shared.js';
import type { Certificate, Operation, OperationState, Server, Site } from '../types.js';
import type { SpAction, SpApp, SpServer } from './schemas.js';

/**
 * ServerPilot vendor shapes → normalized, allow-listed shapes. Nothing here copies `apikey`,
 * `ssl.key` or any password: the schemas already drop them, and these functions only name the
 * fields they want.
 */

export function epochIso(seconds: number | null | undefined): string | null {
  return typeof seconds === 'number' && Number.isFinite(seconds)
    ? new Date(seconds * 1000).toISOString()
    : null;
}

/**
 * ServerPilot reports no server status, only when the server's agent last called in. A server
 * whose agent never called in is waiting for someone to run the installer on it.
 */
export function isConnected(server: SpServer): boolean {
  return server.lastconn !== null && server.lastconn !== undefined;
}

export function mapServer(server: SpServer): Server {
  const connected = isConnected(server);
  return {
    id: server.id,
    name: server.name,
    status: connected ? 'connected' : 'awaiting_installer',
    ready: connected,
    ip_address: server.lastaddress ?? null,
    region: null,
    size: null,
    created_at: epochIso(server.datecreated),
    details: compact({
      plan: server.plan,
      last_connected_at: epochIso(server.lastconn),
      available_runtimes: server.available_runtimes,
      firewall: server.firewall,
      autoupdates: server.autoupdates,
      deny_unknown_domains: server.deny_unknown_domains,
    }),
  };
}

/** Where an app lives on its server (reference: System Users, Apps). */
export function appPaths(sysuser: string, app: string) {
  const home = `/srv/users/${sysuser}`;
  return {
    app_dir: `${home}/apps/${app}`,
    web_root: `${home}/apps/${app}/public`,
    log_dir: `${home}/log/${app}`,
  };
}

export function mapSite(app: SpApp, sysuserName?: string): Site {
  const domains = app.domains ?? [];
  const https = Boolean(app.ssl);
  return {
    id: app.id,
    name: app.name,
    server_id: app.serverid,
    domains,
    // ServerPilot keeps no app status: an app that exists is configured on its server.
    status: 'active',
    url: domains[0] ? `${https ? 'https' : 'http'}://${domains[0]}` : null,
    https,
    repository: null,
    branch: null,
    created_at: epochIso(app.datecreated),
    details: compact({
      runtime: app.runtime,
      sysuser_id: app.sysuserid,
      sysuser: sysuserName,
      ssl: app.ssl ? { auto: app.ssl.auto ?? false, force: app.ssl.force ?? false } : undefined,
      autossl_available: app.autossl?.available,
      ...(sysuserName ? appPaths(sysuserName, app.name) : {}),
    }),
  };
}

/** One certificate entry per app domain: AutoSSL covers the domains its current certificate lists. */
export function mapCertificates(app: SpApp): Certificate[] {
  const ssl = app.ssl;
  if (!ssl) return [];
  const domains = app.domains ?? [];
  const covered = ssl.auto ? new Set(app.autossl?.domains ?? domains) : undefined;
  const status = [ssl.auto ? 'autossl' : 'custom', ssl.force ? 'forcessl' : undefined]
    .filter(Boolean)
    .join('+');
  return domains.map((domain) => {
    const active = covered ? covered.has(domain) : true;
    return {
      id: app.id,
      domain,
      type: ssl.auto ? 'autossl' : 'custom',
      state: active ? 'active' : 'pending',
      status,
      active,
      expires_at: null,
    };
  });
}

/** Action status: open → running; success → succeeded; error → failed. Unknown words stay "running". */
export function actionState(status: string): OperationState {
  switch (status) {
    case 'success':
      return 'succeeded';
    case 'error':
      return 'failed';
    default:
      return 'running';
  }
}

/** An action as a write's response names it: ServerPilot reports it open until /actions says otherwise. */
export function openAction(id: string, serverid: string | null | undefined): SpAction {
  return { id, serverid: serverid ?? null, status: 'open', datecreated: null };
}

export type OperationKind = 'server' | 'site' | 'certificate' | 'domains';

const DESCRIPTIONS: Record<OperationKind, (subject: string) => string> = {
  server: (id) => `Installation and connection of server ${id}`,
  site: (id) => `Setup of app ${id} on its server`,
  certificate: (id) => `AutoSSL/ForceSSL change on app ${id}`,
  domains: (id) => `Domain change on app ${id}`,
};

/** Handle: `serverpilot:<account>:<kind>:<subject id>:<action id>…` (the subject is a server or an app). */
export function operationId(
  account: string,
  kind: OperationKind,
  subject: string,
  actionIds: string[],
): string {
  return encodeHandle({ provider: 'serverpilot', account, kind, ids: [subject, ...actionIds] });
}

/** The worst status wins: any error fails the operation, anything unfinished keeps it running. */
function combine(actions: readonly SpAction[]): { state: OperationState; status: string } {
  const failed = actions.find((a) => actionState(a.status) === 'failed');
  if (failed) return { state: 'failed', status: failed.status };
  const unfinished = actions.find((a) => actionState(a.status) !== 'succeeded');
  if (unfinished) return { state: 'running', status: unfinished.status };
  return { state: 'succeeded', status: 'success' };
}

function startedAt(actions: readonly SpAction[]): string | null {
  const times = actions.map((a) => a.datecreated).filter((t): t is number => typeof t === 'number');
  return times.length ? epochIso(Math.min(...times)) : null;
}

/** An app-level operation (create app, domains, SSL): the combined state of its actions. */
export function appOperation(
  account: string,
  kind: Exclude<OperationKind, 'server'>,
  appId: string,
  actions: readonly SpAction[],
): Operation {
  const { state, status } = combine(actions);
  return {
    id: operationId(
      account,
      kind,
      appId,
      actions.map((a) => a.id),
    ),
    kind,
    state,
    done: isDone(state),
    status,
    description: DESCRIPTIONS[kind](appId),
    started_at: startedAt(actions),
    ended_at: null,
    server_id: actions.find((a) => a.serverid)?.serverid ?? null,
    site_id: appId,
    details:
      actions.length > 1 ? { actions: actions.map((a) => ({ id: a.id, status: a.status })) } : undefined,
  };
}

/**
 * A registered server is done when its agent has connected (the installer ran) and the
 * registration action, if any, has finished. Both are checked because the reference does not say
 * whether that action waits for the installer: the connection is the signal that cannot lie.
 */
export function serverOperation(account: string, server: SpServer, actions: readonly SpAction[]): Operation {
  const combined = combine(actions);
  let state: OperationState;
  let status: string;
  if (combined.state === 'failed') {
    state = 'failed';
    status = combined.status;
  } else if (!isConnected(server)) {
    state = 'pending';
    status = 'awaiting_installer';
  } else if (combined.state === 'running') {
    state = 'running';
    status = combined.status;
  } else {
    state = 'succeeded';
    status = 'connected';
  }
  return {
    id: operationId(
      account,
      'server',
      server.id,
      actions.map((a) => a.id),
    ),
    kind: 'server',
    state,
    done: isDone(state),
    status,
    description: `${DESCRIPTIONS.server(server.id)} (${server.name})`,
    started_at: epochIso(server.datecreated),
    ended_at: null,
    server_id: server.id,
    details: compact({
      ip_address: server.lastaddress,
      last_connected_at: epochIso(server.lastconn),
      actions: actions.length ? actions.map((a) => ({ id: a.id, status: a.status })) : undefined,
    }),
  };
}
