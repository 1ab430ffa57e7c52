import { isIP, connect as tcpConnect } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { isLoopback, type RedisOptions } from './config.js';
import { HostingError } from './core/errors.js';
import type { Logger } from './core/logger.js';
import type { Redactor } from './core/redact.js';
import { connectSharedBudgets } from './core/shared-budget.js';
import { cleanLine } from './core/untrusted.js';
import { definitionOf } from './providers/registry.js';
import type { AccountConfig, DoctorFinding, HostingProvider, ProviderDefinition } from './providers/types.js';

/**
 * `hosting-mcp doctor`: checks every configured account before the first tool call and prints
 * one row per check. Reachability and TLS, the clock and the request budget are checked alike
 * for every provider; the credential, the organization or team and the token's abilities through
 * the provider's own probe (its `doctor` capability). Details pass the redactor that knows every
 * configured secret, and provider text is cleaned of control characters.
 */

export type DoctorStatus = DoctorFinding['status'];

export interface DoctorRow extends DoctorFinding {
  account: string;
  check: string;
}

export interface DoctorOptions {
  accounts: readonly AccountConfig[];
  providers: readonly HostingProvider[];
  redactor: Redactor;
  /** Setting key → env var it came from, per "provider/account" (to name the variable to fix). */
  origins?: Record<string, Record<string, string>>;
  /** --rate-limit as configured (0: off), for the budget row. */
  rateLimitPerMinute?: number;
  timeoutMs?: number;
}

/** Clock skew that breaks nothing yet (Date headers have whole seconds) / that breaks tokens. */
const SKEW_OK_MS = 30_000;
const SKEW_FAIL_MS = 300_000;
/** A certificate this close to expiring is worth a warning. */
const CERT_WARN_DAYS = 14;

export async function runDoctor(options: DoctorOptions): Promise<DoctorRow[]> {
  const perAccount = await Promise.all(
    options.accounts.map((account) => {
      const provider = options.providers.find((p) => p.id === account.provider && p.account === account.name);
      return provider ? checkAccount(account, provider, options) : Promise.resolve([]);
    }),
  );
  return perAccount.flat().map((row) => ({
    ...row,
    detail: cleanLine(options.redactor.text(row.detail)).replace(/\s+/g, ' '),
  }));
}

async function checkAccount(
  account: AccountConfig,
  provider: HostingProvider,
  options: DoctorOptions,
): Promise<DoctorRow[]> {
  const name = `${account.provider}/${account.name}`;
  const definition = definitionOf(account.provider)!;
  const rows: DoctorRow[] = [];
  const add = (check: string, finding: DoctorFinding) => rows.push({ account: name, check, ...finding });
  const timeoutMs = options.timeoutMs ?? 15_000;

  for (const setting of definition.settings) {
    const value = account.settings[setting.key];
    if (!setting.key.endsWith('_url') || !value) continue;
    add(
      urlSettings(definition, account).length > 1 ? `reachable (${setting.key})` : 'reachable',
      await reach(new URL(value), timeoutMs),
    );
  }
  if (rows.some((row) => row.status === 'fail')) {
    add('authentication', { status: 'skip', detail: 'the API cannot be reached' });
    return rows;
  }
  const probe = provider.doctor;
  if (!probe) {
    add('authentication', { status: 'skip', detail: `no probe for ${provider.title} yet` });
    return rows;
  }
  const ctx = () => ({ signal: AbortSignal.timeout(timeoutMs) });
  const sentAt = Date.now();
  let headers: Record<string, string>;
  try {
    const result = await probe.authenticate(ctx());
    headers = result.headers;
    add('authentication', { status: 'ok', detail: result.detail });
  } catch (error) {
    add('authentication', {
      status: 'fail',
      detail: authFailure(error, credentialVariables(definition, account, options), timeoutMs),
    });
    return rows;
  }
  const receivedAt = Date.now();
  for (const check of probe.checks ?? []) {
    try {
      add(check.name, await check.run(ctx()));
    } catch (error) {
      add(check.name, { status: 'fail', detail: describe(error, timeoutMs) });
    }
  }
  add('rate budget', budget(headers, options.rateLimitPerMinute));
  add('clock', clock(headers.date, (sentAt + receivedAt) / 2));
  return rows;
}

function urlSettings(definition: ProviderDefinition, account: AccountConfig) {
  return definition.settings.filter((s) => s.key.endsWith('_url') && account.settings[s.key]);
}

/** The variables that hold the account's credentials: what a 401 asks the user to fix. */
function credentialVariables(
  definition: ProviderDefinition,
  account: AccountConfig,
  options: DoctorOptions,
): string {
  const origins = options.origins?.[`${account.provider}/${account.name}`] ?? {};
  return definition.settings
    .filter((s) => s.secret || (s.required && !s.key.endsWith('_url')))
    .map((s) => origins[s.key] ?? `${definition.id.toUpperCase()}_${s.env}`)
    .join(' / ');
}

function authFailure(error: unknown, variables: string, timeoutMs: number): string {
  if (error instanceof HostingError) {
    const status = error.status ? `${error.status}: ` : '';
    if (error.code === 'unauthorized') return `${status}${variables} was not accepted (${error.message})`;
    if (error.code === 'forbidden')
      return `${status}the credential in ${variables} may not read this (${error.message})`;
    if (error.code === 'rate_limited')
      return `${status}rate limited; try again in ${error.retryAfterSeconds ?? 60} s`;
  }
  return describe(error, timeoutMs);
}

