import { logNeeds, unknownLogSource } from '../shared.js';
import type { CallContext, LogRequest, LogSource, LogsCapability, LogText } from '../types.js';
import { compareIds, type PanelAlphaAccount } from './account.js';
import { taskLine, taskText } from './map-deployment.js';
import * as v from './schemas.js';
import { taskState } from './states.js';

/** Most log entries read for one tail. */
const LOG_SCAN = 1000;

const LOG_SOURCES: readonly LogSource[] = [
  { id: 'instance', needs: 'site', description: "a site's activity log" },
  { id: 'server', needs: 'none', description: 'hosting server logs (server narrows to one)' },
  {
    id: 'tasks',
    needs: 'none',
    description: 'background tasks (site narrows; id = one task’s log)',
  },
];

export function panelalphaLogs(pa: PanelAlphaAccount): LogsCapability {
  return { sources: LOG_SOURCES, read: (ctx, request) => readLog(pa, ctx, request) };
}

async function readLog(pa: PanelAlphaAccount, ctx: CallContext, request: LogRequest): Promise<LogText> {
  const { title, client, refs } = pa;
  switch (request.source) {
    case 'instance': {
      if (!request.site) throw logNeeds('site', request.source);
      const site = await refs.site(ctx, { site: request.site, server: request.server });
      const user = await refs.user(ctx, undefined, site.user_id);
      const page = await client.list(
        'list-instance-logs',
        { id: site.id },
        v.logEntry,
        ctx,
        LOG_SCAN,
        {},
        user,
      );
      return {
        label: `activity log of ${site.domain}`,
        text: chronological(page.items).map(logLine).join('\n'),
        complete: true,
      };
    }
    case 'server': {
      const server = request.server ? await refs.server(ctx, request.server) : undefined;
      const page = await client.list('admin-list-server-logs', {}, v.logEntry, ctx, LOG_SCAN);
      const entries = page.items.filter((entry) => !server || entry.server_id === server.id);
      return {
        label: server ? `logs of hosting server ${server.name}` : 'hosting server logs',
        text: chronological(entries).map(logLine).join('\n'),
        complete: true,
      };
    }
    case 'tasks': {
      if (request.id) {
        const found = await client.get('admin-check-task-status', { id: request.id }, v.single(v.task), ctx);
        const task = found.data;
        const state = taskState(task.status);
        return {
          label: `task ${task.id} (${task.status})`,
          text: [taskLine(task), taskText(task)].filter(Boolean).join('\n'),
          complete: state !== 'pending' && state !== 'running',
        };
      }
      const site = request.site
        ? await refs.site(ctx, { site: request.site, server: request.server })
        : undefined;
      const page = await client.list('admin-list-tasks', {}, v.task, ctx, 200, {
        search_term: site?.domain,
      });
      return {
        label: site ? `tasks of ${site.domain}` : 'recent tasks',
        text: [...page.items]
          .sort((a, b) => compareIds(a.id, b.id))
          .map(taskLine)
          .join('\n'),
        complete: true,
      };
    }
    default:
      throw unknownLogSource(title, request.source, LOG_SOURCES);
  }
}

/** One log entry as one line: time, level, message. */
function logLine(entry: v.PaLogEntry): string {
  return [entry.created_at, entry.level ? `[${entry.level}]` : null, entry.message ?? '']
    .filter((part) => part !== null && part !== undefined && part !== '')
    .join(' ');
}

function chronological<T extends { id: string | null; created_at?: string | null }>(
  items: readonly T[],
): T[] {
  return [...items].sort(
    (a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || compareIds(a.id ?? '0', b.id ?? '0'),
  );
}
