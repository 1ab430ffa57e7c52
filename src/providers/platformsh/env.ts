import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http.js';
import { verb } from '../kit/hints.js';
import type { EnvCapability, EnvVariable, WriteResult } from '../types.js';
import type { PlatformshAccount } from './account.js';
import type { PlatformshClient } from './client.js';
import { activityOperation } from './map-activity.js';
import { ENV_PREFIX, mapVariable, type VariableLevel, variableKey } from './map-variable.js';
import * as v from './schemas.js';

const SCOPES: readonly VariableLevel[] = ['environment', 'project'];

/** One key's change at the environment level, and the request that makes it (none: nothing to send). */
interface Step {
  key: string;
  result: string;
  write?: { kind: 'create' | 'update' | 'delete'; name: string; id: string };
}

const WRITE_OPS = {
  create: 'create-projects-environments-variables',
  update: 'update-projects-environments-variables',
  delete: 'delete-projects-environments-variables',
} as const;
const METHODS = { create: 'POST', update: 'PATCH', delete: 'DELETE' } as const;

/**
 * Environment and project variables (names, where they apply, whether a value is set; values are
 * dropped at parse time). set_env changes variables of the environment itself, one request per
 * key: an environment variable overrides a project variable of the same name and is inherited by
 * child environments. Platform.sh starts an activity that redeploys an active environment after
 * each change, unless the environment stages changes for a manual deployment: the answer of each
 * write says which, and that is what the result reports.
 */
export function platformshEnv({ account, client, refs }: PlatformshAccount): EnvCapability {
  return {
    scopes: SCOPES,
    read: async (ctx, ref, scope) => {
      const level = parseScope(scope);
      const { projectId, env } = await refs.environment(ctx, ref);
      const [own, shared] = await Promise.all([
        level === 'project' ? [] : environmentVariables(client, ctx, projectId, env.id),
        level === 'environment' ? [] : projectVariables(client, ctx, projectId),
      ]);
      const variables: EnvVariable[] = [
        ...own.map((variable) => mapVariable('environment', variable)),
        ...shared.map((variable) => mapVariable('project', variable)),
      ];
      const of = level ? `${level} variables` : 'environment and project variables';
      return { label: `${of} of environment ${env.id} of project ${projectId}`, variables };
    },
    change: async (ctx, ref, change): Promise<WriteResult> => {
      const { projectId, env } = await refs.environment(ctx, ref);
      const ids = { projectId, environmentId: env.id };
      const [own, shared] = await Promise.all([
        environmentVariables(client, ctx, projectId, env.id),
        projectVariables(client, ctx, projectId),
      ]);
      const steps = plan(own, change.set, change.unset);
      const changes = Object.fromEntries(steps.map((step) => [step.key, step.result]));
      const notes = overrides(steps, shared);
      const writes = steps.filter((step) => step.write);
      const active = env.status === 'active' || env.status === 'dirty';
      if (ctx.dryRun) {
        return {
          message: `Dry run: nothing was sent. ${writes.length} variable request(s) on environment ${env.id} of project ${projectId} (values hidden); Platform.sh redeploys an active environment after each change unless it stages changes.`,
          details: {
            changes,
            needs_redeploy: writes.length > 0 && !active,
            redeployed: false,
            dry_run: true,
            requests: writes.map(
              ({ write }) =>
                `${METHODS[write!.kind]} /projects/${projectId}/environments/${env.id}/variables${write!.kind === 'create' ? '' : `/${write!.name}`}`,
            ),
          },
          next_steps: notes,
        };
      }
      if (!writes.length) {
        return {
          message: `Nothing to change in the variables of environment ${env.id}.`,
          details: { changes, needs_redeploy: false, redeployed: false },
          next_steps: notes,
        };
      }
      const started: v.PlatformshActivity[] = [];
      for (const { key, write } of writes) {
        const { kind, name, id } = write!;
        const value = change.set[key]!;
        const body = kind === 'create' ? { name, value } : kind === 'update' ? { value } : undefined;
        const params = kind === 'create' ? ids : { ...ids, variableId: id };
        started.push(...(await client.act(WRITE_OPS[kind], params, body, ctx)).activities);
      }
      const changed = `${writes.length} variable${writes.length === 1 ? '' : 's'} of environment ${env.id}`;
      const staged = started.filter((a) => a.state === 'staged');
      const running = started.filter((a) => a.state !== 'staged');
      // Each change started its own activity; they run one after another, so the last one is followed.
      if (running.length && !staged.length) {
        const last = running.at(-1)!;
        return {
          message: `Platform.sh changed ${changed} and is redeploying the environment to apply ${writes.length === 1 ? 'it' : 'them'} (activity ${last.id}).`,
          operation: activityOperation(account, projectId, last, env.id),
          details: { changes, needs_redeploy: false, redeployed: true, redeployed_by: 'Platform.sh' },
          next_steps: notes,
        };
      }
      if (!change.redeploy) {
        return {
          message: staged.length
            ? `Platform.sh changed ${changed}; the change waits, staged, until the environment is deployed.`
            : `Platform.sh changed ${changed} and started no redeploy (the environment is ${env.status}).`,
          details: { changes, needs_redeploy: true, redeployed: false },
          next_steps: [...notes, applyHint(env.status, staged.length > 0)],
        };
      }
      if (!staged.length && !active) {
        return {
          message: `Platform.sh changed ${changed}; the environment cannot be redeployed while it is ${env.status}.`,
          details: { changes, needs_redeploy: true, redeployed: false },
          next_steps: [...notes, applyHint(env.status, false)],
        };
      }
      const deploy = staged.length ? 'deploy-environment' : 'redeploy-environment';
      const { activities } = await client.act(deploy, ids, staged.length ? {} : undefined, ctx);
      const activity = activities[0];
      return {
        message: `Platform.sh changed ${changed}${activity ? ` and is ${staged.length ? 'deploying the staged changes' : 'redeploying the environment'} (activity ${activity.id})` : '; the redeploy was accepted but named no activity'}.`,
        ...(activity ? { operation: activityOperation(account, projectId, activity, env.id) } : {}),
        details: { changes, needs_redeploy: false, redeployed: true },
        next_steps: activity ? notes : [...notes, `Check ${verb('deployments.list')} in a moment.`],
      };
    },
  };
}