function describe(error: unknown, timeoutMs: number): string {
  // The only cancel signal here is the check's own deadline.
  if (error instanceof HostingError && error.code === 'cancelled')
    return `no answer within ${timeoutMs / 1000} s`;
  if (error instanceof HostingError) return error.hint ? `${error.message} ${error.hint}` : error.message;
  return error instanceof Error ? error.message : String(error);
}

/** TCP, and for https the TLS handshake with the certificate verified as every request does. */
function reach(url: URL, timeoutMs: number): Promise<DoctorFinding> {
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (secure ? 443 : 80));
  const where = `${url.host}${url.port ? '' : `:${port}`}`;
  return new Promise((resolve) => {
    const socket = secure
      ? tlsConnect({ host, port, servername: isIP(host) ? undefined : host })
      : tcpConnect({ host, port });
    const done = (finding: DoctorFinding) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(finding);
    };
    const timer = setTimeout(
      () => done({ status: 'fail', detail: `${where}: no answer within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({ status: 'fail', detail: `${where}: ${networkError(error)}` }),
    );
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      if (!secure) {
        const why = isLoopback(host) ? 'this machine' : 'allowed by --allow-insecure-http';
        done({ status: 'ok', detail: `${where} answers; plain http (${why})` });
        return;
      }
      const validTo = Date.parse((socket as TLSSocket).getPeerCertificate().valid_to);
      const days = Math.floor((validTo - Date.now()) / 86_400_000);
      const until = Number.isNaN(validTo) ? 'unknown' : new Date(validTo).toISOString().slice(0, 10);
      done({
        status: days < CERT_WARN_DAYS ? 'warn' : 'ok',
        detail: `${where} answers; TLS certificate verified, valid until ${until} (${days} days)`,
      });
    });
  });
}

const NETWORK_ERRORS: Record<string, string> = {
  ENOTFOUND: 'the name does not resolve (DNS)',
  EAI_AGAIN: 'the name does not resolve right now (DNS)',
  ECONNREFUSED: 'connection refused (nothing listens there)',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'no route to the host',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate is not signed by a trusted authority',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another name',
};

function networkError(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  return NETWORK_ERRORS[code] ?? (code ? `${code} (${error.message})` : error.message);
}

function budget(headers: Record<string, string>, override: number | undefined): DoctorFinding {
  const ours =
    override === undefined
      ? "this server keeps to the provider's documented budget"
      : override === 0
        ? 'the limiter is off (--rate-limit 0)'
        : `this server keeps to ${override}/min (--rate-limit)`;
  const limit = Number(headers['x-ratelimit-limit']);
  const remaining = Number(headers['x-ratelimit-remaining']);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || headers['x-ratelimit-limit'] === undefined)
    return { status: 'ok', detail: `the API sends no rate-limit headers; ${ours}` };
  return {
    status: remaining < limit / 10 ? 'warn' : 'ok',
    detail: `the provider counts ${remaining} of ${limit} requests left; ${ours}`,
  };
}

function clock(date: string | undefined, localMs: number): DoctorFinding {
  const theirs = date ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(theirs)) return { status: 'skip', detail: 'the API sent no Date header' };
  const skew = theirs - localMs;
  const seconds = Math.abs(skew) / 1000;
  // Date has whole seconds: within 1.5 s is as close as it can tell.
  const said =
    seconds < 1.5
      ? 'agrees with this machine (within 1 s)'
      : `is ${seconds.toFixed(0)} s ${skew > 0 ? 'ahead of' : 'behind'} this machine`;
  const status = Math.abs(skew) <= SKEW_OK_MS ? 'ok' : Math.abs(skew) <= SKEW_FAIL_MS ? 'warn' : 'fail';
  const why = status === 'ok' ? '' : ': token expiry and operation times will be off; sync the clock (NTP)';
  return { status, detail: `the provider's clock ${said}${why}` };
}

/**
 * With HOSTING_MCP_REDIS_URL: whether this replica would share its budgets (Redis answers) or
 * fall back to 1/N of each. The URL may hold a password: the row names host and port only.
 */
export async function checkReplicas(redis: RedisOptions, logger: Logger): Promise<DoctorRow> {
  const budgets = await connectSharedBudgets({ ...redis, logger });
  const where = budgets.address;
  await budgets.close();
  return budgets.shared
    ? {
        account: 'replicas',
        check: 'shared budgets',
        status: 'ok',
        detail: `Redis at ${where} answers; ${redis.replicas} replica${redis.replicas === 1 ? '' : 's'} share each account's request budget`,
      }
    : {
        account: 'replicas',
        check: 'shared budgets',
        status: 'fail',
        detail: `Redis at ${where} cannot be reached: each replica would keep to 1/${redis.replicas} of every budget`,
      };
}

const LABELS: Record<DoctorStatus, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL', skip: 'skip' };

/** The rows as an aligned table, with a closing count. */
export function doctorTable(rows: readonly DoctorRow[]): string {
  const header = { account: 'ACCOUNT', check: 'CHECK', status: 'RESULT', detail: 'DETAIL' };
  const cells = [header, ...rows.map((r) => ({ ...r, status: LABELS[r.status] }))];
  const width = (key: 'account' | 'check' | 'status') => Math.max(...cells.map((c) => c[key].length));
  const lines = cells.map((c) =>
    [
      c.account.padEnd(width('account')),
      c.check.padEnd(width('check')),
      c.status.padEnd(width('status')),
      c.detail,
    ].join('  '),
  );
  const count = (status: DoctorStatus) => rows.filter((r) => r.status === status).length;
  lines.push(
    '',
    `${rows.length} checks: ${count('ok')} ok, ${count('warn')} warn, ${count('fail')} failed, ${count('skip')} skipped.`,
  );
  return `${lines.join('\n')}\n`;
}
