import { HostingError } from '../../core/errors.js';
import type { Authenticator, HttpClient } from '../../core/http.js';
import type { Redactor } from '../../core/redact.js';
import { parseBody } from '../../core/routes.js';
import * as v from './schemas.js';

/** Username of the token exchange's HTTP Basic credentials; the password is empty. */
export const TOKEN_CLIENT_ID = 'platform-api-user';
export const TOKEN_PATH = '/oauth2/token';

/** The API documents 900 s; used only when an answer leaves `expires_in` out. */
const DEFAULT_LIFETIME_S = 900;
/** Exchange this long before expiry, so a token never dies between our check and the API's. */
const REFRESH_MARGIN_MS = 60_000;

export interface AccessTokenOptions {
  /** Client for the OAuth server (auth URL as base; it sends no credentials of its own). */
  http: HttpClient;
  apiToken: string;
  redactor: Redactor;
  authHint: string;
  now?: () => number;
}

/**
 * Platform.sh authenticates with short-lived OAuth access tokens obtained by exchanging the
 * long-lived API token. The access token is cached and exchanged again shortly before it expires;
 * a 401 (token revoked, clock skew) forces one exchange through `refresh`. Concurrent callers share
 * one exchange. Both tokens are registered with the redactor, so neither can reach a result or log.
 */
export class AccessTokenAuthenticator implements Authenticator {
  private token: { value: string; refreshAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly now: () => number;
  /** Exchanges made so far (for diagnostics and tests). */
  exchanges = 0;

  constructor(private readonly options: AccessTokenOptions) {
    this.now = options.now ?? Date.now;
    options.redactor.addSecret(options.apiToken);
  }

  async headers(): Promise<Record<string, string>> {
    const token = this.token && this.now() < this.token.refreshAt ? this.token.value : await this.exchange();
    return { authorization: `Bearer ${token}` };
  }

  async refresh(): Promise<void> {
    this.token = undefined;
    await this.exchange();
  }

  /** One exchange at a time; callers arriving meanwhile wait for the same answer. */
  private exchange(): Promise<string> {
    this.pending ??= this.exchangeOnce().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async exchangeOnce(): Promise<string> {
    if (!this.options.apiToken) {
      throw new HostingError('unauthorized', 'No Platform.sh API token is configured.', {
        hint: this.options.authHint,
      });
    }
    const started = this.now();
    let body: unknown;
    try {
      // Not tied to one caller's cancel signal: the exchange is shared by every waiting request.
      const response = await this.options.http.send({
        method: 'POST',
        path: TOKEN_PATH,
        route: 'oauth2.token',
        form: { grant_type: 'api_token', api_token: this.options.apiToken },
        headers: { authorization: `Basic ${Buffer.from(`${TOKEN_CLIENT_ID}:`).toString('base64')}` },
        // Exchanging again is harmless, so transient failures may be retried.
        idempotent: true,
      });
      body = response.body;
    } catch (error) {
      throw this.exchangeError(error);
    }
    const parsed = parseBody(v.tokenResponse, body, 'The Platform.sh token exchange');
    this.options.redactor.addSecret(parsed.access_token);
    this.exchanges++;
    const lifetimeMs = (parsed.expires_in ?? DEFAULT_LIFETIME_S) * 1000;
    // Short lifetimes get a proportional margin, so a token is still used for most of its life.
    const margin = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 4);
    this.token = { value: parsed.access_token, refreshAt: started + lifetimeMs - margin };
    return parsed.access_token;
  }

  private exchangeError(error: unknown): unknown {
    if (!(error instanceof HostingError)) return error;
    // The OAuth server answers a bad API token with 400 invalid_grant (RFC 6749) or 401.
    if (error.status === 400 || error.status === 401 || error.status === 403) {
      return new HostingError('unauthorized', 'Platform.sh did not accept the API token.', {
        status: error.status,
        hint: this.options.authHint,
      });
    }
    return error;
  }
}
