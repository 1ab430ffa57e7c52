import {
  type GetPromptRequest,
  type GetPromptResult,
  type ListPromptsResult,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';
import type { ProviderRegistry } from '../providers/registry.js';
import type { PromptContext, PromptDefinition } from './define-prompt.js';

/** Longest argument value a prompt takes: names, domains and ids, not documents. */
const MAX_ARGUMENT_LENGTH = 500;

export interface PromptHandlers {
  list(): ListPromptsResult;
  get(request: GetPromptRequest): GetPromptResult;
  /** The prompts offered, for completions of their arguments. */
  readonly prompts: ReadonlyMap<string, PromptDefinition>;
}

/**
 * The prompts this server offers for one context: those whose capability some provider has and
 * whose tools are listed (read-only mode lists no writes, so plans that write are not offered).
 * Built once per context, like the tool handlers.
 */
export function promptHandlers(
  prompts: readonly PromptDefinition[],
  options: { registry: ProviderRegistry; tools: ReadonlySet<string> },
): PromptHandlers | undefined {
  const ctx: PromptContext = { registry: options.registry, has: (tool) => options.tools.has(tool) };
  const offered = new Map(
    prompts
      .filter((p) => options.registry.providersWith(p.capability).length > 0 && p.needs.every(ctx.has))
      .map((p) => [p.name, p]),
  );
  if (offered.size === 0) return undefined;
  const listing: ListPromptsResult = {
    prompts: [...offered.values()].map((p) => ({
      name: p.name,
      title: p.title,
      description: p.description,
      arguments: p.arguments.map((a) => ({
        name: a.name,
        description: a.description,
        required: a.required ?? false,
      })),
    })),
  };
  return {
    prompts: offered,
    list: () => listing,
    get(request) {
      const prompt = offered.get(request.params.name);
      if (!prompt) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Unknown prompt: ${request.params.name}. Prompts: ${[...offered.keys()].join(', ')}.`,
        );
      }
      const args = checkArguments(prompt, request.params.arguments ?? {});
      return {
        description: prompt.description,
        messages: [{ role: 'user', content: { type: 'text', text: prompt.render(args, ctx) } }],
      };
    },
  };
}

/** Known arguments only, trimmed; a missing required one or an oversized value is refused by name. */
function checkArguments(prompt: PromptDefinition, given: Record<string, string>): Record<string, string> {
  const args: Record<string, string> = {};
  const problems: string[] = [];
  for (const argument of prompt.arguments) {
    const value = given[argument.name]?.trim();
    if (!value) {
      if (argument.required) problems.push(`\`${argument.name}\` is required`);
      continue;
    }
    if (value.length > MAX_ARGUMENT_LENGTH) {
      problems.push(`\`${argument.name}\` must be at most ${MAX_ARGUMENT_LENGTH} characters`);
      continue;
    }
    args[argument.name] = value;
  }
  const unknown = Object.keys(given).filter((name) => !prompt.arguments.some((a) => a.name === name));
  if (unknown.length) {
    problems.push(
      `${unknown.map((n) => `\`${n}\``).join(', ')} not taken (arguments: ${prompt.arguments.map((a) => a.name).join(', ')})`,
    );
  }
  if (problems.length) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Invalid arguments for prompt ${prompt.name}: ${problems.join('; ')}.`,
    );
  }
  return args;
}
