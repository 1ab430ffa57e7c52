import { z } from 'zod';
import { decodeHandle } from '../core/operations.js';
import { defineTool, READ } from './define-tool.js';
import { follow, lookUp, PresentedOperationSchema } from './present.js';
import { itemResult } from './results.js';

export const operationTools = [
  defineTool({
    name: 'get_operation',
    title: 'Get operation',
    description:
      'Provider-reported state of a long operation (provisioning, install, deployment, certificate). wait_seconds polls at the provider’s pace with progress; call again to keep following.',
    toolset: 'core',
    capability: 'operations',
    supports: (p) => Boolean(p.operations),
    providerFrom: (args) => {
      const handle = decodeHandle(args.operation_id);
      return { provider: handle.provider, account: handle.account };
    },
    args: {
      operation_id: z
        .string()
        .min(3)
        .max(500)
        .describe('operation.id from a write tool or list_deployments.'),
    },
    waits: true,
    output: itemResult('operation', PresentedOperationSchema),
    annotations: READ,
    handler: async (args, { provider, call }) => {
      const handle = decodeHandle(args.operation_id);
      const first = await lookUp(provider, handle, call);
      const operation = await follow(provider, first, args.wait_seconds ?? 0, call, true);
      return { provider: provider.id, account: provider.account, operation };
    },
  }),
];
