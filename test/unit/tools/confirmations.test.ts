import { describe, expect, it } from 'vitest';
import { Confirmations, TOKEN_TTL_MS } from '../../../src/tools/confirmations.js';

const binding = { account: 'forge/main', method: 'DELETE', path: '/orgs/acme/servers/1', bodyHash: 'e3b0' };

describe('confirmation tokens', () => {
  it('confirm the request they were issued for, once', () => {
    const tokens = new Confirmations(Buffer.alloc(32, 7));
    const { token } = tokens.issue(binding);
    expect(() => tokens.redeem(token, binding)).not.toThrow();
    expect(() => tokens.redeem(token, binding)).toThrow(/already used/);
  });

  it('refuse another account, method, path or body', () => {
    const tokens = new Confirmations(Buffer.alloc(32, 7));
    for (const change of [
      { account: 'forge/other' },
      { method: 'POST' },
      { path: '/orgs/acme/servers/2' },
      { bodyHash: 'ff' },
    ]) {
      const { token } = tokens.issue(binding);
      expect(() => tokens.redeem(token, { ...binding, ...change })).toThrow(/issued for another request/);
    }
  });

  it('expire after five minutes', () => {
    let now = 1_000_000;
    const tokens = new Confirmations(Buffer.alloc(32, 7), () => now);
    const { token, expires_at } = tokens.issue(binding);
    expect(Date.parse(expires_at)).toBe(now + TOKEN_TTL_MS);
    now += TOKEN_TTL_MS;
    expect(() => tokens.redeem(token, binding)).toThrow(/expired/);
  });

  it('are honoured by another replica with the same key, and by none with another key', () => {
    const key = Buffer.alloc(32, 9);
    const { token } = new Confirmations(key).issue(binding);
    expect(() => new Confirmations(key).redeem(token, binding)).not.toThrow();
    expect(() => new Confirmations(Buffer.alloc(32, 1)).redeem(token, binding)).toThrow(/another request/);
  });

  it('refuse text that is not a token', () => {
    const tokens = new Confirmations(Buffer.alloc(32, 7));
    for (const junk of ['', 'abc', 'a.b', 'a.b.c.d'])
      expect(() => tokens.redeem(junk, binding)).toThrow(/refused/);
  });
});
