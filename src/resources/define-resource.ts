import type { ProviderRegistry } from '../providers/registry.js';
import type { CallContext, HostingProvider } from '../providers/types.js';

/**
 * A resource is data too: a fixed URI or a URI template, an optional list of instances, and a
 * reader that returns plain JSON. register-resources.ts does the MCP wiring and redaction.
 */
export interface ResourceContext {
  registry: ProviderRegistry;
  call: CallContext;
}

export interface ListedResource {
  uri: string;
  name: string;
  description?: string;
}

export interface ResourceDefinition {
  name: string;
  title: string;
  description: string;
  /** A fixed URI, or a template with {variables}. */
  uri: string;
  template?: boolean;
  /** Which providers the resource applies to; absent = always registered. */
  supports?: (provider: HostingProvider) => boolean;
  list?(ctx: ResourceContext): Promise<ListedResource[]>;
  read(ctx: ResourceContext, variables: Record<string, string>): Promise<unknown>;
}

export function defineResource(definition: ResourceDefinition): ResourceDefinition {
  return definition;
}
