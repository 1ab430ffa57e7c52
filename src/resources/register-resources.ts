import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { toHostingError } from '../core/errors.js';
import type { Redactor } from '../core/redact.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { ResourceDefinition } from './define-resource.js';

export interface RegisterResourceOptions {
  registry: ProviderRegistry;
  redactor: Redactor;
}

/** Registers resource definitions; every read is redacted, every failure a clear MCP error. */
export function registerResources(
  server: McpServer,
  resources: readonly ResourceDefinition[],
  options: RegisterResourceOptions,
): void {
  for (const resource of resources) {
    if (resource.supports && options.registry.providersWith(resource.supports).length === 0) continue;
    const metadata = {
      title: resource.title,
      description: resource.description,
      mimeType: 'application/json',
    };
    const read = async (
      uri: URL,
      variables: Record<string, string | string[]>,
      signal: AbortSignal,
    ): Promise<ReadResourceResult> => {
      try {
        const flat = Object.fromEntries(
          Object.entries(variables).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]),
        );
        const data = options.redactor.value(
          await resource.read({ registry: options.registry, call: { signal } }, flat),
        );
        return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(data) }] };
      } catch (error) {
        const failure = toHostingError(error);
        const hint = failure.hint ? ` Next: ${failure.hint}` : '';
        const code =
          failure.code === 'not_found' || failure.code === 'invalid_argument'
            ? ErrorCode.InvalidParams
            : ErrorCode.InternalError;
        throw new McpError(code, options.redactor.text(`${failure.message}${hint}`));
      }
    };
    if (!resource.template) {
      server.registerResource(resource.name, resource.uri, metadata, (uri, extra) =>
        read(uri, {}, extra.signal),
      );
      continue;
    }
    const list = resource.list;
    const template = new ResourceTemplate(resource.uri, {
      list: list
        ? async (extra) => ({
            resources: (await list({ registry: options.registry, call: { signal: extra.signal } })).map(
              (item) => ({
                ...item,
                mimeType: 'application/json',
              }),
            ),
          })
        : undefined,
    });
    server.registerResource(resource.name, template, metadata, (uri, variables, extra) =>
      read(uri, variables, extra.signal),
    );
  }
}
