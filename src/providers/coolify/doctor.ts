import { HostingError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { cleanLine } from '../../core/untrusted.js';
import type { DoctorCapability, DoctorFinding } from '../types.js';

/** An application uuid no Coolify can have: the ability probes below cannot touch anything. */
const NO_SUCH_APP = 'hosting-mcp-doctor-probe';

/**
 * Coolify's part of `hosting-mcp doctor`. The token reads the version (GET /version needs the
 * `read` ability) and its team (GET /team, "Get the team bound to the API token"). Coolify has no
 * call that lists a token's abilities, but its ability check answers 403 before anything else
 * happens, so `write` and `deploy` are read from the answers to a change and a restart of an
 * application that cannot exist: 403 means the ability is missing; any other answer (404) means
 * Coolify let the request through to find nothing to change.
 */
export function coolifyDoctor(http: () => HttpClient): DoctorCapability {
  return {
    async authenticate(ctx) {
      const response = await http().send<string>(
        { method: 'GET', path: '/version', route: 'doctor.version', responseType: 'text' },
        ctx,
      );
      return {
        detail: `token accepted (read); Coolify ${cleanLine(String(response.body)).trim().slice(0, 40)}`,
        headers: response.headers,
      };
    },
    checks: [
      {
        name: 'team',
        async run(ctx): Promise<DoctorFinding> {
          try {
            const response = await http().send<{ name?: unknown }>(
              { method: 'GET', path: '/team', route: 'doctor.team' },
              ctx,
            );
            const name =
              typeof response.body?.name === 'string' ? cleanLine(response.body.name) : '(unnamed)';
            return { status: 'ok', detail: `the token's team is "${name}"` };
          } catch (error) {
            if (error instanceof HostingError && error.code === 'not_found')
              return { status: 'skip', detail: 'this Coolify does not answer GET /api/v1/team' };
            throw error;
          }
        },
      },
      {
        name: 'token abilities',
        async run(ctx): Promise<DoctorFinding> {
          const probes = {
            write: { method: 'PATCH' as const, path: `/applications/${NO_SUCH_APP}`, body: {} },
            deploy: { method: 'POST' as const, path: `/applications/${NO_SUCH_APP}/restart` },
          };
          const missing: string[] = [];
          for (const [ability, probe] of Object.entries(probes)) {
            try {
              await http().send({ ...probe, route: `doctor.${ability}` }, ctx);
            } catch (error) {
              if (!(error instanceof HostingError)) throw error;
              if (error.code === 'forbidden') missing.push(ability);
              else if (error.status === undefined) throw error;
            }
          }
          const unchecked = 'read:sensitive (deployment logs) cannot be checked without reading secrets';
          return missing.length
            ? {
                status: 'fail',
                detail: `the token lacks ${missing.join(' and ')}: ${missing.includes('deploy') ? 'deploy_site' : 'create_site'} and other writes will be refused (Keys & Tokens → API tokens); ${unchecked}`,
              }
            : { status: 'ok', detail: `read, write, deploy; ${unchecked}` };
        },
      },
    ],
  };
}