function parseScope(scope: string | undefined): VariableLevel | undefined {
  if (scope === undefined || scope === '') return undefined;
  const level = SCOPES.find((s) => s === scope.trim().toLowerCase());
  if (!level) {
    throw new HostingError('invalid_argument', `Platform.sh has no variable scope "${scope}".`, {
      hint: `Scopes: ${SCOPES.join(', ')} (leave scope out for both).`,
    });
  }
  return level;
}

/**
 * What each named key becomes at the environment level. A key matches `env:KEY` (preferred: what
 * the application reads as $KEY) or `KEY`; a new key is created as `env:KEY`. A set key wins over
 * the same key in unset. Inherited variables are updated here as an override of the parent's, and
 * are not removed here: they belong to the environment they are inherited from.
 */
export function plan(
  own: readonly v.PlatformshVariable[],
  set: Record<string, string>,
  unset: readonly string[],
): Step[] {
  const find = (key: string) =>
    own.find((variable) => variable.name === `${ENV_PREFIX}${key}`) ??
    own.find((variable) => variable.name === key);
  const steps: Step[] = Object.keys(set).map((key) => {
    const found = find(key);
    if (!found) {
      const name = `${ENV_PREFIX}${key}`;
      return { key, result: 'added', write: { kind: 'create', name, id: name } };
    }
    const write = { kind: 'update', name: found.name, id: found.id ?? found.name } as const;
    return { key, result: found.inherited ? 'updated (overrides the inherited value)' : 'updated', write };
  });
  for (const key of unset) {
    if (Object.hasOwn(set, key)) continue;
    const found = find(key);
    if (!found) steps.push({ key, result: 'not present' });
    else if (found.inherited) steps.push({ key, result: 'not removed: inherited from a parent environment' });
    else
      steps.push({
        key,
        result: 'removed',
        write: { kind: 'delete', name: found.name, id: found.id ?? found.name },
      });
  }
  return steps;
}

/** What the result should add about project variables of the same names. */
function overrides(steps: readonly Step[], shared: readonly v.PlatformshVariable[]): string[] {
  const names = new Set(shared.map((variable) => variableKey(variable.name)));
  const keys = steps.filter((step) => names.has(step.key)).map((step) => step.key);
  if (!keys.length) return [];
  return [
    `${keys.join(', ')} also exist as project variables: the environment's own value overrides them, and removing it here leaves the project's in effect (change project variables with ${verb('api.write')} update-projects-variables).`,
  ];
}

function applyHint(status: string, staged: boolean): string {
  if (staged)
    return `Deploy the staged changes: ${verb('env.change')} with redeploy: true, or ${verb('api.write')} deploy-environment.`;
  if (status === 'paused')
    return `The environment is paused: ${verb('siteControl.run')} start resumes it with the new values.`;
  if (status === 'inactive')
    return `The environment is inactive: it gets the new values when it is activated (${verb('deployments.deploy')} activate: true).`;
  return `${verb('deployments.deploy')} redeploys it with the new values.`;
}

async function environmentVariables(
  client: PlatformshClient,
  ctx: RequestContext,
  projectId: string,
  environmentId: string,
): Promise<v.PlatformshVariable[]> {
  return client.get(
    'list-projects-environments-variables',
    { projectId, environmentId },
    z.array(v.variable),
    ctx,
  );
}

async function projectVariables(
  client: PlatformshClient,
  ctx: RequestContext,
  projectId: string,
): Promise<v.PlatformshVariable[]> {
  return client.get('list-projects-variables', { projectId }, z.array(v.variable), ctx);
}
