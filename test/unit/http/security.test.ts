import { describe, expect, it } from 'vitest';
import {
  allowListProblems,
  BearerToken,
  generateToken,
  hostPolicy,
  isLoopbackHost,
} from '../../../src/http/security.js';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])(
    '%s is loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );
  it.each(['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com', '128.0.0.1', 'localhost.evil.com'])(
    '%s is not',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});

describe('hostPolicy', () => {
  const loopback = hostPolicy({ bindHost: '127.0.0.1', port: 3333, allowedHosts: [], allowedOrigins: [] });

  it('accepts the loopback names on the bound port only', () => {
    for (const host of ['127.0.0.1:3333', 'localhost:3333', 'LOCALHOST:3333', '[::1]:3333']) {
      expect(loopback.hostAllowed(host)).toBe(true);
    }
    for (const host of ['127.0.0.1', 'localhost:80', 'evil.example:3333', '127.0.0.1:3334', '', undefined]) {
      expect(loopback.hostAllowed(host)).toBe(false);
    }
  });

  it('refuses Host values that smuggle userinfo, paths or spaces', () => {
    for (const host of [
      'evil.com@localhost:3333',
      'localhost:3333/x',
      'localhost:3333 x',
      'localhost:3333#',
    ]) {
      expect(loopback.hostAllowed(host)).toBe(false);
    }
  });

  it('takes --allowed-hosts entries with a port as exact and without one as any port', () => {
    const policy = hostPolicy({
      bindHost: '0.0.0.0',
      port: 3333,
      allowedHosts: ['mcp.example.com', 'Internal.Example:8443'],
      allowedOrigins: [],
    });
    expect(policy.hostAllowed('mcp.example.com')).toBe(true);
    expect(policy.hostAllowed('mcp.example.com:443')).toBe(true);
    expect(policy.hostAllowed('internal.example:8443')).toBe(true);
    expect(policy.hostAllowed('internal.example:9000')).toBe(false);
    // Off loopback, loopback names are not implied.
    expect(policy.hostAllowed('127.0.0.1:3333')).toBe(false);
    expect(policy.originAllowed('http://localhost:3333')).toBe(false);
  });

  it('allows no Origin, same-port loopback origins and --allowed-origins; nothing else', () => {
    const policy = hostPolicy({
      bindHost: '127.0.0.1',
      port: 3333,
      allowedHosts: [],
      allowedOrigins: ['https://App.Example.com:443'],
    });
    expect(policy.originAllowed(undefined)).toBe(true);
    expect(policy.originAllowed('http://localhost:3333')).toBe(true);
    expect(policy.originAllowed('http://127.0.0.1:3333')).toBe(true);
    expect(policy.originAllowed('https://app.example.com')).toBe(true);
    for (const origin of ['http://localhost:8080', 'https://evil.example', 'null', 'file://', 'garbage']) {
      expect(policy.originAllowed(origin)).toBe(false);
    }
  });
});

describe('BearerToken', () => {
  const token = new BearerToken('s3cret-token-0123456789');

  it('accepts exactly "Bearer <token>" (scheme case-insensitive)', () => {
    expect(token.matches('Bearer s3cret-token-0123456789')).toBe(true);
    expect(token.matches('bearer s3cret-token-0123456789')).toBe(true);
  });

  it('refuses a missing, different, prefixed or differently-schemed token', () => {
    for (const header of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Bearer s3cret-token-012345678',
      'Bearer s3cret-token-01234567890',
      'Basic s3cret-token-0123456789',
      's3cret-token-0123456789',
      'Bearer s3cret-token-0123456789 extra',
    ]) {
      expect(token.matches(header)).toBe(false);
    }
  });

  it('an empty presented token never matches an empty digest by accident', () => {
    expect(new BearerToken('x'.repeat(16)).matches('Bearer ')).toBe(false);
  });

  it('generates distinct URL-safe 256-bit tokens', () => {
    const a = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(a);
  });
});

describe('allowListProblems', () => {
  it('accepts names, name:port, IPv6 in brackets and http(s) origins', () => {
    expect(
      allowListProblems(
        ['mcp.example.com', 'mcp.example.com:8443', '[::1]:3333'],
        ['https://app.example.com'],
      ),
    ).toEqual([]);
  });

  it('names each entry that could never match', () => {
    const problems = allowListProblems(['https://mcp.example.com/', 'a b'], ['app.example.com', 'null']);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/--allowed-hosts: "https:\/\/mcp.example.com\/" is not a host name/);
    expect(problems[2]).toMatch(/--allowed-origins: "app.example.com" is not an origin/);
  });
});
