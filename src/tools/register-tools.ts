import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { HostingError, toHostingError } from '../core/errors.js';
import { DryRunStop } from '../core/http.js';
import type { Logger } from '../core/logger.js';
import type { Redactor } from '../core/redact.js';
import { definitionOf, type ProviderRegistry } from '../providers/registry.js';
import type { CallContext, HostingProvider, ProviderId } from '../providers/types.js';
import type { ToolDefinition } from './define-tool.js';

export interface RegisterOptions {
  registry: ProviderRegistry;
  redactor: Redactor;
  logger: Logger;
  readOnly: boolean;
  /** Toolsets to expose. */
  toolsets: readonly string[];
}

export const MAX_WAIT_SECONDS = 50;

/** A tool that passed the filters for one context, with its merged schema built. */
export interface PreparedTool {
  tool: ToolDefinition;
  eligible: ProviderId[];
  schema: z.ZodObject;
  providerKeys: Map<string, Set<ProviderId>>;
}

/**
 * The one loop that turns tool definitions into MCP tools: drops write tools in read-only mode and
 * tools no configured provider supports, narrows `provider` to the providers that do, merges
 * provider-specific arguments, and wraps handlers so results are redacted structured content and
 * failures are isError results that say what to do next.
 */
export function registerTools(
  server: McpServer,
  tools: readonly ToolDefinition[],
  options: RegisterOptions,
): string[] {
  return registerPreparedTools(server, prepareTools(tools, options), options);
}

/**
 * The filtering and schema building, separate from registration: it depends only on the options,
 * so an HTTP server that builds one McpServer per request does it once, not per request. The
 * result holds immutable zod schemas, safe to share between servers.
 */
export function prepareTools(tools: readonly ToolDefinition[], options: RegisterOptions): PreparedTool[] {
  const prepared: PreparedTool[] = [];
  for (const tool of tools) {
    if (options.readOnly && !tool.annotations.readOnlyHint) continue;
    if (!options.toolsets.includes(tool.toolset)) continue;
    const eligible = tool.supports ? options.registry.providersWith(tool.supports) : [];
    if (tool.supports && eligible.length === 0) continue;
    prepared.push({ tool, eligible, ...buildSchema(tool, eligible, options) });
  }
  return prepared;
}

export function registerPreparedTools(
  server: McpServer,
  prepared: readonly PreparedTool[],
  options: RegisterOptions,
): string[] {
  for (const { tool, eligible, schema, providerKeys } of prepared) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: schema,
        annotations: { title: tool.title, ...tool.annotations },
      },
      (args: Record<string, unknown>, extra: RequestHandlerExtra<ServerRequest, ServerNotification>) =>
        runTool(tool, args, extra, eligible, providerKeys, options),
    );
  }
  return prepared.map((p) => p.tool.name);
}

function buildSchema(tool: ToolDefinition, eligible: ProviderId[], options: RegisterOptions) {
  const shape: Record<string, z.ZodType> = {};
  if (tool.supports && !tool.providerFrom) {
    const providerEnum = z
      .enum(eligible as [ProviderId, ...ProviderId[]], {
        error: (issue) => unsupportedMessage(tool, issue.input, eligible, options.registry),
      })
      .describe(eligible.length === 1 ? `Provider (only ${eligible[0]} here).` : 'Provider.');
    shape.provider = eligible.length === 1 ? providerEnum.optional() : providerEnum;
    if (options.registry.hasSeveralAccounts) {
      const names = [...new Set(options.registry.providers.map((p) => p.account))];
      shape.account = z
        .string()
        .optional()
        .describe(`Account name (${names.join(', ')}); see list_accounts.`);
    }
  }
  Object.assign(shape, tool.args);
  // Provider-specific arguments: each is optional in the merged schema (its provider validates it).
  const providerKeys = new Map<string, Set<ProviderId>>();
  if (tool.providerArgs) {
    for (const provider of options.registry.providers) {
      if (!eligible.includes(provider.id)) continue;
      const extra = tool.providerArgs(provider);
      for (const [key, field] of Object.entries(extra?.shape ?? {})) {
        if (!providerKeys.has(key)) providerKeys.set(key, new Set());
        providerKeys.get(key)!.add(provider.id);
        if (!shape[key]) shape[key] = looseField(field as z.ZodType);
      }
    }
  }
  if (!tool.annotations.readOnlyHint) {
    shape.dry_run = z
      .boolean()
      .optional()
      .describe('Return the exact request that would be sent; change nothing.');
  }
  if (tool.waits) {
    shape.wait_seconds = z
      .number()
      .int()
      .min(0)
      .max(MAX_WAIT_SECONDS)
      .optional()
      .describe(
        `Wait up to this many seconds (0-${MAX_WAIT_SECONDS}) for the operation to finish, with progress.`,
      );
  }
  return { schema: z.object(shape), providerKeys };
}

/** Optional, default-free copy of a provider's field: defaults are applied by that provider only. */
function looseField(field: z.ZodType): z.ZodType {
  let inner: z.ZodType = field;
  const description = field.description;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) {
    inner = (inner as z.ZodDefault<z.ZodType> | z.ZodOptional<z.ZodType>).unwrap() as z.ZodType;
  }
  const loose = inner.optional();
  return description ? loose.describe(description) : loose;
}

