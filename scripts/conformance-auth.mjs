// Test-only preload for the conformance run (node --import): the suite has no option to send
// headers, so this adds the run's bearer token to every request it makes to the server under
// test: through undici's global dispatcher (used by both fetch and undici.request) and through
// node:http's request, which its raw header-validation probes use. The server keeps requiring the
// token exactly as in production.
import http from 'node:http';
import { Agent, setGlobalDispatcher } from 'undici';

const target = process.env.CONFORMANCE_TARGET_ORIGIN;
const token = process.env.CONFORMANCE_TARGET_TOKEN;
if (!target || !token) throw new Error('conformance-auth: CONFORMANCE_TARGET_ORIGIN and _TOKEN are required');
const authorization = `Bearer ${token}`;

function withAuthorization(headers) {
  if (headers == null) return { authorization };
  if (Array.isArray(headers)) {
    // Either a flat [name, value, ...] list or a list of [name, value] pairs.
    return typeof headers[0] === 'string' || headers.length === 0
      ? [...headers, 'authorization', authorization]
      : [...headers, ['authorization', authorization]];
  }
  if (typeof headers[Symbol.iterator] === 'function') return [...headers, ['authorization', authorization]];
  return { ...headers, authorization };
}

setGlobalDispatcher(
  new Agent().compose((dispatch) => (options, handler) => {
    const origin = options.origin ? new URL(String(options.origin)).origin : undefined;
    const next = origin === target ? { ...options, headers: withAuthorization(options.headers) } : options;
    return dispatch(next, handler);
  }),
);

const httpRequest = http.request;
http.request = function request(...args) {
  const options = args.find((arg) => arg && typeof arg === 'object' && !(arg instanceof URL));
  const url = args.find((arg) => typeof arg === 'string' || arg instanceof URL);
  const origin = url
    ? new URL(String(url)).origin
    : options
      ? `http://${options.hostname ?? options.host}:${options.port ?? 80}`
      : undefined;
  if (options && origin === target) options.headers = { ...options.headers, authorization };
  return httpRequest.apply(this, args);
};
