import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import { parseInput } from '../shared.js';
import type { DeploymentsCapability, WriteResult } from '../types.js';
import { type CoolifyAccount, queuedDeployment } from './account.js';
import { deploymentOperation, mapDeployment } from './map-deployment.js';
import { serviceOperation } from './map-service-restart.js';
import * as v from './schemas.js';

const deployInput = z.object({
  force: z.boolean().optional().describe('Coolify: rebuild without cache (services: pull latest images).'),
});

export function coolifyDeployments({
  title,
  account,
  client,
  refs,
  serviceWindow,
}: CoolifyAccount): DeploymentsCapability {
  return {
    deploy: {
      input: deployInput,
      /** Applications deploy through POST /deploy; services have no deployments, so they restart. */
      run: async (ctx, ref, raw): Promise<WriteResult> => {
        const input = parseInput(deployInput, raw, verb('deployments.deploy'), title);
        const site = await refs.site(ctx, ref);
        if (site.kind === 'service') {
          const service = site.service;
          await client.call(
            'restart-service-by-uuid',
            { params: { uuid: service.uuid }, query: { latest: input.force ? true : undefined } },
            v.message,
            ctx,
          );
          return {
            message: `Coolify queued a restart of service "${service.name}"${input.force ? ' with fresh images' : ''}: services are deployed by restarting their containers.`,
            operation: serviceOperation(account, service, Date.now(), Date.now(), serviceWindow),
          };
        }
        const app = site.app;
        const result = await client.call(
          'deploy-by-tag-or-uuid',
          { query: { uuid: app.uuid, force: input.force ? true : undefined } },
          v.deployResult,
          ctx,
        );
        const entry =
          result.deployments?.find((d) => d.resource_uuid === app.uuid) ?? result.deployments?.[0];
        if (!entry?.deployment_uuid) {
          // Coolify answered, and its answer is "not deployed": a failure, whatever the HTTP status.
          throw new HostingError(
            'conflict',
            `Coolify did not queue a deployment of ${app.name}: ${entry?.message ?? 'it gave no reason'}.`,
            {
              hint: `${verb('deployments.list')} shows whether one is already queued or running.`,
              settled: true,
            },
          );
        }
        const deployment = await queuedDeployment(client, ctx, entry.deployment_uuid);
        return {
          message: `Coolify queued deployment ${deployment.deployment_uuid} of ${app.name}${input.force ? ' (no build cache)' : ''}.`,
          operation: deploymentOperation(account, app.uuid, deployment),
          resource: mapDeployment(account, app.uuid, deployment),
        };
      },
    },
    list: async (ctx, ref, query) => {
      const app = await refs.application(ctx, ref, {
        verb: verb('deployments.list'),
        message: 'Coolify keeps no deployment history for services.',
        hint: `${verb('sites.get')} shows the service status; ${verb('logs.read')} source "application" shows its containers’ logs.`,
      });
      const page = await client.deployments(app.uuid, ctx, query.limit);
      return {
        items: page.items.map((d) => mapDeployment(account, app.uuid, d)),
        truncated: page.truncated,
      };
    },
  };
}
