import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../../src/core/redact.js';

describe('Redactor', () => {
  it('masks known secret values wherever they appear', () => {
    const r = new Redactor(['s3cr3t-token-value']);
    expect(r.text('Authorization failed for s3cr3t-token-value!')).toBe(
      `Authorization failed for ${REDACTED}!`,
    );
  });

  it('learns secrets at runtime and ignores values too short to be safe', () => {
    const r = new Redactor();
    r.addSecret('abc');
    r.addSecret('one-time-password-42');
    expect(r.text('abc one-time-password-42')).toBe(`abc ${REDACTED}`);
  });

  it('masks secret-named keys in objects but keeps ids, counts and flags', () => {
    const r = new Redactor();
    const out = r.value({
      password: 'hunter22',
      nested: {
        api_key: 'k',
        private_key: 'pk',
        db_password: 'x',
        credential_id: 11,
        key_type: 'ecdsa',
        has_password: true,
      },
      list: [{ token: 't', name: 'ok' }],
    });
    expect(out).toEqual({
      password: REDACTED,
      nested: {
        api_key: REDACTED,
        private_key: REDACTED,
        db_password: REDACTED,
        credential_id: 11,
        key_type: 'ecdsa',
        has_password: true,
      },
      list: [{ token: REDACTED, name: 'ok' }],
    });
  });

  it('masks env-file secrets, PEM keys, bearer tokens and URL credentials in text', () => {
    const r = new Redactor();
    const text = [
      'APP_KEY=base64:abcdef123456',
      'DB_PASSWORD="p@ss word"',
      'APP_NAME=shop',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
      'curl -H "Authorization: Bearer abcdefghijklmnop"',
      'mysql://forge:topsecret@127.0.0.1/shop',
      '{"client_secret": "zzz"}',
      'https://forge.example/deploy/http?token=hook123&site=4',
    ].join('\n');
    const out = r.text(text);
    expect(out).toContain(`APP_KEY=${REDACTED}`);
    expect(out).toContain(`DB_PASSWORD=${REDACTED}`);
    expect(out).toContain('APP_NAME=shop');
    expect(out).not.toContain('MIIEow');
    expect(out).toContain(`Bearer ${REDACTED}`);
    expect(out).toContain(`mysql://forge:${REDACTED}@127.0.0.1/shop`);
    expect(out).toContain(`"client_secret": "${REDACTED}"`);
    expect(out).toContain(`?token=${REDACTED}&site=4`);
  });

  it('still scans text whose only sign of a secret is a PEM header or an auth scheme', () => {
    // No "=" or ":" in these: the quick check must not let them through unscanned.
    const r = new Redactor();
    expect(r.text('Bearer abcdefghijklmnop')).toBe(`Bearer ${REDACTED}`);
    expect(r.text('sent Basic dXNlcnBhc3N3b3Jk')).toBe(`sent Basic ${REDACTED}`);
    expect(r.text('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk')).toBe(REDACTED);
    expect(r.value({ name: 'web-1', note: 'Bearer abcdefghijklmnop' })).toEqual({
      name: 'web-1',
      note: `Bearer ${REDACTED}`,
    });
  });

  it('masks a token used as the URL user name, as Git remotes carry it, but keeps ssh logins', () => {
    const r = new Redactor();
    expect(r.text('origin https://ghp_AbCdEf0123456789abcdef@github.com/acme/shop.git (fetch)')).toBe(
      `origin https://${REDACTED}@github.com/acme/shop.git (fetch)`,
    );
    expect(r.text('http://deploy@10.0.0.5:8080/hook')).toBe(`http://${REDACTED}@10.0.0.5:8080/hook`);
    expect(r.text('git+https://glpat-Xy9Zw8Vu7Ts6@gitlab.com/a/b.git')).toBe(
      `git+https://${REDACTED}@gitlab.com/a/b.git`,
    );
    expect(r.value({ repository: 'https://x-oauth-basic@github.com/a/b' })).toEqual({
      repository: `https://${REDACTED}@github.com/a/b`,
    });
    expect(r.text('ssh://git@github.com/acme/shop.git')).toBe('ssh://git@github.com/acme/shop.git');
    expect(r.text('sftp://deploy@203.0.113.5/srv')).toBe('sftp://deploy@203.0.113.5/srv');
    expect(r.text('ssh://AbCdEf0123456789XyZ@host/x')).toBe(`ssh://${REDACTED}@host/x`);
    expect(r.text('https://example.com/a?next=x@y')).toBe('https://example.com/a?next=x@y');
    expect(r.text('git@github.com:acme/shop.git')).toBe('git@github.com:acme/shop.git');
  });

  it('cleans strings before the patterns look at them, when asked', () => {
    const r = new Redactor();
    const hidden = { env: 'DB_PASS\u200bWORD=hunter22' };
    expect(r.value(hidden).env).toContain('hunter22');
    expect(r.value(hidden, (text) => text.replace(/\u200b/g, '')).env).toBe(`DB_PASSWORD=${REDACTED}`);
  });

  it('does not mangle ordinary log lines', () => {
    const r = new Redactor(['secret-value-1']);
    const line = '[2026-11-20 08:02:40] production.INFO: Order 42 paid. Status: 200';
    expect(r.text(line)).toBe(line);
  });
});
