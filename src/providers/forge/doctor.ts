import { parseBody } from '../../core/routes.js';
import type { DoctorCapability, DoctorFinding } from '../types.js';
import type { ForgeClient } from './client.js';
import * as v from './schemas.js';

/**
 * Forge's part of `hosting-mcp doctor`: the token lists its organizations (organizations.index),
 * and the configured organization must be one of them, or the token must see exactly one.
 * Forge's API does not say which scopes a token has, so that is not checked.
 */
export function forgeDoctor(client: ForgeClient, configured: string | undefined): DoctorCapability {
  let slugs: string[] = [];
  return {
    async authenticate(ctx) {
      const response = await client.http.send(client.request('organizations.index'), ctx);
      const body = parseBody(v.page(v.organization), response.body, 'Laravel Forge organizations.index');
      slugs = body.data.map((org) => org.attributes.slug);
      return {
        detail: `token accepted; it sees ${slugs.length} organization${slugs.length === 1 ? '' : 's'}`,
        headers: response.headers,
      };
    },
    checks: [
      {
        name: 'organization',
        async run(ctx): Promise<DoctorFinding> {
          if (configured) {
            return slugs.includes(configured)
              ? { status: 'ok', detail: configured }
              : {
                  status: 'fail',
                  detail: `"${configured}" is not one of the token's organizations (${slugs.join(', ') || 'none'}); fix FORGE_ORGANIZATION or the account's "organization"`,
                };
          }
          try {
            return { status: 'ok', detail: `${await client.org(ctx)} (the token's only organization)` };
          } catch (error) {
            return { status: 'fail', detail: (error as Error).message };
          }
        },
      },
    ],
  };
}
