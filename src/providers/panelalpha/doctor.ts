import type { HttpClient } from '../../core/http.js';
import type { DoctorCapability } from '../types.js';

/**
 * PanelAlpha's part of `hosting-mcp doctor`: the admin token lists hosting servers (Admin ›
 * Hosting Servers › List servers). Its API does not describe a token's permissions.
 */
export function panelalphaDoctor(http: () => HttpClient): DoctorCapability {
  return {
    async authenticate(ctx) {
      const response = await http().send(
        { method: 'GET', path: '/admin/servers', route: 'doctor.servers' },
        ctx,
      );
      return { detail: 'admin token accepted', headers: response.headers };
    },
  };
}
