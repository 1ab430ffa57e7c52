import type { DoctorCapability, DoctorFinding } from '../types.js';
import type { PlatformshClient } from './client.js';

/**
 * Platform.sh's part of `hosting-mcp doctor`: the API token is exchanged for an access token and
 * reads its user (get-current-user), whose organizations are then listed (list-user-orgs).
 */
export function platformshDoctor(client: PlatformshClient): DoctorCapability {
  let userId: string | undefined;
  return {
    async authenticate(ctx) {
      const response = await client.send<{ id?: unknown }>('get-current-user', {}, ctx);
      userId = typeof response.body?.id === 'string' ? response.body.id : undefined;
      return { detail: 'API token exchanged for an access token and accepted', headers: response.headers };
    },
    checks: [
      {
        name: 'organizations',
        async run(ctx): Promise<DoctorFinding> {
          if (!userId) return { status: 'skip', detail: 'the API did not say which user the token is' };
          const response = await client.send<{ items?: unknown[] }>(
            'list-user-orgs',
            { params: { user_id: userId } },
            ctx,
          );
          const count = Array.isArray(response.body?.items) ? response.body.items.length : 0;
          return count > 0
            ? {
                status: 'ok',
                detail: `the token's user belongs to ${count} organization${count === 1 ? '' : 's'}`,
              }
            : {
                status: 'warn',
                detail: 'the token’s user belongs to no organization: it can create no project',
              };
        },
      },
    ],
  };
}
