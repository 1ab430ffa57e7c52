import { z } from 'zod';
import type { CallContext } from '../types.js';
import type { CoolifyClient } from './client.js';
import { pickOne } from './pick-one.js';
import * as v from './schemas.js';

/** What every Coolify create names besides the server: a project and one of its environments. */
export const placementInput = {
  project: z.string().min(1).optional().describe('Coolify: project uuid or name (default: the only one).'),
  environment: z
    .string()
    .min(1)
    .max(255)
    .default('production')
    .describe('Coolify: environment name (default production).'),
};

/** An image reference: registry/name:tag or @digest. */
export const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]*$/i;

/** The project of a new resource: by uuid or name, or the team's only one. */
export async function pickProject(
  client: CoolifyClient,
  ctx: CallContext,
  ref: string | undefined,
): Promise<v.CoolifyProject> {
  const projects = await client.list('list-projects', {}, v.projectList, ctx);
  return pickOne(projects, ref, {
    kind: 'project',
    argument: 'project',
    details: 'projects',
    create: 'Create a project in Coolify first',
  });
}
