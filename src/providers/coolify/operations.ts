import { HostingError } from '../../core/errors.js';
import { isDone } from '../kit/status-map.js';
import type { CallContext, Operation, OperationsCapability } from '../types.js';
import type { CoolifyAccount } from './account.js';
import { newestFirst } from './backups.js';
import type { CoolifyClient } from './client.js';
import { coolifyHandles, NO_EXECUTION, NO_RESTART } from './handles.js';
import { mapBackup } from './map-backup.js';
import { certificateOperation } from './map-certificate.js';
import {
  CONTROLLED,
  type Controlled,
  type ControlTarget,
  controlOperation,
  WANTS,
  type Want,
} from './map-control.js';
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
        case 'control': {
          const { resource, uuid, want } = op.ids;
          const requestedAt = Number(op.ids.requested_at);
          if (
            !CONTROLLED.includes(resource as Controlled) ||
            !WANTS.includes(want as Want) ||
            !Number.isFinite(requestedAt)
          ) {
            throw new HostingError('invalid_argument', 'The operation id is incomplete.', {
              hint: 'Pass the operation id unchanged.',
            });
          }
          const target = await controlled(client, ctx, resource as Controlled, uuid);
          return controlOperation(account, target, want as Want, requestedAt, Date.now(), serviceWindow);
        }
        case 'backup':
          return backupOperation(client, account, ctx, op.ids);
      }
    },
  };
}

/** The status of what a control action changed, as Coolify reads it now. */
async function controlled(
  client: CoolifyClient,
  ctx: CallContext,
  resource: Controlled,
  uuid: string,
): Promise<ControlTarget> {
  switch (resource) {
    case 'application': {
      const app = await client.get('get-application-by-uuid', { uuid }, v.application, ctx);
      return { resource, uuid, name: app.name, status: app.status || 'unknown' };
    }
    case 'service': {
      const service = await client.get('get-service-by-uuid', { uuid }, v.service, ctx);
      return { resource, uuid, name: service.name, status: service.status || 'unknown' };
    }
    case 'database': {
      const db = await client.get('get-database-by-uuid', { uuid }, v.database, ctx);
      return { resource, uuid, name: db.name, status: db.status || 'unknown' };
    }
    case 'proxy': {
      const [server, proxy] = await Promise.all([
        client.get('get-server-by-uuid', { uuid }, v.server, ctx),
        client.get('get-server-proxy', { uuid }, v.proxy, ctx),
      ]);
      return { resource, uuid, name: server.name, status: proxy.status || 'unknown' };
    }
  }
}

/**
 * A backup asked for now: Coolify answers without naming the run, so it is the configuration's
 * first execution newer than the one before the request. Until it appears, the backup is queued.
 */
async function backupOperation(
  client: CoolifyClient,
  account: string,
  ctx: CallContext,
  ids: { database: string; configuration: string; previous: string },
): Promise<Operation> {
  const params = { uuid: ids.database, scheduled_backup_uuid: ids.configuration };
  const [db, { executions }] = await Promise.all([
    client.get('get-database-by-uuid', { uuid: ids.database }, v.database, ctx),
    client.get('list-backup-executions', params, v.backupExecutions, ctx),
  ]);
  const newest = newestFirst(executions)[0];
  const run = newest && newest.uuid !== ids.previous ? newest : undefined;
  const backup = run ? mapBackup(db, { uuid: ids.configuration }, run) : undefined;
  return {
    id: coolifyHandles.encode(account, 'backup', ids),
    kind: 'backup',
    state: backup?.state ?? 'pending',
    done: backup ? isDone(backup.state) : false,
    status: backup?.status ?? 'queued',
    description: `Backup of database ${db.name}`,
    started_at: backup?.created_at ?? null,
    ended_at: backup?.finished_at ?? null,
    site_id: ids.database,
    details: backup
      ? { backup: backup.id, size_bytes: backup.size_bytes, file: backup.details?.file }
      : {
          note: `No run of configuration ${ids.configuration} has started since the request${ids.previous === NO_EXECUTION ? '' : ` (the last one is ${ids.previous})`}.`,
        },
  };
}
