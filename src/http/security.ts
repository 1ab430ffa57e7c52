import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * The checks that make the HTTP endpoint safe to expose: who may call (bearer token) and which
 * names the server may be reached by (Host and Origin, the DNS-rebinding defence). Pure functions
 * over header values, so each rule is tested without a socket.
 */

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and "localhost". */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  // IPv4-mapped IPv6 loopback (::ffff:127.0.0.1).
  return /^::ffff:127\./.test(bare);
}

/** A parsed Host header: lowercased hostname (IPv6 in brackets) and port ('' when absent). */
interface HostValue {
  hostname: string;
  port: string;
}

function parseHost(value: string): HostValue | undefined {
  // Host headers never carry a scheme, path or userinfo; URL would quietly accept them.
  if (!value || /[/@\s?#\\]/.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    return { hostname: url.hostname, port: url.port };
  } catch {
    return undefined;
  }
}

export interface HostPolicy {
  /** True when a request's Host header names this server. */
  hostAllowed(header: string | undefined): boolean;
  /** True when there is no Origin (non-browser clients) or it is an allowed one. */
  originAllowed(header: string | undefined): boolean;
  /** The accepted Host values, for the startup log. */
  readonly hosts: readonly string[];
  readonly origins: readonly string[];
}

/**
 * Allowed Host values: for a loopback bind, 127.0.0.1, localhost and [::1] on the bound port;
 * plus every `--allowed-hosts` entry ("name" matches any port, "name:port" only that port).
 * Allowed origins: `--allowed-origins`, plus the loopback origins on the same port when bound to
 * loopback (a page served by this very port). Everything else is refused: a DNS-rebinding page
 * reaches us under its own name, which is in neither list.
 */
export function hostPolicy(options: {
  bindHost: string;
  port: number;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
}): HostPolicy {
  const loopbackNames = isLoopbackHost(options.bindHost) ? ['127.0.0.1', 'localhost', '[::1]'] : [];
  const exact = new Set<string>();
  const anyPort = new Set<string>();
  for (const name of loopbackNames) exact.add(`${name}:${options.port}`);
  for (const entry of options.allowedHosts) {
    const parsed = parseHost(entry);
    if (!parsed) continue;
    if (parsed.port) exact.add(`${parsed.hostname}:${parsed.port}`);
    else anyPort.add(parsed.hostname);
  }
  const origins = new Set<string>();
  for (const name of loopbackNames) origins.add(`http://${name}:${options.port}`);
  for (const entry of options.allowedOrigins) {
    const normalized = normalizeOrigin(entry);
    if (normalized) origins.add(normalized);
  }
  return {
    hosts: [...exact, ...anyPort],
    origins: [...origins],
    hostAllowed(header) {
      const parsed = header === undefined ? undefined : parseHost(header);
      if (!parsed) return false;
      return anyPort.has(parsed.hostname) || exact.has(`${parsed.hostname}:${parsed.port}`);
    },
    originAllowed(header) {
      if (header === undefined) return true;
      const normalized = normalizeOrigin(header);
      return normalized !== undefined && origins.has(normalized);
    },
  };
}

/** One line per --allowed-hosts / --allowed-origins entry that could never match anything. */
export function allowListProblems(hosts: readonly string[], origins: readonly string[]): string[] {
  return [
    ...hosts
      .filter((entry) => !parseHost(entry))
      .map((entry) => `--allowed-hosts: "${entry}" is not a host name (use name or name:port, no scheme).`),
    ...origins
      .filter((entry) => !normalizeOrigin(entry))
      .map((entry) => `--allowed-origins: "${entry}" is not an origin (use http(s)://host[:port]).`),
  ];
}

/** scheme://host[:port], lowercased, default ports dropped; undefined for "null" and junk. */
export function normalizeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** A configured or generated bearer token, kept only as a digest for comparison. */
export class BearerToken {
  private readonly digest: Buffer;

  constructor(token: string) {
    this.digest = sha256(token);
  }

  /**
   * Constant-time check of an Authorization header. Both sides are hashed first so the compared
   * buffers always have equal length: neither the token's length nor its prefix leaks by timing.
   */
  matches(authorization: string | undefined): boolean {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    const presented = sha256(match?.[1] ?? '');
    return timingSafeEqual(presented, this.digest) && match !== null;
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** 256 random bits, URL-safe: what a loopback server uses when no token was configured. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}
