import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';

/**
 * Rules the reference states for the arguments of the ServerPilot write verbs (names, domains,
 * runtimes), checked before anything is sent so a bad value never leaves half a change behind.
 */

/** Server name: lowercase letters, digits, "." and "-"; starts with a letter, ends with a letter or digit. */
export const SERVER_NAME = /^[a-z](?:[a-z0-9.-]*[a-z0-9])?$/;
/** App name: 3–30 lowercase letters and digits, nothing else. */
export const APP_NAME = /^[a-z0-9]{3,30}$/;
/** System user name: 3–32 lowercase letters, digits and "-", starting with a letter. */
export const SYSUSER_NAME = /^[a-z][a-z0-9-]{2,31}$/;
/** ServerPilot ids are 16 letters and digits. */
export const ID = /^[A-Za-z0-9]{16}$/;
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = new RegExp(`^(?:\\*\\.)?${LABEL}(?:\\.${LABEL})+$`);
const PHP = /^(?:php)?(\d)\.?(\d+)$/i;
/** The same, as the tool schema shows it (JSON Schema patterns have no flags). */
export const PHP_ARG = /^(?:php)?\d\.?\d+$/;

export function normalizeDomain(value: string): string {
  const domain = value.trim().toLowerCase().replace(/\.$/, '');
  if (!DOMAIN.test(domain)) {
    throw new HostingError('invalid_argument', `"${value.slice(0, 100)}" is not a domain name.`, {
      hint: 'Pass a bare host name such as example.com (no scheme, path or port).',
    });
  }
  return domain;
}

/** The primary domain first, then the others, each once. */
export function domainList(primary: string | undefined, more: readonly string[] = []): string[] {
  const all = [...(primary ? [primary] : []), ...more].map(normalizeDomain);
  return [...new Set(all)];
}

/** An app name derived from its domain: "shop.example.com" → "shopexamplecom". */
export function appNameFor(domain: string | undefined): string {
  const name = (domain ?? '').replace(/[^a-z0-9]/g, '').slice(0, 30);
  if (name.length < 3) {
    throw new HostingError('invalid_argument', 'ServerPilot needs an app name.', {
      hint: 'Pass `name` (3-30 lowercase letters and digits) or a `domain` to derive it from.',
    });
  }
  return name;
}

/** A system user named after the app; names must start with a letter, app names need not. */
export function sysuserNameFor(app: string): string {
  return /^[a-z]/.test(app) ? app : `u${app}`;
}

function versionKey(runtime: string): [number, number] | undefined {
  const match = PHP.exec(runtime);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * The runtime string the server lists for a wanted PHP version ("php84", "php8.4", "8.4" all
 * name "php8.4"), or the newest the server offers. Only listed runtimes are accepted.
 */
export function pickRuntime(
  wanted: string | undefined,
  available: readonly string[],
  serverName: string,
): string {
  const listed = available.filter((r) => versionKey(r));
  if (wanted) {
    const key = versionKey(wanted);
    const found = listed.find((r) => {
      const k = versionKey(r);
      return k && key && k[0] === key[0] && k[1] === key[1];
    });
    if (found) return found;
    throw new HostingError('invalid_argument', `PHP ${wanted} is not available on server ${serverName}.`, {
      hint: listed.length
        ? `Available: ${listed.join(', ')}.`
        : `The server lists no runtimes yet; it must connect first (${verb('operations.get')} on its ${verb('servers.create')} operation).`,
    });
  }
  const newest = [...listed].sort((a, b) => {
    const [am, an] = versionKey(a)!;
    const [bm, bn] = versionKey(b)!;
    return bm - am || bn - an;
  })[0];
  if (newest) return newest;
  throw new HostingError('invalid_argument', `Server ${serverName} lists no PHP runtimes yet.`, {
    hint: `Wait until the server has connected (${verb('operations.get')} on its ${verb('servers.create')} operation), then retry.`,
  });
}
