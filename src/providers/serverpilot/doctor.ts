import type { DoctorCapability } from '../types.js';
import type { ServerPilotClient } from './client.js';

/**
 * ServerPilot's part of `hosting-mcp doctor`: the client id and key list the servers (Servers ›
 * List All Servers). Its API has neither organizations nor scoped keys to check.
 */
export function serverpilotDoctor(client: ServerPilotClient): DoctorCapability {
  return {
    async authenticate(ctx) {
      const response = await client.send<{ data?: unknown[] }>('list-servers', {}, ctx);
      const count = Array.isArray(response.body?.data) ? response.body.data.length : 0;
      return {
        detail: `client id and key accepted; ${count} server${count === 1 ? '' : 's'}`,
        headers: response.headers,
      };
    },
  };
}
