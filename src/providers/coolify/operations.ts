import { HostingError } from '../../core/errors.js';
import type { OperationsCapability } from '../types.js';
import type { CoolifyAccount } from './account.js';
import { coolifyHandles, NO_RESTART } from './handles.js';
import { certificateOperation } from './map-certificate.js';
import { deploymentOperation, withLogTail } from './map-deployment.js';
import { serverOperation } from './map-server.js';
import { serviceOperation } from './map-service-restart.js';
import * as v from './schemas.js';

/** Validation over SSH takes from seconds to a few minutes (longer with install). */
const SERVER_POLL_MS = 10_000;
const OPERATION_POLL_MS = 5_000;

export function coolifyOperations({ account, client, serviceWindow }: CoolifyAccount): OperationsCapability {
  return {
    pollIntervalMs: (handle) => (handle.kind === 'server' ? SERVER_POLL_MS : OPERATION_POLL_MS),
    get: async (ctx, handle) => {
      const op = coolifyHandles.read(handle);
      switch (op.kind) {
        case 'server': {
          const server = await client.get('get-server-by-uuid', { uuid: op.ids.server }, v.server, ctx);
          return serverOperation(account, server);
        }
        case 'deployment': {
          const { application, deployment } = op.ids;
          const found = await client.get('get-deployment-by-uuid', { uuid: deployment }, v.deployment, ctx);
          return withLogTail(deploymentOperation(account, application, found), found);
        }
        case 'certificate': {
          const { application, domain, restart } = op.ids;
          const [app, deployment] = await Promise.all([
            client.get('get-application-by-uuid', { uuid: application }, v.application, ctx),
            restart === NO_RESTART
              ? undefined
              : client.get('get-deployment-by-uuid', { uuid: restart }, v.deployment, ctx),
          ]);
          const operation = certificateOperation(account, app, domain, deployment);
          return deployment ? withLogTail(operation, deployment) : operation;
        }
        case 'service': {
          const requestedAt = Number(op.ids.requested_at);
          if (!Number.isFinite(requestedAt)) {
            throw new HostingError('invalid_argument', 'The operation id is incomplete.', {
              hint: 'Pass the operation id unchanged.',
            });
          }
          const service = await client.get('get-service-by-uuid', { uuid: op.ids.service }, v.service, ctx);
          return serviceOperation(account, service, requestedAt, Date.now(), serviceWindow);
        }
      }
    },
  };
}
