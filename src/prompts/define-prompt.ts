import type { ProviderRegistry } from '../providers/registry.js';
import type { CapabilityName } from '../providers/types.js';

/**
 * A prompt is data too: a name, the arguments a person fills in, and a renderer that writes the
 * plan as a message for the model. A prompt only names tools (the ones this server lists right
 * now); it never calls one, and every write it mentions comes with a dry run and a question to
 * the person first.
 */
export interface PromptArgument {
  name: string;
  description: string;
  required?: boolean;
}

export interface PromptContext {
  registry: ProviderRegistry;
  /** Whether this server lists a tool (toolsets, read-only mode and providers decide). */
  has(tool: string): boolean;
}

export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  arguments: readonly PromptArgument[];
  /** Offered only when some configured provider has this capability. */
  capability: CapabilityName;
  /** Offered only when the server lists these tools (a plan it cannot carry out is not offered). */
  needs: readonly string[];
  render(args: Readonly<Record<string, string>>, ctx: PromptContext): string;
}

export function definePrompt(definition: PromptDefinition): PromptDefinition {
  return definition;
}
