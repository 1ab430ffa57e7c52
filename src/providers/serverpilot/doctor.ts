import type { HttpClient } from '../../core/http.js';
import type { DoctorCapability } from '../types.js';

/**
 * ServerPilot's part of `hosting-mcp doctor`: the client id and key list the servers (Servers ›
 * List All Servers). Its API has neither organizations nor scoped keys to check.
 */
export function serverpilotDoctor(http: () => HttpClient): DoctorCapability {
  return {
    async authenticate(ctx) {
      const response = await http().send<{ data?: unknown[] }>(
        { method: 'GET', path: '/servers', route: 'doctor.servers' },
        ctx,
      );
      const count = Array.isArray(response.body?.data) ? response.body.data.length : 0;
      return {
        detail: `client id and key accepted; ${count} server${count === 1 ? '' : 's'}`,
        headers: response.headers,
      };
    },
  };
}
