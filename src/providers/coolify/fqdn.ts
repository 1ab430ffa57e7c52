/**
 * Coolify keeps an application's domains as one comma-separated `fqdn` string of URLs
 * ("https://shop.example.com,http://www.shop.example.com:3000"). The scheme decides TLS: an
 * https:// URL makes the server's proxy (Traefik or Caddy) obtain a Let's Encrypt certificate, and
 * a port after the host names the container port the proxy routes to. These helpers read and
 * rewrite that string without losing the parts they do not touch.
 */

export interface DomainEntry {
  /** The entry as Coolify stores it. */
  url: string;
  host: string;
  https: boolean;
  /** Where visitors reach it: scheme, host and path, without the container port. */
  public: string;
}

const HOST = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export function parseDomains(fqdn: string | null | undefined): DomainEntry[] {
  if (!fqdn) return [];
  const entries: DomainEntry[] = [];
  for (const raw of fqdn.split(',')) {
    const url = raw.trim();
    if (!url) continue;
    const host = hostOf(url);
    if (!host) continue;
    const https = /^https:\/\//i.test(url);
    entries.push({ url, host, https, public: publicUrl(url, host, https) });
  }
  return entries;
}

/** The host name of a bare domain or a URL, lower-cased; undefined when it is not a valid host. */
export function hostOf(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`).hostname;
  } catch {
    return undefined;
  }
  host = host.toLowerCase().replace(/\.$/, '');
  return HOST.test(host) ? host : undefined;
}

function publicUrl(url: string, host: string, https: boolean): string {
  let path = '';
  try {
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`);
    path = parsed.pathname === '/' ? '' : parsed.pathname;
  } catch {
    // hostOf already accepted the value; a path we cannot read is simply left out.
  }
  return `${https ? 'https' : 'http'}://${host}${path}`;
}

/** What a new application gets as `domains`: a bare host becomes http:// (issuing a certificate switches it). */
export function domainForCreate(value: string): string {
  const trimmed = value.trim();
  return /^https?:\/\//i.test(trimmed) ? trimmed : `http://${hostOf(trimmed) ?? trimmed}`;
}

export interface HttpsChange {
  /** The new comma-separated value for `domains`. */
  value: string;
  /** The entry that now carries https. */
  url: string;
  /** What happened to the host: switched from http, added as new, or already https. */
  action: 'switched' | 'added' | 'unchanged';
}

/**
 * Switches every entry of `host` to https (keeping port and path), or appends https://host when
 * the application does not serve that host yet. Other entries are kept as they are.
 */
export function withHttps(entries: readonly DomainEntry[], host: string): HttpsChange {
  let action: HttpsChange['action'] = 'added';
  let url = `https://${host}`;
  const urls = entries.map((entry) => {
    if (entry.host !== host) return entry.url;
    const next = entry.https ? entry.url : entry.url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, 'https://');
    if (action !== 'switched') action = entry.https ? 'unchanged' : 'switched';
    url = next;
    return next;
  });
  if (!entries.some((entry) => entry.host === host)) urls.push(url);
  return { value: urls.join(','), url, action };
}
