import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContext } from '../../src/context.js';
import { HostingError } from '../../src/core/errors.js';
import type { CatalogOperation } from '../../src/providers/kit/catalog.js';
import type { ProviderApi } from '../../src/providers/kit/catalog-client.js';
import { PROVIDER_DEFINITIONS } from '../../src/providers/registry.js';
import type { SandboxInstance } from '../../src/providers/types.js';
import { sampleValue } from '../support/sample-value.js';

/**
 * Every operation of every provider's catalog, called once through the real client against the
 * provider's simulator: the count equals the document's, and each answers a status the document
 * lists for it (operations the policy denies are refused before anything is sent).
 */

const DOCUMENTED_COUNTS: Record<string, number> = {
  forge: 279,
  serverpilot: 25,
  coolify: 275,
  panelalpha: 302,
  platformsh: 289,
};

for (const definition of PROVIDER_DEFINITIONS) {
  describe(`every ${definition.id} operation`, () => {
    let sandbox: SandboxInstance;
    let api: ProviderApi | undefined;
    let close: () => Promise<void>;

    beforeAll(async () => {
      sandbox = await definition.sandbox!({ speed: 1 });
      const context = await buildContext({
        accounts: [{ provider: definition.id, name: 'sandbox', settings: sandbox.settings, sandbox: true }],
        rateLimitPerMinute: 0,
        logLevel: 'silent',
      });
      api = context.registry.providers[0]!.api;
      close = async () => {
        await context.registry.close();
        await sandbox.simulator.close();
      };
    });
    afterAll(() => close?.());

    it('has a catalog with the document’s operation count', (ctx) => {
      if (!api) ctx.skip();
      expect(Object.keys(api!.catalog.operations)).toHaveLength(DOCUMENTED_COUNTS[definition.id]!);
    });

    it('answers each operation with a documented status', async (ctx) => {
      if (!api) ctx.skip();
      const catalog = api!.catalog;
      const undocumented: string[] = [];
      for (const op of Object.values(catalog.operations) as CatalogOperation[]) {
        const status = await callOnce(api!, op, sandbox.pathExamples ?? {});
        if (op.risk === 'deny') {
          expect(status, op.id).toBe('refused');
          continue;
        }
        const documented = op.statuses.length ? op.statuses.includes(status as number) : true;
        if (!documented || status === 'refused')
          undocumented.push(`${op.method} ${op.path} (${op.id}) → ${status}`);
      }
      expect(undocumented).toEqual([]);
    }, 120_000);
  });
}

async function callOnce(
  api: ProviderApi,
  op: CatalogOperation,
  ids: Record<string, string>,
): Promise<number | 'refused'> {
  const params: Record<string, string> = {};
  for (const param of op.params) {
    if (param.in !== 'path') continue;
    const schema = param.schema ?? {};
    params[param.name] = ids[param.name] ?? String(sampleValue(schema, api.catalog) ?? '1');
  }
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const param of op.params) {
    if (!param.required || param.in === 'path') continue;
    const value = ids[param.name] ?? String(sampleValue(param.schema ?? {}, api.catalog));
    if (param.in === 'query') query[param.name] = value;
    else headers[param.name] = value;
  }
  const body = op.body ? sampleValue(op.body.schema, api.catalog) : undefined;
  try {
    // Destructive operations go out too: this test stands in for the person who confirms them.
    const policy = { allowDestructive: true, confirm: async () => 'token' as const, audit: () => undefined };
    const response = await api.send(op.id, { params, query, headers, body }, { policy });
    return response.status;
  } catch (error) {
    if (error instanceof HostingError && error.status) return error.status;
    if (error instanceof HostingError && error.code === 'forbidden') return 'refused';
    throw error;
  }
}
