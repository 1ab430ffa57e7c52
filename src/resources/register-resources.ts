import {
  type ReadResourceCallback,
  type ReadResourceTemplateCallback,
  ResourceTemplate,
} from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ErrorCode,
  type ListResourcesResult,
  type ListResourceTemplatesResult,
  McpError,
  type ReadResourceRequest,
  type ReadResourceResult,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { toHostingError } from '../core/errors.js';
import type { Redactor } from '../core/redact.js';
import { cleanInline } from '../core/untrusted.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { withToolNames } from '../tools/verb-names.js';
import type { ResourceDefinition } from './define-resource.js';

export interface RegisterResourceOptions {
  registry: ProviderRegistry;
  redactor: Redactor;
}

/** A resource ready to serve: its URI or parsed template and its read callback. */
export type PreparedResource =
  | { name: string; uri: string; metadata: ResourceMetadata; read: ReadResourceCallback }
  | { name: string; uri: ResourceTemplate; metadata: ResourceMetadata; read: ReadResourceTemplateCallback };

interface ResourceMetadata {
  title: string;
  description: string;
  mimeType: string;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** The resources/list, resources/templates/list and resources/read handlers, shared by every server. */
export interface ResourceHandlers {
  list(request: unknown, extra: Extra): Promise<ListResourcesResult>;
  templates(): ListResourceTemplatesResult;
  read(request: ReadResourceRequest, extra: Extra): Promise<ReadResourceResult>;
}

/**
 * Request handlers over prepared resources, built once per context like the tool handlers (see
 * toolHandlers). They answer exactly as the SDK's McpServer does: fixed resources first, then what
 * each template's list callback returns; a read tries the fixed URIs, then the templates in order.
 */
export function resourceHandlers(prepared: readonly PreparedResource[]): ResourceHandlers {
  const fixed = new Map<string, PreparedResource & { uri: string }>();
  const templated: Array<PreparedResource & { uri: ResourceTemplate }> = [];
  for (const resource of prepared) {
    if (typeof resource.uri === 'string')
      fixed.set(resource.uri, resource as PreparedResource & { uri: string });
    else templated.push(resource as PreparedResource & { uri: ResourceTemplate });
  }
  const fixedListing = [...fixed.values()].map((r) => ({ uri: r.uri, name: r.name, ...r.metadata }));
  const templateListing: ListResourceTemplatesResult = {
    resourceTemplates: templated.map((t) => ({
      name: t.name,
      uriTemplate: t.uri.uriTemplate.toString(),
      ...t.metadata,
    })),
  };
  return {
    async list(_request, extra) {
      const listed = [];
      for (const template of templated) {
        const list = template.uri.listCallback;
        if (!list) continue;
        for (const resource of (await list(extra)).resources)
          listed.push({ ...template.metadata, ...resource });
      }
      return { resources: [...fixedListing, ...listed] };
    },
    templates: () => templateListing,
    async read(request, extra) {
      const uri = new URL(request.params.uri);
      const href = uri.toString();
      const resource = fixed.get(href);
      if (resource) return (resource.read as ReadResourceCallback)(uri, extra);
      for (const template of templated) {
        const variables = template.uri.uriTemplate.match(href);
        if (variables) return (template.read as ReadResourceTemplateCallback)(uri, variables, extra);
      }
      throw new McpError(ErrorCode.InvalidParams, `Resource ${uri} not found`);
    },
  };
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
        // Provider names and labels are cleaned and kept to one line here too, as in tool results.
        const data = withToolNames(
          options.redactor.value(
            await resource.read({ registry: options.registry, call: { signal } }, flat),
            cleanInline,
          ),
        );
        return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(data) }] };
      } catch (error) {
        const failure = toHostingError(error);
        const hint = failure.hint ? ` Next: ${failure.hint}` : '';
        const code =
          failure.code === 'not_found' || failure.code === 'invalid_argument'
            ? ErrorCode.InvalidParams
            : ErrorCode.InternalError;
        throw new McpError(
          code,
          withToolNames(options.redactor.text(cleanInline(`${failure.message}${hint}`))),
        );
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
            // Names are provider text: cleaned and redacted like everything else the model sees.
            resources: options.redactor
              .value(await list({ registry: options.registry, call: { signal: extra.signal } }), cleanInline)
              .map((item) => ({ ...item, mimeType: 'application/json' })),
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