function unsupportedMessage(
  tool: ToolDefinition,
  input: unknown,
  eligible: ProviderId[],
  registry: ProviderRegistry,
): string {
  const value = String(input);
  const configured = registry.providers.find((p) => p.id === value);
  if (configured) {
    const alternative = tool.capability ? configured.alternatives?.[tool.capability] : undefined;
    return `${configured.title} does not support ${tool.name}.${alternative ? ` ${alternative}` : ''} Providers that do: ${eligible.join(', ')}.`;
  }
  const known = definitionOf(value);
  if (known) return `${known.title} is not configured. Configured for ${tool.name}: ${eligible.join(', ')}.`;
  return `provider must be one of: ${eligible.join(', ')}.`;
}

async function runTool(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
  eligible: ProviderId[],
  providerKeys: Map<string, Set<ProviderId>>,
  options: RegisterOptions,
): Promise<CallToolResult> {
  const started = performance.now();
  const progressToken = extra._meta?.progressToken;
  const call: CallContext = {
    signal: extra.signal,
    dryRun: args.dry_run === true,
    progress:
      progressToken === undefined
        ? undefined
        : (progress, total, message) => {
            extra
              .sendNotification({
                method: 'notifications/progress',
                params: { progressToken, progress, total, message },
              })
              .catch(() => undefined);
          },
  };
  let provider: HostingProvider | undefined;
  try {
    if (tool.supports) {
      const wanted = tool.providerFrom
        ? tool.providerFrom(args)
        : { provider: args.provider as string | undefined, account: args.account as string | undefined };
      provider = options.registry.select({ ...wanted, eligible });
    }
    const handlerArgs = provider ? withProviderInput(args, provider, providerKeys) : args;
    const result = await tool.handler(handlerArgs, {
      provider: provider as HostingProvider,
      call,
      registry: options.registry,
      redactor: options.redactor,
      logger: options.logger,
    });
    log(options.logger, tool, provider, started, 'ok');
    return success(result as Record<string, unknown>, options.redactor);
  } catch (error) {
    if (error instanceof DryRunStop) {
      log(options.logger, tool, provider, started, 'dry_run');
      return success(
        {
          dry_run: true,
          message: 'Nothing was sent. This is the request the call would make (credentials hidden).',
          request: error.planned,
        },
        options.redactor,
      );
    }
    const failure = toHostingError(error);
    log(options.logger, tool, provider, started, failure.code);
    return errorResult(failure, options.redactor);
  }
}

/** Splits provider-specific arguments into `input`, refusing ones the chosen provider does not take. */
function withProviderInput(
  args: Record<string, unknown>,
  provider: HostingProvider,
  providerKeys: Map<string, Set<ProviderId>>,
): Record<string, unknown> {
  if (providerKeys.size === 0) return args;
  const input: Record<string, unknown> = {};
  const foreign: string[] = [];
  for (const [key, owners] of providerKeys) {
    if (args[key] === undefined) continue;
    if (owners.has(provider.id)) input[key] = args[key];
    else foreign.push(key);
  }
  if (foreign.length) {
    throw new HostingError(
      'invalid_argument',
      `${provider.title} does not take ${foreign.map((k) => `\`${k}\``).join(', ')}.`,
      {
        hint: 'Drop those arguments; they belong to other providers.',
      },
    );
  }
  return { ...args, input };
}

/** Fields that hold framed untrusted text: shown verbatim after the JSON, not escaped inside it. */
const FRAMED_FIELDS = ['log', 'log_tail'];

function success(result: Record<string, unknown>, redactor: Redactor): CallToolResult {
  const safe = redactor.value(result);
  return { content: [{ type: 'text', text: renderText(safe) }], structuredContent: safe };
}

/** Compact text: the message, the JSON of the rest, then any framed log text as is. */
export function renderText(result: Record<string, unknown>): string {
  const framed: string[] = [];
  const collect = (value: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (FRAMED_FIELDS.includes(key) && typeof inner === 'string') framed.push(inner);
      else if (inner && typeof inner === 'object' && !Array.isArray(inner))
        out[key] = collect(inner as Record<string, unknown>);
      else out[key] = inner;
    }
    return out;
  };
  const { message, ...rest } = collect(result);
  return [typeof message === 'string' ? message : undefined, JSON.stringify(rest), ...framed]
    .filter(Boolean)
    .join('\n');
}

function errorResult(error: HostingError, redactor: Redactor): CallToolResult {
  const safe = redactor.value(error.toJSON());
  const lines = [`Error (${safe.code}): ${safe.message}`];
  if (safe.hint) lines.push(`Next: ${safe.hint}`);
  if (safe.details) lines.push(`Details: ${JSON.stringify(safe.details)}`);
  return {
    isError: true,
    content: [{ type: 'text', text: lines.join('\n') }],
    structuredContent: { error: safe },
  };
}

function log(
  logger: Logger,
  tool: ToolDefinition,
  provider: HostingProvider | undefined,
  started: number,
  outcome: string,
): void {
  logger.info('tool call', {
    tool: tool.name,
    provider: provider?.id,
    account: provider?.account,
    outcome,
    ms: Math.round(performance.now() - started),
  });
}
