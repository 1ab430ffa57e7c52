import { randomBytes } from 'node:crypto';

/**
 * The key that signs confirmation tokens, the same on every replica so that a token one replica
 * issued is honoured by the one the load balancer picks next. From HOSTING_MCP_CONFIRM_KEY when
 * set; else kept in Redis when replicas share one (the first replica to ask creates it, atomically);
 * else made for this process, whose tokens then only it can check.
 */

/** The two Redis commands the key needs (ioredis has them). */
export interface KeyStore {
  set(key: string, value: string, mode: 'NX'): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

export interface SharedKey {
  key: Buffer;
  source: 'env' | 'redis' | 'process';
}

const STORE_KEY = 'hosting-mcp:confirm-key';
const KEY_BYTES = 32;

export async function sharedKey(options: { configured?: string; store?: KeyStore }): Promise<SharedKey> {
  if (options.configured) return { key: Buffer.from(options.configured, 'utf8'), source: 'env' };
  if (options.store) {
    try {
      // SET NX: of replicas starting together, exactly one key is written and all read it back.
      await options.store.set(STORE_KEY, randomBytes(KEY_BYTES).toString('base64'), 'NX');
      const stored = await options.store.get(STORE_KEY);
      const key = stored ? Buffer.from(stored, 'base64') : undefined;
      if (key?.length === KEY_BYTES) return { key, source: 'redis' };
    } catch {
      // Redis unreachable: this process's own key (its tokens are checked only here).
    }
  }
  return { key: randomBytes(KEY_BYTES), source: 'process' };
}
