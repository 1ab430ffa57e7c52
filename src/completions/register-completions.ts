import {
  type CompleteRequest,
  type CompleteResult,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';
import type { Redactor } from '../core/redact.js';
import type { PromptDefinition } from '../prompts/define-prompt.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { PreparedResource } from '../resources/register-resources.js';
import { ArgumentValues } from './argument-values.js';

const NONE: CompleteResult = { completion: { values: [], total: 0, hasMore: false } };

/**
 * completion/complete over the resource templates' variables and the prompts' arguments, built
 * once per context so the live lists behind them are cached across requests (HTTP builds a server
 * per request). An argument with nothing to offer answers no values; a reference to a template
 * or prompt this server does not have is invalid params.
 */
export function completionHandler(options: {
  registry: ProviderRegistry;
  redactor: Redactor;
  resources: readonly PreparedResource[];
  prompts: ReadonlyMap<string, PromptDefinition>;
}): (request: CompleteRequest) => Promise<CompleteResult> {
  const values = new ArgumentValues(options.registry);
  const variables = new Map(
    options.resources.map((r) => [r.definition.uri, new Set(r.template?.variableNames ?? [])]),
  );
  return async (request) => {
    const { ref, argument } = request.params;
    let names: ReadonlySet<string> | undefined;
    if (ref.type === 'ref/resource') {
      names = variables.get(ref.uri);
      if (!names)
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource template: ${ref.uri}`);
    } else {
      const prompt = options.prompts.get(ref.name);
      if (!prompt) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${ref.name}`);
      names = new Set(prompt.arguments.map((a) => a.name));
    }
    if (!names.has(argument.name) || !values.knows(argument.name)) return NONE;
    const found = await values.complete(argument.name, argument.value, request.params.context?.arguments);
    // Names come from the providers: as untrusted as any other string they send.
    return { completion: { ...found, values: found.values.map((v) => options.redactor.text(v)) } };
  };
}
