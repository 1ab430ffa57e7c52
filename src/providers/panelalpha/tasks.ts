import type { RequestContext } from '../../core/http.js';
import type { PanelAlphaClient } from './client.js';
import * as v from './schemas.js';

/**
 * Admin tasks about a site, found by its domain in the task list, whose type or name says they
 * are of one kind (`what`). A write that answers no task id (a push to live, a restore) is
 * followed through the task of its kind that was not listed before it.
 */
export async function siteTasks(
  client: PanelAlphaClient,
  ctx: RequestContext,
  domain: string,
  what: RegExp,
): Promise<{ tasks: v.PaTask[]; truncated: boolean }> {
  const page = await client.list('admin-list-tasks', {}, v.task, ctx, 100, { search_term: domain });
  return {
    tasks: page.items.filter((task) => what.test(`${task.type} ${task.name}`)),
    truncated: page.truncated,
  };
}
