import { isIP } from 'node:net';
import { HostingError } from '../../core/errors.js';

/**
 * Which hosts HAL links may send the access token to. Platform.sh answers on a general gateway
 * (api.platform.sh) but its `_links` often point at a region gateway (eu-3.platform.sh), a sibling
 * of the API host. So a link is followed when its host is the API host itself, or exactly one label
 * under the API host's parent domain (eu-3.platform.sh, but not app.eu.platform.sh, where legacy
 * regions served customer sites), on the same port. An IP or single-label API host allows only
 * itself. Anything else is refused: the token never leaves the configured API.
 */
export function apiHosts(apiUrl: string): (host: string) => boolean {
  const api = new URL(apiUrl);
  const labels = api.hostname.split('.');
  const parent = isIP(api.hostname) || labels.length < 3 ? undefined : labels.slice(1).join('.');
  return (host: string) => {
    let candidate: URL;
    try {
      candidate = new URL(`${api.protocol}//${host}`);
    } catch {
      return false;
    }
    if (candidate.port !== api.port) return false;
    if (candidate.hostname === api.hostname) return true;
    if (!parent || !candidate.hostname.endsWith(`.${parent}`)) return false;
    const sub = candidate.hostname.slice(0, -parent.length - 1);
    return /^[a-z0-9-]+$/i.test(sub);
  };
}

/**
 * Resolves a HAL href (absolute, or relative to the document that carried it) and checks it
 * against the API's hosts and scheme. Throws a HostingError for anything else, so a caller can fall
 * back instead of sending the token elsewhere.
 */
export function resolveLink(href: string, base: string, apiUrl: string): URL {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    throw new HostingError('malformed_response', 'Platform.sh returned a link that is not a URL.', {
      hint: 'Retry later; if it persists the API answered something unexpected.',
    });
  }
  const api = new URL(apiUrl);
  if (url.protocol !== api.protocol || !apiHosts(apiUrl)(url.host)) {
    throw new HostingError(
      'malformed_response',
      `Platform.sh linked to ${url.protocol}//${url.host}, outside the configured API.`,
      { hint: 'Only hosts of the configured API are followed; check PLATFORMSH_API_URL.' },
    );
  }
  return url;
}
