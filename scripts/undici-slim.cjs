// Bundle-only stand-in for the two undici exports src/core/http.ts uses (Agent, request).
// undici's index loads every feature (fetch, WebSocket, cookies, caches, mocks) at startup, which
// was a fifth of the server's cold start; these two modules are all the provider client needs.
// scripts/build.mjs aliases `undici` to this file for src/core/http.ts only; tests and type checks
// use the real package, and the e2e tests run the bundle. If undici moves these files, the build
// fails to resolve them (it cannot silently change behaviour).
'use strict';
// Required on first use, not at load: a start that sends no request never loads undici's client.
let agent;
let apiRequest;

/** undici.request(url, opts) for absolute URLs with an explicit dispatcher (how http.ts calls it). */
function request(url, opts) {
  if (!opts?.dispatcher) throw new TypeError('undici-slim: request() needs opts.dispatcher');
  const target = new URL(url);
  const { dispatcher, ...rest } = opts;
  apiRequest ??= require('undici/lib/api/api-request.js');
  return apiRequest.call(dispatcher, {
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: opts.method || 'GET',
  });
}

module.exports = {
  get Agent() {
    agent ??= require('undici/lib/dispatcher/agent.js');
    return agent;
  },
  request,
};
