import {
  type McpServer,
  type ReadResourceCallback,
  type ReadResourceTemplateCallback,
  ResourceTemplate,
} from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { toHostingError } from '../core/errors.js';
import type { Redactor } from '../core/redact.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { ResourceDefinition } from './define-resource.js';

export interface RegisterResourceOptions {
  registry: ProviderRegistry;
  redactor: Redactor;
}

/** A resource ready to register: its URI or parsed template and its read callback. */
export type PreparedResource =
  | { name: string; uri: string; metadata: ResourceMetadata; read: ReadResourceCallback }
  | { name: string; uri: ResourceTemplate; metadata: ResourceMetadata; read: ReadResourceTemplateCallback };

interface ResourceMetadata {
  title: string;
  description: string;
  mimeType: string;
}

/** Registers resource definitions; every read is redacted, every failure a clear MCP error. */
export function registerResources(
  server: McpServer,
  resources: readonly ResourceDefinition[],
  options: RegisterResourceOptions,
): void {
  registerPreparedResources(server, prepareResources(resources, options));
}

export function registerPreparedResources(server: McpServer, prepared: readonly PreparedResource[]): void {
  for (const resource of prepared) {
    if (typeof resource.uri === 'string') {
      server.registerResource(
        resource.name,
        resource.uri,
        resource.metadata,
        resource.read as ReadResourceCallback,
      );
    } else {
      server.registerResource(
        resource.name,
        resource.uri,
        resource.metadata,
        resource.read as ReadResourceTemplateCallback,
      );
    }
  }
}

/**
 * Filtering, template parsing and callbacks depend only on the options, so they are built once
 * and shared by every server of a context (HTTP builds one per request); templates are immutable.
 */
export function prepareResources(
  resources: readonly ResourceDefinition[],
  options: RegisterResourceOptions,
): PreparedResource[] {
  const prepared: PreparedResource[] = [];
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
      prepared.push({
        name: resource.name,
        uri: resource.uri,
        metadata,
        read: ((uri, extra) => read(uri, {}, extra.signal)) satisfies ReadResourceCallback,
      });
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
    prepared.push({
      name: resource.name,
      uri: template,
      metadata,
      read: ((uri, variables, extra) =>
        read(uri, variables, extra.signal)) satisfies ReadResourceTemplateCallback,
    });
  }
  return prepared;
}
