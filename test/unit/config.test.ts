import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

function file(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'hosting-mcp-config-'));
  const path = join(dir, 'accounts.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('loadConfig', () => {
  it('builds a default Forge account from env with the documented defaults', () => {
    const { config, errors } = loadConfig([], { FORGE_API_TOKEN: 'tok-123456', FORGE_ORGANIZATION: 'acme' });
    expect(errors).toEqual([]);
    expect(config.accounts).toEqual([
      {
        provider: 'forge',
        name: 'default',
        settings: {
          api_token: 'tok-123456',
          organization: 'acme',
          base_url: 'https://forge.laravel.com/api',
        },
      },
    ]);
  });

  it('reads flags and their env twins (flags win)', () => {
    const { config } = loadConfig(['--read-only', '--toolsets', 'core', '--log-level=warn'], {
      FORGE_API_TOKEN: 't-123456',
      HOSTING_MCP_LOG_LEVEL: 'debug',
      HOSTING_MCP_SECRETS_DIR: '/tmp/s',
    });
    expect(config.readOnly).toBe(true);
    expect(config.toolsets).toEqual(['core']);
    expect(config.logLevel).toBe('warn');
    expect(config.secretsDir).toBe('/tmp/s');
    expect(loadConfig([], { FORGE_API_TOKEN: 't-123456', HOSTING_MCP_READ_ONLY: '1' }).config.readOnly).toBe(
      true,
    );
  });

  it('takes -h and -v for --help and --version', () => {
    expect(loadConfig(['-h'], {}).config.help).toBe(true);
    expect(loadConfig(['-v'], {}).config.version).toBe(true);
    expect(loadConfig(['-x'], {}).errors).toContain('Unknown argument "-x"; run with --help for the list.');
  });

  it('needs no accounts in sandbox mode', () => {
    const { config, errors } = loadConfig(['--sandbox'], {});
    expect(errors).toEqual([]);
    expect(config.sandbox).toBe(true);
  });

  it('reports each problem on its own line, never with a secret value', () => {
    const { errors } = loadConfig(['--bogus', '--log-level', 'loud'], {
      FORGE_ORGANIZATION: 'acme',
      FORGE_BASE_URL: 'ftp://x',
    });
    expect(errors).toContain('Unknown argument "--bogus"; run with --help for the list.');
    expect(errors.some((e) => /log-level/.test(e))).toBe(true);
    expect(errors.some((e) => /FORGE_API_TOKEN is not/.test(e))).toBe(true);
  });

  it('says how to start when nothing is configured', () => {
    const { errors } = loadConfig([], {});
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/No provider is configured: set FORGE_API_TOKEN.*--sandbox/);
  });

  it('reads several accounts from a file with secrets as env references', () => {
    const path = file({
      accounts: [
        { provider: 'forge', name: 'agency', api_token_env: 'AGENCY_TOKEN', organization: 'acme' },
        { provider: 'forge', name: 'client-b', api_token_env: 'CLIENT_B_TOKEN' },
      ],
    });
    const { config, errors } = loadConfig(['--config', path], {
      AGENCY_TOKEN: 'a-123456',
      CLIENT_B_TOKEN: 'b-123456',
    });
    expect(errors).toEqual([]);
    expect(config.accounts.map((a) => `${a.provider}/${a.name}`)).toEqual(['forge/agency', 'forge/client-b']);
    expect(config.accounts[0]!.settings).toMatchObject({ api_token: 'a-123456', organization: 'acme' });
  });

  it('refuses inline secrets, unknown keys, missing env vars and bad names', () => {
    const path = file({
      accounts: [
        { provider: 'forge', name: 'a', api_token: 'inline-secret-value' },
        { provider: 'forge', name: 'b', api_token_env: 'MISSING_VAR' },
        { provider: 'forge', name: 'Bad Name', api_token_env: 'X' },
        { provider: 'forge', name: 'c', api_token_env: 'T', colour: 'blue' },
        { provider: 'nope' },
      ],
    });
    const { errors } = loadConfig(['--config', path], { T: 'tok-123456' });
    const text = errors.join('\n');
    expect(text).toMatch(
      /accounts\[0\]\.api_token: secrets cannot be written in the file; use "api_token_env"/,
    );
    expect(text).toMatch(/accounts\[1\]\.api_token_env names MISSING_VAR, which is not set/);
    expect(text).toMatch(/accounts\[2\]\.name must be/);
    expect(text).toMatch(/accounts\[3\]\.colour is not a forge setting/);
    expect(text).toMatch(/accounts\[4\]\.provider must be one of/);
    expect(text).not.toContain('inline-secret-value');
  });

  it('reports a missing or broken file plainly', () => {
    expect(loadConfig(['--config', '/nonexistent/x.json'], {}).errors).toEqual([
      '/nonexistent/x.json: file not found.',
    ]);
    const broken = file('{not json');
    expect(loadConfig(['--config', broken], {}).errors).toEqual([`${broken}: not valid JSON.`]);
  });

  it('reads --rate-limit and its env twin as requests per minute (flag wins, 0 allowed)', () => {
    const env = { FORGE_API_TOKEN: 't-123456' };
    expect(loadConfig([], env).config.rateLimitPerMinute).toBeUndefined();
    expect(loadConfig(['--rate-limit', '120'], env).config.rateLimitPerMinute).toBe(120);
    expect(loadConfig(['--rate-limit=0'], env).config.rateLimitPerMinute).toBe(0);
    expect(loadConfig([], { ...env, HOSTING_MCP_RATE_LIMIT: ' 30 ' }).config.rateLimitPerMinute).toBe(30);
    expect(loadConfig([], { ...env, HOSTING_MCP_RATE_LIMIT: '' }).config.rateLimitPerMinute).toBeUndefined();
    const both = loadConfig(['--rate-limit', '5'], { ...env, HOSTING_MCP_RATE_LIMIT: '30' });
    expect(both.errors).toEqual([]);
    expect(both.config.rateLimitPerMinute).toBe(5);
    expect(loadConfig(['--sandbox', '--rate-limit', '10'], {}).config.rateLimitPerMinute).toBe(10);
  });

  it('refuses a rate limit that is not a whole number of requests per minute', () => {
    for (const bad of ['-1', '1.5', 'fast', '1e3', '60/min', '1000001']) {
      const { errors } = loadConfig(['--rate-limit', bad], { FORGE_API_TOKEN: 't-123456' });
      expect(errors, bad).toEqual([
        `--rate-limit / HOSTING_MCP_RATE_LIMIT must be a whole number of requests per minute per account (0-1000000; 0 turns the limiter off), not "${bad}".`,
      ]);
    }
    expect(loadConfig(['--rate-limit'], { FORGE_API_TOKEN: 't-123456' }).errors).toEqual([
      '--rate-limit needs a value.',
    ]);
  });

  it('parses HTTP options', () => {
    const { config } = loadConfig(['--http', '--port', '0', '--allowed-hosts', 'a.example,b.example'], {
      FORGE_API_TOKEN: 't-123456',
      HOSTING_MCP_HTTP_TOKEN: 'http-token',
    });
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 0,
      token: 'http-token',
      allowedHosts: ['a.example', 'b.example'],
      allowedOrigins: [],
    });
  });
});

