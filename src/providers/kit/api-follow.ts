import { HostingError } from '../../core/errors.js';
import { encodeHandle, type OperationHandle } from '../../core/operations.js';
import type { Operation } from '../types.js';
import type { CatalogOperation } from './catalog.js';
import type { ClientContext, ProviderApi } from './catalog-client.js';
import { isDone, statusMap } from './status-map.js';

/**
 * Follows an asynchronous write sent through the whole-API tools: the handle names the read that
 * shows the work's state (the policy's `follow`, else the resource the write created or changed)
 * and its path parameters. The state comes from the provider's own status word; an unknown word is
 * never success. A resource gone after a delete is the delete done.
 */

const GENERIC_STATE = statusMap({
  succeeded: [
    'installed',
    'finished',
    'success',
    'succeeded',
    'successful',
    'complete',
    'completed',
    'created',
    'active',
    'enabled',
    'ready',
    'deployed',
    'done',
    'connected',
    'available',
    'synced',
    'disabled',
    'stopped',
  ],
  failed: ['failed', 'error', 'errored', 'failure', 'timeout', 'failed-unknown', 'failed-runner'],
  cancelled: ['cancelled', 'canceled', 'cancelled-by-user'],
  pending: ['pending', 'queued', 'scheduled', 'waiting', 'open', 'staged', 'requested'],
});

/** The read that tracks an async write, and where its parameters come from. */
export function followOf(
  ops: Record<string, CatalogOperation>,
  op: CatalogOperation,
): CatalogOperation | undefined {
  if (op.async?.follow) return ops[op.async.follow];
  const reads = Object.values(ops).filter((candidate) => candidate.method === 'GET');
  const isItemOf = (path: string) =>
    path.startsWith(`${op.path}/{`) && /^\{[^}/]+\}$/.test(path.slice(op.path.length + 1));
  const itemRead = reads.find((read) => isItemOf(read.path));
  if (op.method === 'POST' && itemRead) return itemRead;
  const same = reads.find((read) => read.path === op.path);
  if (same && op.method !== 'POST') return same;
  const parent = reads.find((read) => read.path === op.path.slice(0, op.path.lastIndexOf('/')));
  return parent ?? same;
}

/**
 * The handle of an async write: the follow read and its path parameters. Those the write's own path
 * has are carried over; a read below the write (the created item) or elsewhere (an action, an
 * activity) takes its last parameter from the id in the write's answer.
 */
export function apiHandle(
  provider: string,
  account: string,
  write: CatalogOperation,
  follow: CatalogOperation,
  params: Record<string, string>,
  body: unknown,
): string {
  const needed = [...follow.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const within = write.path === follow.path || write.path.startsWith(`${follow.path}/`);
  const carried: Record<string, string> = {};
  needed.forEach((name, index) => {
    const fromBody = !within && index === needed.length - 1 ? idIn(body) : undefined;
    const value = fromBody ?? params[name];
    if (value === undefined || value === '') throw new Error(`no value for ${name}`);
    carried[name] = value;
  });
  return encodeHandle({
    provider,
    account,
    kind: 'api',
    ids: [
      follow.id,
      Buffer.from(JSON.stringify(carried)).toString('base64url'),
      write.method === 'DELETE' ? 'delete' : 'write',
    ],
  });
}

export async function apiOperation(
  api: ProviderApi,
  handle: OperationHandle,
  ctx: ClientContext,
): Promise<Operation> {
  const [followId, encoded, kind] = handle.ids;
  const op = followId ? (api.catalog.operations as Record<string, CatalogOperation>)[followId] : undefined;
  let params: Record<string, string>;
  try {
    params = JSON.parse(Buffer.from(encoded ?? '', 'base64url').toString('utf8'));
  } catch {
    params = {};
  }
  if (op?.method !== 'GET' || !params || typeof params !== 'object') {
    throw new HostingError('invalid_argument', 'The operation id is incomplete.', {
      hint: 'Pass the operation id unchanged.',
    });
  }
  const base = {
    id: encodeHandle(handle),
    kind: 'api',
    started_at: null,
    ended_at: null,
    description: `${op.summary} (${op.id})`,
  };
  try {
    const { body } = await api.send(op.id, { params }, ctx);
    const word = statusWord(body);
    if (word === undefined) {
      return {
        ...base,
        state: 'succeeded',
        done: true,
        status: 'no status reported',
        details: { note: 'The provider reports no status for this resource; it exists now.' },
      };
    }
    const state = GENERIC_STATE(word);
    return { ...base, state, done: isDone(state), status: word };
  } catch (error) {
    if (kind === 'delete' && error instanceof HostingError && error.code === 'not_found') {
      return { ...base, state: 'succeeded', done: true, status: 'gone' };
    }
    throw error;
  }
}

/** The status word of a body: `status`/`state` at the top, in `data`, or in JSON:API attributes; a `result` decides a finished activity. */
function statusWord(body: unknown): string | undefined {
  const record = (value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  const top = record(body);
  const data = record(top?.data);
  for (const node of [record(data?.attributes), data, top]) {
    if (!node) continue;
    if ((node.state === 'complete' || node.state === 'completed') && typeof node.result === 'string') {
      return node.result;
    }
    for (const key of ['status', 'state']) {
      if (typeof node[key] === 'string') return node[key] as string;
    }
  }
  return undefined;
}

function idIn(body: unknown): string | undefined {
  const top = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const embedded = top._embedded as { activities?: Array<{ id?: unknown }> } | undefined;
  const data = top.data && typeof top.data === 'object' ? (top.data as Record<string, unknown>) : undefined;
  for (const value of [embedded?.activities?.[0]?.id, data?.id, data?.uuid, top.id, top.uuid, top.actionid]) {
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}
