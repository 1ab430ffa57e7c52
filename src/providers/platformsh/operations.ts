import { tail } from '../shared.js';
import type { OperationsCapability } from '../types.js';
import type { PlatformshAccount } from './account.js';
import { platformshHandles } from './handles.js';
import { activityOperation } from './map-activity.js';
import { projectOperation } from './map-server.js';
import * as v from './schemas.js';

/** Project provisioning takes minutes; activities are worth a look every few seconds. */
const PROJECT_POLL_MS = 15_000;
const ACTIVITY_POLL_MS = 3_000;

/** A project's creation through its subscription; everything else through its activity. */
export function platformshOperations({ account, client }: PlatformshAccount): OperationsCapability {
  return {
    pollIntervalMs: (handle) => (handle.kind === 'project' ? PROJECT_POLL_MS : ACTIVITY_POLL_MS),
    get: async (ctx, handle) => {
      const op = platformshHandles.read(handle);
      if (op.kind === 'project') {
        const sub = await client.get(
          'get-org-subscription',
          { organization_id: op.ids.organization, subscription_id: op.ids.subscription },
          v.subscription,
          ctx,
        );
        return projectOperation(account, op.ids.organization, sub);
      }
      const projectId = op.ids.project;
      const activity = await client.get(
        'get-projects-activities',
        { projectId, activityId: op.ids.activity },
        v.activity,
        ctx,
      );
      const operation = activityOperation(
        account,
        projectId,
        activity,
        op.kind === 'activity' ? op.ids.environment : undefined,
      );
      if (operation.state === 'failed')
        operation.log_tail = tail((await client.activityLog(activity, ctx)).text);
      return operation;
    },
  };
}
