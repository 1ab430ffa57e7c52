import type { DoctorCapability } from '../types.js';
import type { PanelAlphaClient } from './client.js';

/**
 * PanelAlpha's part of `hosting-mcp doctor`: the admin token lists hosting servers
 * (admin-list-servers). Its API does not describe a token's permissions.
 */
export function panelalphaDoctor(client: PanelAlphaClient): DoctorCapability {
  return {
    async authenticate(ctx) {
      const response = await client.http.send(client.request('admin-list-servers'), ctx);
      return { detail: 'admin token accepted', headers: response.headers };
    },
  };
}
