import type { AddressInfo, Server } from 'node:net';

/**
 * Listens on 127.0.0.1 only (simulators must never be reachable from another machine) and
 * resolves with the origin the server answers at. Takes an HTTP server or a bare net server:
 * the sandbox binds its ports before any simulator, which needs node:http, is loaded.
 */
export function listenOnLoopback(server: Server, port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}
