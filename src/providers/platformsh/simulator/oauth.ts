import { randomBytes } from 'node:crypto';
import type { SimClock, SimRequest, SimResponse } from '../../../simulator/sim-server.js';
import type { ExtraRoute } from '../../../simulator/spec-server.js';

/** The API documents 15-minute access tokens. */
const TOKEN_LIFETIME_S = 900;

/**
 * The OAuth token exchange of the simulator (auth.api.platform.sh in production): the API token is
 * exchanged for an access token at POST /oauth2/token, with HTTP Basic `platform-api-user:` and a
 * form body, as the API reference shows. Tokens expire on the simulated clock.
 */
export class AccessTokens {
  /** Access tokens issued so far, oldest first. */
  readonly issued: string[] = [];
  private readonly tokens = new Map<string, number>();

  constructor(
    private readonly clock: SimClock,
    private readonly apiToken: string,
  ) {}

  route(): ExtraRoute {
    return {
      method: 'POST',
      path: '/oauth2/token',
      public: true,
      why: 'the token exchange is served by the OAuth host (auth.api.platform.sh), outside the API document',
      handler: (req) => this.exchange(req),
    };
  }

  /** True while `token` was issued here and has not expired on the simulated clock. */
  isLive(token: string | undefined): boolean {
    const expiresAt = this.tokens.get(token ?? '');
    return expiresAt !== undefined && this.clock.now() < expiresAt;
  }

  expireAll(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  private exchange(req: SimRequest): SimResponse {
    const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!basic || Buffer.from(basic, 'base64').toString('utf8') !== 'platform-api-user:') {
      return oauthError(401, 'invalid_client', 'Client authentication failed.');
    }
    if (!String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      return oauthError(400, 'invalid_request', 'The request must be form encoded.');
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.grant_type !== 'api_token') {
      return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported.');
    }
    if (body.api_token !== this.apiToken) {
      return oauthError(400, 'invalid_grant', 'The API token is invalid or has been revoked.');
    }
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, this.clock.now() + TOKEN_LIFETIME_S * 1000);
    this.issued.push(accessToken);
    return {
      status: 200,
      body: { access_token: accessToken, expires_in: TOKEN_LIFETIME_S, token_type: 'bearer' },
      headers: { 'cache-control': 'no-store' },
    };
  }
}

function oauthError(status: number, error: string, description: string): SimResponse {
  return {
    status,
    body: { error, error_description: description },
    headers: { 'cache-control': 'no-store' },
  };
}
