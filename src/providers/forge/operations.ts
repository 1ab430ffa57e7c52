import { tail } from '../shared.js';
import type { OperationsCapability } from '../types.js';
import type { ForgeAccount } from './account.js';
import { forgeHandles } from './handles.js';
import { certificateOperation } from './map-certificate.js';
import { deploymentOperation } from './map-deployment.js';
import { serverOperation } from './map-server.js';
import { siteOperation } from './map-site.js';
import * as v from './schemas.js';

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
      }
    },
  };
}
