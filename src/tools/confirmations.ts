import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HostingError } from '../core/errors.js';

/**
 * One-time confirmation tokens for clients that cannot ask a person themselves (no elicitation):
 * the first call returns the plan and a token; a person reads the plan and the second call carries
 * the token. A token is an HMAC over the exact request (account, method, path, body hash) and an
 * expiry, so it confirms that request only, for five minutes, once. Replicas share the key
 * (HOSTING_MCP_CONFIRM_KEY or Redis), so any of them honours it, and with Redis they share the
 * spent tokens too, so none honours one another has already used.
 */
export interface Binding {
  account: string;
  method: string;
  path: string;
  bodyHash: string;
}

export const TOKEN_TTL_MS = 5 * 60_000;

/** Remembers spent tokens until they expire. */
export interface SpentTokens {
  /** True the first time a nonce is claimed; false when it was spent before. */
  claim(nonce: string, expires: number): Promise<boolean>;
}

/** The one Redis command spent tokens need (ioredis has it): SET key value PX ms NX. */
export interface SpentStore {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<unknown>;
}

/** Spent tokens kept in Redis, shared by every replica: SET NX claims a nonce atomically. */
export function redisSpentTokens(store: SpentStore, now: () => number = Date.now): SpentTokens {
  return {
    async claim(nonce, expires) {
      const ttl = Math.max(1, expires - now());
      return (await store.set(`hosting-mcp:confirm-spent:${nonce}`, '1', 'PX', ttl, 'NX')) === 'OK';
    },
  };
}

/** Spent tokens kept in this process (one server, or replicas without Redis). */
export function localSpentTokens(now: () => number = Date.now): SpentTokens {
  const spent = new Map<string, number>();
  return {
    async claim(nonce, expires) {
      for (const [old, until] of spent) if (until <= now()) spent.delete(old);
      if (spent.has(nonce)) return false;
      spent.set(nonce, expires);
      return true;
    },
  };
}

export class Confirmations {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
    private readonly spent: SpentTokens = localSpentTokens(now),
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
  async redeem(token: string, binding: Binding): Promise<void> {
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
    let first: boolean;
    try {
      first = await this.spent.claim(nonce, expires);
    } catch {
      // Unknown whether another replica spent it: refused, rather than risk a second send.
      throw refuse('the replicas’ shared store (Redis) could not say whether it was already used');
    }
    if (!first) throw refuse('it was already used');
  }

  private sign(payload: string, binding: Binding): string {
    return createHmac('sha256', this.key)
      .update([payload, binding.account, binding.method, binding.path, binding.bodyHash].join('\n'))
      .digest('base64url');
  }
}
