import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HostingError } from '../core/errors.js';

/**
 * One-time confirmation tokens for clients that cannot ask a person themselves (no elicitation):
 * the first call returns the plan and a token; a person reads the plan and the second call carries
 * the token. A token is an HMAC over the exact request (account, method, path, body hash) and an
 * expiry, so it confirms that request only, for five minutes, once. Replicas share the key
 * (HOSTING_MCP_CONFIRM_KEY or Redis), so any of them honours it.
 */
export interface Binding {
  account: string;
  method: string;
  path: string;
  bodyHash: string;
}

export const TOKEN_TTL_MS = 5 * 60_000;

export class Confirmations {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  issue(binding: Binding): { token: string; expires_at: string } {
    const expires = this.now() + TOKEN_TTL_MS;
    const nonce = randomBytes(9).toString('base64url');
    const payload = `${expires.toString(36)}.${nonce}`;
    return {
      token: `${payload}.${this.sign(payload, binding)}`,
      expires_at: new Date(expires).toISOString(),
    };
  }

  /** Accepts a token for exactly this request, once; anything else is refused with the reason. */
  redeem(token: string, binding: Binding): void {
    const [expiresText, nonce, signature] = token.trim().split('.');
    const refuse = (why: string) =>
      new HostingError('forbidden', `The confirmation token was refused: ${why}. Nothing was sent.`, {
        hint: 'Call again without `confirm` to get a fresh plan and token, show the plan to the user, and pass the new token only if they agree.',
      });
    if (!expiresText || !nonce || !signature) throw refuse('it is not a token this server issued');
    const payload = `${expiresText}.${nonce}`;
    const expected = Buffer.from(this.sign(payload, binding));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw refuse('it was issued for another request (account, method, path or body differ)');
    }
    const expires = Number.parseInt(expiresText, 36);
    if (!(expires > this.now())) throw refuse('it has expired (tokens last 5 minutes)');
    this.forgetExpired();
    if (this.used.has(nonce)) throw refuse('it was already used');
    this.used.set(nonce, expires);
  }

  private sign(payload: string, binding: Binding): string {
    return createHmac('sha256', this.key)
      .update([payload, binding.account, binding.method, binding.path, binding.bodyHash].join('\n'))
      .digest('base64url');
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [nonce, expires] of this.used) if (expires <= now) this.used.delete(nonce);
  }
}
