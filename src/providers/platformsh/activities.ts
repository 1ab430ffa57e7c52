import { z } from 'zod';
import type { RequestContext } from '../../core/http.js';
import type { PlatformshClient } from './client.js';
import * as v from './schemas.js';

/** Newest first, whatever order the API used. */
export function newestFirst(list: readonly v.PlatformshActivity[]): v.PlatformshActivity[] {
  const at = (a: v.PlatformshActivity) => Date.parse(a.created_at ?? '') || 0;
  return [...list].sort((a, b) => at(b) - at(a));
}

/** An environment's activities, newest first. */
export async function environmentActivities(
  client: PlatformshClient,
  ctx: RequestContext,
  projectId: string,
  environmentId: string,
): Promise<v.PlatformshActivity[]> {
  const list = await client.get(
    'list-projects-environments-activities',
    { projectId, environmentId },
    z.array(v.activity),
    ctx,
  );
  return newestFirst(list);
}

/** When a write's answer embeds no activity: the newest one of that type on the environment. */
export async function latestActivity(
  client: PlatformshClient,
  ctx: RequestContext,
  projectId: string,
  environmentId: string,
  type: string,
): Promise<v.PlatformshActivity | undefined> {
  const list = await environmentActivities(client, ctx, projectId, environmentId);
  return list.find((a) => a.type === type);
}

/**
 * The activity a write started: the one of `type` its answer embeds, else its first, else (when
 * the answer embeds none) the newest of that type on the environment.
 */
export async function startedActivity(
  client: PlatformshClient,
  ctx: RequestContext,
  projectId: string,
  environmentId: string,
  embedded: readonly v.PlatformshActivity[],
  type: string,
): Promise<v.PlatformshActivity | undefined> {
  return (
    embedded.find((a) => a.type === type) ??
    embedded[0] ??
    (await latestActivity(client, ctx, projectId, environmentId, type))
  );
}
