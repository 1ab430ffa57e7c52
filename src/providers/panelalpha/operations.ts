import { HostingError } from '../../core/errors.js';
import type { CallContext, Operation, OperationsCapability } from '../types.js';
import type { PanelAlphaAccount } from './account.js';
import { readBackup } from './backups.js';
import { certificatesFor, newer } from './certificates.js';
import { panelalphaHandles } from './handles.js';
import { certificateOperation } from './map-certificate.js';
import { taskOperation } from './map-deployment.js';
import { serverOperation } from './map-server.js';
import { failedAsInstance, failureLog, instanceOperation } from './map-site.js';
import * as v from './schemas.js';

/** Polite polling: PanelAlpha documents no pace, and its work runs on one queue worker. */
const OPERATION_POLL_MS = 5_000;
const SERVER_POLL_MS = 10_000;

export function panelalphaOperations(pa: PanelAlphaAccount): OperationsCapability {
  const { account, client } = pa;
  return {
    pollIntervalMs: (handle) => (handle.kind === 'server' ? SERVER_POLL_MS : OPERATION_POLL_MS),
    get: async (ctx, handle) => {
      const op = panelalphaHandles.read(handle);
      switch (op.kind) {
        case 'server': {
          const found = await client.get(
            'admin-show-server-details',
            { id: op.ids.server },
            v.single(v.server),
            ctx,
          );
          return serverOperation(account, found.data);
        }
        case 'site':
        case 'staging':
          return installOperation(pa, ctx, op.kind, op.ids.site);
        // A push to live and a restore are both followed through their admin task.
        case 'deployment':
        case 'restore': {
          const found = await client.get(
            'admin-check-task-status',
            { id: op.ids.task },
            v.single(v.task),
            ctx,
          );
          return taskOperation(account, op.ids.site, found.data, op.kind);
        }
        case 'certificate': {
          const { ids } = op;
          const cert = newer(await certificatesFor(pa, ctx, ids.user, ids.account, ids.domain), ids.since);
          return certificateOperation(account, ids, cert);
        }
        case 'backup':
          return readBackup(pa, ctx, op.ids);
      }
    },
  };
}

/** An install or staging copy; a failed one may live only in the failed-instances list. */
async function installOperation(
  { account, client }: PanelAlphaAccount,
  ctx: CallContext,
  kind: 'site' | 'staging',
  id: string,
): Promise<Operation> {
  const failed = () =>
    client.get('admin-show-failed-instance-details', { id }, v.single(v.failedInstance), ctx);
  let instance: v.PaInstance;
  try {
    instance = await client.instance(id, ctx);
  } catch (error) {
    if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
    const found = (await failed()).data;
    return instanceOperation(account, kind, failedAsInstance(found), failureLog(found));
  }
  const operation = instanceOperation(account, kind, instance);
  if (operation.state !== 'failed') return operation;
  try {
    return instanceOperation(account, kind, instance, failureLog((await failed()).data));
  } catch {
    // The failure stands on its own; its log is a bonus.
    return operation;
  }
}
