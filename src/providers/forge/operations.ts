import { isDone } from '../kit/status-map.js';
import { tail } from '../shared.js';
import type { OperationsCapability } from '../types.js';
import type { ForgeAccount } from './account.js';
import { forgeHandles } from './handles.js';
import { certificateOperation } from './map-certificate.js';
import { deploymentOperation } from './map-deployment.js';
import { serverOperation } from './map-server.js';
import { siteOperation } from './map-site.js';
import * as v from './schemas.js';
import { backupState, databaseState, rebootState } from './states.js';

/** Forge asks clients to poll a provisioning server at most once every two minutes. */
const SERVER_POLL_MS = 120_000;
const OPERATION_POLL_MS = 5_000;

export function forgeOperations({ account, client }: ForgeAccount): OperationsCapability {
  return {
    pollIntervalMs: (handle) => (handle.kind === 'server' ? SERVER_POLL_MS : OPERATION_POLL_MS),
    get: async (ctx, handle) => {
      const op = forgeHandles.read(handle);
      switch (op.kind) {
        case 'server': {
          const found = await client.get('organizations.servers.show', op.ids, v.single(v.server), ctx);
          return serverOperation(account, found.data);
        }
        case 'site': {
          const found = await client.get(
            'organizations.sites.show',
            { site: op.ids.site },
            v.single(v.site),
            ctx,
          );
          return siteOperation(account, op.ids.server, found.data);
        }
        case 'deployment': {
          const { ids } = op;
          const found = await client.get(
            'organizations.servers.sites.deployments.show',
            ids,
            v.single(v.deployment),
            ctx,
          );
          const operation = deploymentOperation(account, ids.server, ids.site, found.data);
          if (operation.state === 'failed') {
            const log = await client.get(
              'organizations.servers.sites.deployments.log.show',
              ids,
              v.single(v.output),
              ctx,
            );
            operation.log_tail = tail(log.data.attributes.output);
          }
          return operation;
        }
        case 'certificate': {
          const { ids } = op;
          const domainIds = { server: ids.server, site: ids.site, domainRecord: ids.domain };
          const [domain, cert] = await Promise.all([
            client.get('organizations.servers.sites.domains.show', domainIds, v.single(v.domain), ctx),
            client.get(
              'organizations.servers.sites.domains.certificates.show',
              { ...domainIds, certificate: ids.certificate },
              v.single(v.certificate),
              ctx,
            ),
          ]);
          return certificateOperation(
            account,
            { server: ids.server, site: ids.site, domain: ids.domain },
            domain.data,
            cert.data,
          );
        }
        case 'reboot': {
          const found = await client.get('organizations.servers.show', op.ids, v.single(v.server), ctx);
          const status = found.data.attributes.connection_status ?? 'unknown';
          const state = rebootState(status);
          return {
            id: forgeHandles.encode(account, 'reboot', op.ids),
            kind: 'reboot',
            state,
            done: isDone(state),
            status,
            description: `Reboot of server ${found.data.attributes.name}`,
            started_at: null,
            ended_at: null,
            server_id: op.ids.server,
          };
        }
        case 'database': {
          const found = await client.get(
            'organizations.servers.database.schemas.show',
            op.ids,
            v.single(v.database),
            ctx,
          );
          const status = found.data.attributes.status ?? 'unknown';
          const state = databaseState(status);
          return {
            id: forgeHandles.encode(account, 'database', op.ids),
            kind: 'database',
            state,
            done: isDone(state),
            status,
            description: `Database ${found.data.attributes.name}`,
            started_at: found.data.attributes.created_at ?? null,
            ended_at: isDone(state) ? (found.data.attributes.updated_at ?? null) : null,
            server_id: op.ids.server,
          };
        }
        case 'restore': {
          const ids = { server: op.ids.server, database: op.ids.database };
          const found = await client.get(
            'organizations.servers.database.schemas.show',
            ids,
            v.single(v.database),
            ctx,
          );
          const changed = (found.data.attributes.updated_at ?? '') > op.ids.before;
          return {
            id: forgeHandles.encode(account, 'restore', op.ids),
            kind: 'restore',
            state: changed ? 'succeeded' : 'running',
            done: changed,
            status: changed ? 'restored' : 'restoring',
            description: `Restore of database ${found.data.attributes.name}`,
            started_at: null,
            ended_at: changed ? (found.data.attributes.updated_at ?? null) : null,
            server_id: ids.server,
            details: { database_updated_at: found.data.attributes.updated_at ?? null },
          };
        }
        case 'backup': {
          const ids = { server: op.ids.server, backupConfiguration: op.ids.configuration };
          // Forge answers a backup request with no body: the newest backup of the configuration is the one.
          const backup =
            op.ids.backup === 'latest'
              ? (
                  await client.list(
                    'organizations.servers.database.backups.instances.index',
                    ids,
                    v.backup,
                    ctx,
                    1,
                  )
                ).items[0]
              : (
                  await client.get(
                    'organizations.servers.database.backups.instances.show',
                    { ...ids, backup: op.ids.backup },
                    v.single(v.backup),
                    ctx,
                  )
                ).data;
          const status = backup?.attributes.status ?? 'queued';
          const state = backupState(status);
          return {
            id: forgeHandles.encode(account, 'backup', op.ids),
            kind: 'backup',
            state,
            done: isDone(state),
            status,
            description: `Backup${backup ? ` ${op.ids.configuration}-${backup.id}` : ''} of configuration ${op.ids.configuration}`,
            started_at: null,
            ended_at: backup?.attributes.finished_at
              ? new Date(backup.attributes.finished_at * 1000).toISOString()
              : null,
            server_id: op.ids.server,
            details: backup
              ? { backup: `${op.ids.configuration}-${backup.id}`, size_bytes: backup.attributes.size ?? null }
              : undefined,
          };
        }
      }
    },
  };
}
