import {
  type ListResourcesResult,
  type ListResourceTemplatesResult,
  ProtocolError,
  ProtocolErrorCode,
  type ReadResourceRequest,
  type ReadResourceResult,
  type ServerContext as RequestContext,
  ResourceNotFoundError,
  UriTemplate,
} from '@modelcontextprotocol/server';
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

/** A resource that passed the filters for one context, its URI template parsed. */
export interface PreparedResource {
  definition: ResourceDefinition;
  /** Set for templated resources. */
  template?: UriTemplate;
}

const MIME_TYPE = 'application/json';

/**
 * Filtering and template parsing depend only on the options, so they are done once and shared by
 * every server of a context (HTTP builds one per request); templates are immutable.
 */
export function prepareResources(
  resources: readonly ResourceDefinition[],
  options: RegisterResourceOptions,
): PreparedResource[] {
  return resources
    .filter((r) => !r.supports || options.registry.providersWith(r.supports).length > 0)
    .map((definition) =>
      definition.template ? { definition, template: new UriTemplate(definition.uri) } : { definition },
    );
}

/** The resources/list, resources/templates/list and resources/read handlers, shared by every server. */
export interface ResourceHandlers {
  list(request: unknown, ctx: RequestContext): Promise<ListResourcesResult>;
  templates(): ListResourceTemplatesResult;
  read(request: ReadResourceRequest, ctx: RequestContext): Promise<ReadResourceResult>;
  /** The parsed templates, for completions of their variables. */
  readonly prepared: readonly PreparedResource[];
}

/**
 * Request handlers over prepared resources, built once per context like the tool handlers (see
 * toolHandlers): fixed resources first, then what each template lists; a read tries the fixed
 * URIs, then the templates in order. A URI no resource has and an id the provider does not know
 * are both "not found" (-32602 with the URI in `data`), each with one message saying what to use.
 */
export function resourceHandlers(
  prepared: readonly PreparedResource[],
  options: RegisterResourceOptions,
): ResourceHandlers {
  const metadata = (d: ResourceDefinition) => ({
    title: d.title,
    description: d.description,
    mimeType: MIME_TYPE,
  });
  const fixed = prepared.filter((r) => !r.template);
  const templated = prepared.filter((r) => r.template);
  const fixedListing = fixed.map(({ definition: d }) => ({ uri: d.uri, name: d.name, ...metadata(d) }));
  const templateListing: ListResourceTemplatesResult = {
    resourceTemplates: templated.map(({ definition: d }) => ({
      name: d.name,
      uriTemplate: d.uri,
      ...metadata(d),
    })),
  };
  const known = prepared.map((r) => r.definition.uri).join(', ');

  const read = async (
    definition: ResourceDefinition,
    uri: string,
    variables: Record<string, string>,
    signal: AbortSignal,
  ): Promise<ReadResourceResult> => {
    try {
      const read = await definition.read({ registry: options.registry, call: { signal } }, variables);
      // Provider names and labels are cleaned and kept to one line here too, as in tool results.
      const data = withToolNames(options.redactor.value(read as Record<string, unknown>, cleanInline));
      return { contents: [{ uri, mimeType: MIME_TYPE, text: JSON.stringify(data) }] };
    } catch (error) {
      const failure = toHostingError(error);
      const message = withToolNames(
        options.redactor.text(
          cleanInline(`${failure.message}${failure.hint ? ` Next: ${failure.hint}` : ''}`),
        ),
      );
      if (failure.code === 'not_found') throw new ResourceNotFoundError(uri, message);
      const code =
        failure.code === 'invalid_argument'
          ? ProtocolErrorCode.InvalidParams
          : ProtocolErrorCode.InternalError;
      throw new ProtocolError(code, message);
    }
  };

  return {
    prepared,
    async list(_request, ctx) {
      const listed = [];
      for (const { definition } of templated) {
        if (!definition.list) continue;
        const items = await definition.list({
          registry: options.registry,
          call: { signal: ctx.mcpReq.signal },
        });
        // Names are provider text: cleaned and redacted like everything else the model sees.
        for (const item of options.redactor.value(items, cleanInline))
          listed.push({ ...metadata(definition), ...item });
      }
      return { resources: [...fixedListing, ...listed] };
    },
    templates: () => templateListing,
    async read(request, ctx) {
      const uri = request.params.uri;
      const signal = ctx.mcpReq.signal;
      const exact = fixed.find((r) => r.definition.uri === uri);
      if (exact) return read(exact.definition, uri, {}, signal);
      for (const { definition, template } of templated) {
        const variables = template!.match(uri);
        if (variables) return read(definition, uri, flatten(variables), signal);
      }
      throw new ResourceNotFoundError(uri, `No resource at ${uri}. Resources: ${known}.`);
    },
  };
}

function flatten(variables: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(variables).map(([key, value]) => [key, Array.isArray(value) ? value.join('/') : value]),
  );
}
