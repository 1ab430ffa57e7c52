import { HostingError } from '../../core/errors.js';
import type { KeyChange } from '../kit/env-file.js';
import { verb } from '../kit/hints.js';
import type { CallContext, EnvCapability, EnvChange } from '../types.js';
import type { CoolifyAccount } from './account.js';
import type { CoolifyOperationId } from './catalog.gen.js';
import { controlResource } from './control.js';
import { coolifyDeployments } from './deployments.js';
import { ENV_SCOPES, inScope, mapEnv } from './map-env.js';
import { type LocatedResource, locateResource, resourceName, resourceUuid } from './resources.js';
import * as v from './schemas.js';

/** Coolify's env operations for each kind of resource: list, bulk upsert, delete one. */
const OPS: Record<
  LocatedResource['kind'],
  { list: CoolifyOperationId; bulk: CoolifyOperationId; remove: CoolifyOperationId }
> = {
  application: {
    list: 'list-envs-by-application-uuid',
    bulk: 'update-envs-by-application-uuid',
    remove: 'delete-env-by-application-uuid',
  },
  service: {
    list: 'list-envs-by-service-uuid',
    bulk: 'update-envs-by-service-uuid',
    remove: 'delete-env-by-service-uuid',
  },
  database: {
    list: 'list-envs-by-database-uuid',
    bulk: 'update-envs-by-database-uuid',
    remove: 'delete-env-by-database-uuid',
  },
};

/** What applies a change: containers read their environment when they are (re)created. */
const APPLIED_BY: Record<LocatedResource['kind'], string> = {
  application: 'the next deployment (build-time variables need the build)',
  service: 'the next restart of the service',
  database: 'the next restart of the database',
};

/**
 * Environment variables of applications, services and databases, per variable: set is one bulk
 * upsert (Coolify's bulk endpoint creates or updates by key), unset one delete per variable. Only
 * the variables of regular deployments change; an application's preview copies (Coolify makes
 * one when a variable is created) stay as they are. Values never leave the process.
 */
export function coolifyEnv(coolify: CoolifyAccount): EnvCapability {
  const { client } = coolify;
  const variables = async (ctx: CallContext, resource: LocatedResource) =>
    client.list(OPS[resource.kind].list, { uuid: resourceUuid(resource) }, v.envList, ctx);

  return {
    scopes: ENV_SCOPES,
    read: async (ctx, ref, scope) => {
      const wanted = scope?.trim().toLowerCase();
      if (wanted && !(ENV_SCOPES as readonly string[]).includes(wanted)) {
        throw new HostingError('invalid_argument', `Coolify has no env scope "${scope}".`, {
          hint: `Scopes: ${ENV_SCOPES.join(', ')} (or none for every variable).`,
        });
      }
      const resource = await locateResource(coolify, ctx, ref);
      const all = await variables(ctx, resource);
      const kept = wanted ? all.filter((env) => inScope(env, wanted as (typeof ENV_SCOPES)[number])) : all;
      return {
        label: `environment variables of ${resource.kind} ${resourceName(resource)}${wanted ? ` (${wanted})` : ''}`,
        variables: kept.map(mapEnv),
      };
    },
    change: async (ctx, ref, change) => {
      const both = change.unset.filter((key) => Object.hasOwn(change.set, key));
      if (both.length) {
        throw new HostingError('invalid_argument', `Set or unset ${both.join(', ')}, not both.`, {
          hint: 'Call again with each key in one of the two.',
        });
      }
      const resource = await locateResource(coolify, ctx, ref);
      const regular = (await variables(ctx, resource)).filter((env) => !env.is_preview);
      const present = new Set(regular.map((env) => env.key));
      const changes: Record<string, KeyChange> = {};
      for (const key of Object.keys(change.set)) changes[key] = present.has(key) ? 'updated' : 'added';
      for (const key of change.unset) changes[key] = present.has(key) ? 'removed' : 'not present';
      const removals = regular.filter((env) => change.unset.includes(env.key));
      const changed = Object.keys(change.set).length > 0 || removals.length > 0;
      const details = { changes, needs_redeploy: changed && !change.redeploy, redeployed: false };
      const name = `${resource.kind} ${resourceName(resource)}`;
      const ops = OPS[resource.kind];
      if (ctx.dryRun) {
        const uuid = resourceUuid(resource);
        return {
          message: `Dry run: nothing was sent. Coolify would get these variables of ${name} changed (values hidden).`,
          details: {
            ...details,
            dry_run: true,
            requests: [
              ...(Object.keys(change.set).length ? [`PATCH /${kindPath(resource)}/${uuid}/envs/bulk`] : []),
              ...removals.map((env) => `DELETE /${kindPath(resource)}/${uuid}/envs/${env.uuid} (${env.key})`),
            ],
          },
        };
      }
      if (!changed) return { message: `Nothing to change in the variables of ${name}.`, details };
      await send(coolify, ctx, resource, change, removals, ops);
      if (!change.redeploy) {
        return {
          message: `Coolify changed the variables of ${name}.`,
          details,
          next_steps: [
            `They apply at ${APPLIED_BY[resource.kind]}: ${resource.kind === 'application' ? verb('deployments.deploy') : verb('siteControl.run')} (or set_env with redeploy: true).`,
          ],
        };
      }
      const applied =
        resource.kind === 'database'
          ? await controlResource(coolify, ctx, resource, 'restart')
          : await coolifyDeployments(coolify).deploy.run(ctx, { site: resourceUuid(resource) }, {});
      return {
        ...applied,
        message: `Coolify changed the variables of ${name}; ${applied.message}`,
        details: { ...details, redeployed: true },
      };
    },
  };
}

function kindPath(resource: LocatedResource): string {
  return `${resource.kind}s`;
}

/** The upsert, then each delete; a failure part-way says what was already changed. */
async function send(
  { client }: CoolifyAccount,
  ctx: CallContext,
  resource: LocatedResource,
  change: EnvChange,
  removals: readonly v.CoolifyEnv[],
  ops: (typeof OPS)[LocatedResource['kind']],
): Promise<void> {
  const uuid = resourceUuid(resource);
  const done: string[] = [];
  try {
    const entries = Object.entries(change.set);
    if (entries.length) {
      const data = entries.map(([key, value]) => ({
        key,
        value,
        // Only the variables of regular deployments; preview ones are their own records.
        ...(resource.kind === 'application' ? { is_preview: false } : {}),
        ...(value.includes('\n') ? { is_multiline: true } : {}),
      }));
      await client.send(ops.bulk, { params: { uuid }, body: { data } }, ctx);
      done.push(`set ${entries.map(([key]) => key).join(', ')}`);
    }
    for (const env of removals) {
      await client.send(ops.remove, { params: { uuid, env_uuid: env.uuid } }, ctx);
      done.push(`removed ${env.key}`);
    }
  } catch (error) {
    if (!(error instanceof HostingError) || done.length === 0) throw error;
    throw new HostingError(error.code, error.message, {
      hint: `${error.hint ?? 'Fix the cause first.'} Already done before this failed: ${done.join('; ')}.`,
      status: error.status,
      details: error.details,
      retryAfterSeconds: error.retryAfterSeconds,
      cause: error,
    });
  }
}
