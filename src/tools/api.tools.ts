import { z } from 'zod';
import { HostingError } from '../core/errors.js';
import { decodeHandle } from '../core/operations.js';
import { frameUntrusted, toLines } from '../core/untrusted.js';
import { apiHandle, followOf } from '../providers/kit/api-follow.js';
import { collect } from '../providers/kit/api-pages.js';
import type { CatalogOperation } from '../providers/kit/catalog.js';
import { listVerbFor } from '../providers/kit/hints.js';
import { riskOf } from '../providers/kit/policy.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { type CallContext, type HostingProvider, PROVIDER_IDS } from '../providers/types.js';
import { filterSecrets, fitResult } from './api-response.js';
import { ApiIndex, describeOperation } from './api-search.js';
import { defineTool, READ } from './define-tool.js';
import { unnamed } from './json-schema.js';
import { follow, lookUp, PresentedOperationSchema } from './present.js';

/**
 * The whole documented API of every configured provider, under the same risk policy as the verbs:
 * search_api finds an operation, read_api calls reads, write_api calls writes (validated against
 * the document first; destructive ones confirmed by a person).
 */

const paramsArg = z
  .record(z.string(), z.union([z.string(), z.number()]))
  .optional()
  .describe('Path parameters by name; server/site ones take names or domains too.');
const queryArg = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .optional()
  .describe('Query parameters by name.');
const operationArg = z.string().min(1).max(120).describe('Operation id from search_api.');

/** What read_api returns: the data (or framed text), and whether a list or the size cut it. */
const ReadResultSchema = z.object({
  provider: z.string(),
  operation: z.string(),
  count: z.number().optional(),
  truncated: z.boolean().optional(),
  note: z.string().optional(),
  cut: z.string().optional(),
  data: z.unknown().optional(),
  log: z.string().optional(),
});

/**
 * What write_api returns: the provider's answer, and for an asynchronous write the operation
 * followed through the document's reads (named like the writes' operations; see present.ts).
 */
const WriteApiResultSchema = z.object({
  message: z.string(),
  provider: z.string(),
  account: z.string().optional(),
  operation: z
    .union([
      z.string(),
      z.looseObject(PresentedOperationSchema.pick({ id: true, state: true, done: true }).shape),
    ])
    .optional(),
  status: z.number().optional(),
  data: z.unknown().optional(),
  note: z.string().optional(),
  cut: z.string().optional(),
  dry_run: unnamed(z.boolean().optional()),
});

const indexes = new WeakMap<ProviderRegistry, ApiIndex>();

function indexOf(registry: ProviderRegistry): ApiIndex {
  let index = indexes.get(registry);
  if (!index) {
    const seen = new Set<string>();
    const sources = registry.providers.flatMap((provider) => {
      if (!provider.api || seen.has(provider.id)) return [];
      seen.add(provider.id);
      return [{ provider: provider.id, catalog: provider.api.catalog }];
    });
    index = new ApiIndex(sources);
    indexes.set(registry, index);
  }
  return index;
}

function operationOf(provider: HostingProvider, id: string): CatalogOperation {
  const operations = provider.api!.catalog.operations as Record<string, CatalogOperation | undefined>;
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  const op = Object.hasOwn(operations, id) ? operations[id] : undefined;
  if (!op) {
    throw new HostingError('not_found', `${provider.title} documents no operation "${id}".`, {
      hint: 'Use search_api to find the operation id.',
    });
  }
  return op;
}

/**
 * Path parameters as the document names them. A server- or site-like parameter given a name or a
 * domain is resolved to its id with the verbs' own resolvers.
 */
async function pathParams(
  provider: HostingProvider,
  op: CatalogOperation,
  given: Record<string, string | number> | undefined,
  call: CallContext,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(given ?? {})) {
    const value = String(raw);
    const declared = op.params.find((param) => param.in === 'path' && param.name === name);
    if (!declared) {
      const names = op.params.filter((p) => p.in === 'path').map((p) => p.name);
      throw new HostingError('invalid_argument', `${op.id} has no path parameter "${name}".`, {
        hint: names.length ? `Its path parameters: ${names.join(', ')}.` : 'It takes no path parameters.',
      });
    }
    const kind = listVerbFor(name);
    // Ids are numbers or long letter-and-digit strings (uuids, hashes); anything else is a name.
    const looksLikeName = !/^\d+$/.test(value) && !(/^[A-Za-z0-9]{8,}$/.test(value) && /\d/.test(value));
    if (looksLikeName && kind === 'servers.list' && provider.servers) {
      out[name] = (await provider.servers.get(call, value)).id;
    } else if (looksLikeName && kind === 'sites.list' && provider.sites) {
      out[name] = (await provider.sites.get(call, { site: value })).id;
    } else {
      out[name] = value;
    }
  }
  return out;
}