describe('loadConfig refuses the unsafe', () => {
  const token = { FORGE_API_TOKEN: 't-123456' };

  it('refuses plain http:// to another machine unless --allow-insecure-http', () => {
    const env = { ...token, FORGE_BASE_URL: 'http://forge.internal.example/api' };
    const { errors } = loadConfig([], env);
    expect(errors).toEqual([
      'FORGE_BASE_URL uses plain http:// to forge.internal.example, so the Laravel Forge credentials would cross the network unencrypted: use https://, or pass --allow-insecure-http (HOSTING_MCP_ALLOW_INSECURE_HTTP=1) for a network you trust.',
    ]);
    expect(loadConfig(['--allow-insecure-http'], env).errors).toEqual([]);
    expect(loadConfig([], { ...env, HOSTING_MCP_ALLOW_INSECURE_HTTP: '1' }).errors).toEqual([]);
    for (const loopback of ['http://127.0.0.1:8080/api', 'http://localhost/api', 'http://[::1]:9/api']) {
      expect(loadConfig([], { ...token, FORGE_BASE_URL: loopback }).errors, loopback).toEqual([]);
    }
    const path = file({
      accounts: [{ provider: 'coolify', api_token_env: 'T', base_url: 'http://10.0.0.5' }],
    });
    expect(loadConfig(['--config', path], { T: 'c-123456' }).errors[0]).toMatch(
      /accounts\[0\]\.base_url uses plain http:\/\/ to 10\.0\.0\.5/,
    );
  });

  it('refuses secrets that are only whitespace or an unreplaced placeholder; empty means not set', () => {
    expect(loadConfig([], { FORGE_API_TOKEN: '   ' }).errors).toEqual([
      'FORGE_API_TOKEN is only whitespace; Laravel Forge needs the credential itself.',
    ]);
    const placeholder = ['$', '{user_config.coolify_api_token}'].join('');
    expect(loadConfig([], { ...token, COOLIFY_API_TOKEN: placeholder }).errors).toEqual([
      `COOLIFY_API_TOKEN holds a $\{...} placeholder that was never replaced; Coolify needs the credential itself.`,
    ]);
    // A bundle host passes every field: an empty one is a provider the user did not configure.
    const { config, errors } = loadConfig([], { ...token, COOLIFY_API_TOKEN: '', COOLIFY_BASE_URL: '' });
    expect(errors).toEqual([]);
    expect(config.accounts.map((a) => a.provider)).toEqual(['forge']);
    // …and an empty setting with a default takes the default.
    const blankUrl = loadConfig([], { ...token, FORGE_BASE_URL: '' }).config.accounts[0]!;
    expect(blankUrl.settings.base_url).toBe('https://forge.laravel.com/api');
    // Empty while another of its settings is set: the provider was meant, so it is refused.
    expect(
      loadConfig([], { ...token, PANELALPHA_API_TOKEN: '', PANELALPHA_BASE_URL: 'https://p.example' }).errors,
    ).toEqual(['PANELALPHA_BASE_URL set but PANELALPHA_API_TOKEN is not: PanelAlpha needs it.']);
    const path = file({ accounts: [{ provider: 'forge', name: 'a', api_token_env: 'BLANK' }] });
    expect(loadConfig(['--config', path], { BLANK: '\t ' }).errors).toEqual([
      `${path}: accounts[0].api_token_env names BLANK, which is only whitespace.`,
    ]);
    expect(loadConfig(['--config', path], { BLANK: '' }).errors).toEqual([
      `${path}: accounts[0].api_token_env names BLANK, which is not set.`,
    ]);
  });

  it('refuses the retired Forge API v1 with the v2 address', () => {
    for (const url of ['https://forge.laravel.com/api/v1', 'https://forge.laravel.com/api/v1/']) {
      const { errors } = loadConfig([], { ...token, FORGE_BASE_URL: url });
      expect(errors, url).toEqual([
        'FORGE_BASE_URL points at a retired API (/api/v1' +
          (url.endsWith('/') ? '/' : '') +
          '). Forge switched API v1 off on 2026-08-31; this server speaks API v2: use https://forge.laravel.com/api (or leave FORGE_BASE_URL unset).',
      ]);
    }
    expect(loadConfig([], { ...token, FORGE_BASE_URL: 'https://forge.laravel.com/api' }).errors).toEqual([]);
  });

  it('takes only true, false, 1 or 0 for switches', () => {
    for (const yes of ['1', 'true', 'TRUE', ' true ']) {
      expect(loadConfig([], { ...token, HOSTING_MCP_READ_ONLY: yes }).config.readOnly, yes).toBe(true);
    }
    for (const no of ['0', 'false', '']) {
      const { config, errors } = loadConfig([], { ...token, HOSTING_MCP_READ_ONLY: no });
      expect([config.readOnly, errors], no).toEqual([false, []]);
    }
    for (const bad of ['yes', 'on', 'ture', '2']) {
      expect(loadConfig([], { ...token, HOSTING_MCP_READ_ONLY: bad }).errors, bad).toEqual([
        `--read-only / HOSTING_MCP_READ_ONLY must be true, false, 1 or 0, not "${bad}".`,
      ]);
    }
    expect(loadConfig(['--sandbox=yes'], {}).errors).toEqual([
      '--sandbox / HOSTING_MCP_SANDBOX must be true, false, 1 or 0, not "yes".',
    ]);
    expect(loadConfig(['--sandbox=false'], token).config.sandbox).toBe(false);
  });

  it('names the .env file in errors about values that came from it', () => {
    const envFile = { path: '/srv/app/.env', keys: ['FORGE_BASE_URL', 'HOSTING_MCP_READ_ONLY'] };
    const env = { ...token, FORGE_BASE_URL: 'http://forge.example', HOSTING_MCP_READ_ONLY: 'yes' };
    const { errors } = loadConfig([], env, envFile);
    expect(errors).toContain(
      '--read-only / HOSTING_MCP_READ_ONLY (set in /srv/app/.env) must be true, false, 1 or 0, not "yes".',
    );
    expect(errors.some((e) => e.startsWith('FORGE_BASE_URL (set in /srv/app/.env) uses plain http://'))).toBe(
      true,
    );
    // The same values from the process environment are named without the file.
    expect(loadConfig([], env).errors.join('\n')).not.toContain('.env');
  });

  it('reads the replica settings and the shared confirmation key', () => {
    const { config, errors } = loadConfig([], {
      ...token,
      HOSTING_MCP_REDIS_URL: 'redis://:pw@127.0.0.1:6379/0',
      HOSTING_MCP_REPLICAS: '3',
      HOSTING_MCP_CONFIRM_KEY: 'k'.repeat(32),
    });
    expect(errors).toEqual([]);
    expect(config.redis).toEqual({ url: 'redis://:pw@127.0.0.1:6379/0', replicas: 3 });
    expect(config.confirmKey).toBe('k'.repeat(32));
    expect(loadConfig([], token).config.redis).toBeUndefined();
    const bad = loadConfig([], {
      ...token,
      HOSTING_MCP_REDIS_URL: 'http://secret@cache:6379',
      HOSTING_MCP_REPLICAS: '0',
      HOSTING_MCP_CONFIRM_KEY: 'short',
    });
    expect(bad.errors).toEqual([
      'HOSTING_MCP_REPLICAS must be a whole number of replicas (1-1000), not "0".',
      'HOSTING_MCP_REDIS_URL must be a redis:// or rediss:// URL.',
      'HOSTING_MCP_CONFIRM_KEY must be at least 32 characters (e.g. openssl rand -base64 32).',
    ]);
  });

  it('reads the doctor subcommand first, and only first', () => {
    expect(loadConfig(['doctor', '--sandbox'], {}).config.command).toBe('doctor');
    expect(loadConfig(['--sandbox'], {}).config.command).toBe('serve');
    expect(loadConfig(['--sandbox', 'doctor'], {}).errors).toEqual([
      'Unknown argument "doctor"; run with --help for the list.',
    ]);
  });
});
