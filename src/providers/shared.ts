import type { z } from 'zod';
import { HostingError } from '../core/errors.js';
import type { Authenticator, ProviderErrorBody } from '../core/http.js';
import { HttpClient } from '../core/http.js';
import { localBudget } from '../core/rate-limit.js';
import { toLines } from '../core/untrusted.js';
import { verb } from './kit/hints.js';
import type { AccountConfig, LogSource, ProviderDeps } from './types.js';

/** Helpers every provider uses; nothing here knows a vendor. */

/** Drops null/undefined fields so results stay small. */
export function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== null && value !== undefined),
  );
}

/** Last lines of a log, for failed operations. */
export function tail(text: string | null | undefined, lines = 30): string[] {
  return text ? toLines(text).slice(-lines) : [];
}

export interface ProviderHttpOptions {
  title: string;
  authenticator: Authenticator;
  authHint: string;
  /** The provider's documented request budget per minute (0 = none documented). */
  requestsPerMinute: number;
  parseError?: (body: unknown) => ProviderErrorBody;
  defaultHeaders?: Record<string, string>;
  allowedHosts?: (host: string) => boolean;
  /** API base URL when it is not the account's `base_url` setting (derived or differently named). */
  baseUrl?: string;
}

/** One pooled HTTP client and limiter per account. */
export function createProviderHttp(
  account: AccountConfig,
  deps: ProviderDeps,
  options: ProviderHttpOptions,
): HttpClient {
  const perMinute = deps.rateLimitPerMinute ?? options.requestsPerMinute;
  return new HttpClient({
    baseUrl: options.baseUrl ?? requireSetting(account, 'base_url'),
    providerTitle: options.title,
    authenticator: options.authenticator,
    authHint: options.authHint,
    userAgent: deps.userAgent,
    limiter: (deps.budget ?? localBudget)(`${account.provider}:${account.name}`, perMinute),
    logger: deps.logger.child({ provider: account.provider, account: account.name }),
    parseError: options.parseError,
    defaultHeaders: options.defaultHeaders,
    allowedHosts: options.allowedHosts,
  });
}

export function requireSetting(account: AccountConfig, key: string): string {
  const value = account.settings[key];
  if (!value) throw new Error(`${account.provider} account ${account.name} has no ${key}`);
  return value;
}

export function bearer(token: string): Authenticator {
  const headers = { authorization: `Bearer ${token}` };
  return { headers: async () => headers };
}

/** Strict parse of a provider's own arguments for a verb; failures name every bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  tool: string,
  providerTitle: string,
): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const fields = result.error.issues.map(
    (issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`,
  );
  throw new HostingError(
    'invalid_argument',
    `Invalid arguments for ${tool} on ${providerTitle}: ${fields.join('; ')}.`,
    {
      hint: 'Fix these arguments and call again.',
      details: { fields },
    },
  );
}

/** An id segment of an operation handle that must be present. */
export function needId(value: string | undefined): string {
  if (!value) {
    throw new HostingError('invalid_argument', 'The operation id is incomplete.', {
      hint: 'Pass the operation id unchanged.',
    });
  }
  return value;
}

export function logNeeds(what: 'server' | 'site', source: string): HostingError {
  return new HostingError('invalid_argument', `Log source "${source}" needs \`${what}\`.`, {
    hint: `Use ${verb(`${what}s.list`)} to pick one.`,
  });
}

export function unknownLogSource(
  providerTitle: string,
  source: string,
  sources: readonly LogSource[],
): HostingError {
  return new HostingError('invalid_argument', `${providerTitle} has no log source "${source}".`, {
    hint: `Sources: ${sources.map((s) => s.id).join(', ')}.`,
  });
}

/** The server a new site goes on: create_site's `server`, which these providers need. */
export function targetServer(
  target: { server?: string },
  why: string,
  pick = `Use ${verb('servers.list')} to pick one.`,
): string {
  if (target.server) return target.server;
  throw new HostingError('invalid_argument', `${why}: pass \`server\`.`, { hint: pick });
}