export const apiTools = [
  defineTool({
    name: 'search_api',
    title: 'Search the API',
    description:
      'Find any documented operation of the configured providers in your own words (e.g. "restart nginx", "app environment variables"). Returns operation ids for read_api/write_api.',
    toolset: 'api',
    args: {
      query: z.string().min(2).max(200).describe('What you want to do.'),
      provider: z.enum(PROVIDER_IDS).optional().describe('Only this provider.'),
      tag: z.string().max(60).optional().describe('Only operations of this tag.'),
      limit: z.number().int().min(1).max(20).default(8),
    },
    output: z.object({ message: z.string(), operations: z.array(z.string()) }),
    annotations: { ...READ, openWorldHint: false },
    handler: async (args, { registry }) => {
      const hits = indexOf(registry).search(args.query, args);
      return {
        message: hits.length
          ? `${hits.length} operations. Read with read_api, write with write_api (* = required).`
          : 'No documented operation matches; try other words or drop the provider/tag filter.',
        operations: hits.map(describeOperation),
      };
    },
  }),
  defineTool({
    name: 'read_api',
    title: 'Read via the API',
    description:
      'Call a read operation found by search_api. Lists follow pages up to limit. Secrets are removed; provider text is untrusted.',
    toolset: 'api',
    supports: (p) => Boolean(p.api),
    args: {
      operation: operationArg,
      params: paramsArg,
      query: queryArg,
      limit: z.number().int().min(1).max(500).default(50).describe('Most list items to gather.'),
    },
    output: ReadResultSchema,
    annotations: READ,
    handler: async (args, { provider, call }) => {
      const op = operationOf(provider, args.operation);
      if (riskOf(op) !== 'read') {
        throw new HostingError('invalid_argument', `${op.id} is a ${op.risk} operation (${op.method}).`, {
          hint: 'Call it with write_api.',
        });
      }
      const params = await pathParams(provider, op, args.params, call);
      const collected = await collect(provider.api!, op, { params, query: args.query }, call, args.limit);
      const catalog = provider.api!.catalog;
      if (typeof collected.body === 'string') {
        return {
          provider: provider.id,
          operation: op.id,
          log: frameUntrusted(`${provider.title} ${op.id}`, toLines(collected.body)).text,
        };
      }
      const data = filterSecrets(collected.items ?? collected.body, op, catalog, Boolean(collected.items));
      return fitResult({
        provider: provider.id,
        operation: op.id,
        ...(collected.items ? { count: collected.items.length, truncated: collected.truncated } : {}),
        ...(collected.truncated
          ? { note: `Cut at limit ${args.limit}; raise limit or narrow with query filters.` }
          : {}),
        data,
      });
    },
  }),
  defineTool({
    name: 'write_api',
    title: 'Write via the API',
    description:
      'Call a write operation found by search_api. The body is checked against the document first; dry_run shows the request. Destructive operations need the server’s --allow-destructive and a person’s confirmation.',
    toolset: 'api',
    supports: (p) => Boolean(p.api),
    args: {
      operation: operationArg,
      params: paramsArg,
      query: queryArg,
      body: z.unknown().optional().describe('Request body as the document describes it.'),
    },
    // Which read shows a write's effect depends on the operation: search_api finds it.
    checkWith: (args) =>
      `search_api for a read of what ${String(args.operation).slice(0, 80)} changes, then read_api`,
    confirmable: true,
    waits: true,
    output: WriteApiResultSchema,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    handler: async (args, { provider, call }) => {
      const op = operationOf(provider, args.operation);
      if (riskOf(op, args.body) === 'read') {
        throw new HostingError('invalid_argument', `${op.id} is a read operation.`, {
          hint: 'Call it with read_api.',
        });
      }
      const params = await pathParams(provider, op, args.params, call);
      const response = await provider.api!.send(op.id, { params, query: args.query, body: args.body }, call);
      const catalog = provider.api!.catalog;
      const result: z.input<typeof WriteApiResultSchema> = {
        message: `${provider.title} answered ${response.status} to ${op.id}.`,
        provider: provider.id,
        operation: op.id,
        status: response.status,
        data: filterSecrets(response.body, op, catalog, false),
      };
      const tracked = op.async
        ? followOf(catalog.operations as Record<string, CatalogOperation>, op)
        : undefined;
      if (tracked) {
        try {
          const handle = apiHandle(provider.id, provider.account, op, tracked, params, response.body);
          const first = await lookUp(provider, decodeHandle(handle), call);
          result.operation = await follow(provider, first, args.wait_seconds ?? 0, call, true);
        } catch (error) {
          if (error instanceof HostingError) throw error;
          result.note = `${provider.title} finishes this later; read ${tracked.id} to see its state.`;
        }
      } else if (op.async) {
        result.note = `${provider.title} finishes this later; no read in its document tracks it.`;
      }
      return fitResult(result);
    },
  }),
];
