import {
  type CallToolRequest,
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type InputRequiredResult,
  inputRequired,
  type ListToolsResult,
  ProtocolError,
  ProtocolErrorCode,
  type ServerContext as RequestContext,
  type Tool,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import { argumentProblems, describeIssue, invalidArguments } from '../core/argument-problems.js';
import { HostingError, toHostingError } from '../core/errors.js';
import { DryRunStop, type WriteRecord } from '../core/http.js';
import type { Logger } from '../core/logger.js';
import type { Redactor, StringCleaner } from '../core/redact.js';
import { cleanInline, cleanMultiline, isFramed } from '../core/untrusted.js';
import { loadJsonValidator } from '../json-validator.js';
import { definitionOf, type ProviderRegistry } from '../providers/registry.js';
import type { CallContext, HostingProvider, ProviderId } from '../providers/types.js';
import {
  type AskInResult,
  AskPerson,
  type CallPolicy,
  callPolicy,
  type Elicit,
  type PolicyOptions,
} from './call-policy.js';
import type { ToolDefinition } from './define-tool.js';
import { toInputJsonSchema, toOutputJsonSchema } from './json-schema.js';
import { mergeProviderArgs } from './merge-args.js';
import { withToolNames } from './verb-names.js';
import { withWriteOutcome } from './write-outcome.js';

export interface RegisterOptions {
  registry: ProviderRegistry;
  redactor: Redactor;
  logger: Logger;
  readOnly: boolean;
  /** The risk policy's switch, audit log and confirmation tokens; absent = writes unaudited, nothing destructive. */
  policy?: PolicyOptions;
  /** Shrinks poll intervals in the sandbox, whose clock runs faster (applied in follow()). */
  pollScale?: number;
  /** Toolsets to expose. */
  toolsets: readonly string[];
}

export const MAX_WAIT_SECONDS = 50;

/** A tool that passed the filters for one context, with its schemas built. */
export interface PreparedTool {
  tool: ToolDefinition;
  eligible: ProviderId[];
  schema: z.ZodObject;
  providerKeys: Map<string, Set<ProviderId>>;
  /** What tools/list shows for it. */
  listing: Tool;
}

/**
 * The one loop that turns tool definitions into MCP tools: drops write tools in read-only mode and
 * tools no configured provider supports, narrows `provider` to the providers that do, merges
 * provider-specific arguments, and wraps handlers so results are redacted structured content and
 * failures are isError results that say what to do next.
 *
 * It depends only on the options, so an HTTP server that builds one MCP server per request does
 * it once, not per request. The result holds immutable zod schemas and JSON, safe to share.
 */
export function prepareTools(tools: readonly ToolDefinition[], options: RegisterOptions): PreparedTool[] {
  const prepared: PreparedTool[] = [];
  for (const tool of tools) {
    if (options.readOnly && !tool.annotations.readOnlyHint) continue;
    if (!options.toolsets.includes(tool.toolset)) continue;
    const eligible = tool.supports ? options.registry.providersWith(tool.supports) : [];
    if (tool.supports && eligible.length === 0) continue;
    const { schema, providerKeys } = buildSchema(tool, eligible, options);
    // Arguments only one of several providers takes stay accepted but are listed by list_accounts,
    // not here: they were half of the tool list, which every session pays for.
    const providerOnly =
      eligible.length > 1 ? [...providerKeys].filter(([, owners]) => owners.size === 1) : [];
    const inputSchema = toInputJsonSchema(
      providerOnly.length
        ? schema.omit(Object.fromEntries(providerOnly.map(([key]) => [key, true])) as never)
        : schema,
    );
    const listing: Tool = {
      name: tool.name,
      title: tool.title,
      description: providerOnly.length
        ? `${tool.description} Provider-only arguments: list_accounts.`
        : tool.description,
      inputSchema,
      outputSchema: toOutputJsonSchema(tool.output),
      annotations: tool.annotations,
    };
    prepared.push({ tool, eligible, schema, providerKeys, listing });
  }
  return prepared;
}

/** The tools/list and tools/call handlers of one set of prepared tools, shared by every server. */
export interface ToolHandlers {
  list(): ListToolsResult;
  /** `handshake`: what a 2025-era client declared at initialize (a 2026-07-28 one, per request). */
  call(
    request: CallToolRequest,
    ctx: RequestContext,
    handshake?: ClientCapabilities,
  ): Promise<CallToolResult | InputRequiredResult>;
}

/** How the person at the client can be asked, where a tool needs to. */
interface ClientAbilities {
  /** The client can ask its user a question (elicitation/create, a 2025-era request to it). */
  elicitation: boolean;
  /** A 2026-07-28 client that can ask its user: the question travels in the result instead. */
  askInResult?: AskInResult;
}

/**
 * A 2025-era client declares elicitation at the handshake and is asked by a request to it; a
 * 2026-07-28 client declares it in each request's envelope and is asked by the result
 * (input_required), its next call bringing the answer and the state the result carried.
 */
function clientAbilities(ctx: RequestContext, handshake?: ClientCapabilities): ClientAbilities {
  const { envelope } = ctx.mcpReq;
  if (!envelope) return { elicitation: Boolean(handshake?.elicitation) };
  const declared = (envelope as Record<string, ClientCapabilities | undefined>)[CLIENT_CAPABILITIES_META_KEY];
  if (!declared?.elicitation) return { elicitation: false };
  const response = ctx.mcpReq.inputResponses?.[CONFIRM_KEY];
  const state = ctx.mcpReq.requestState();
  return {
    elicitation: false,
    askInResult: {
      answer: response == null ? undefined : answerOf(response),
      // The state comes back from the client: only a string can be one of our tokens.
      state: typeof state === 'string' ? state : undefined,
    },
  };
}

/**
 * Request handlers over prepared tools, built once per context, so a server per request costs
 * two handler registrations instead of one registration object per tool (HTTP builds one per
 * POST; those objects were most of what each request left for the garbage collector to promote).
 *
 * Errors follow the spec's split: a tool name that does not exist is a protocol error (the
 * client asked for something the server never offered), while arguments that fail the schema are
 * an isError result the model can read and correct, naming each field and what it allows.
 */
export function toolHandlers(prepared: readonly PreparedTool[], options: RegisterOptions): ToolHandlers {
  const byName = new Map(prepared.map((p) => [p.tool.name, p]));
  // Answered from the listing built once: the SDK's McpServer would rebuild every JSON schema
  // on each tools/list. Results need no era projection: structuredContent is always an object
  // and every output schema has an object root, the one case both eras encode unchanged.
  const listing: ListToolsResult = { tools: prepared.map((p) => p.listing) };
  return {
    list: () => listing,
    async call(request, ctx, handshake) {
      const name = request.params.name;
      const found = byName.get(name);
      if (!found) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Unknown tool: ${cleanInline(name).slice(0, 100)}`,
        );
      }
      const broken = brokenText(request.params.arguments);
      if (broken !== undefined) {
        const problem = { field: broken, problem: 'is not valid text (it contains a lone UTF-16 surrogate)' };
        return errorResult(invalidArguments(name, [problem]), options.redactor);
      }
      const parsed = await found.schema.safeParseAsync(request.params.arguments ?? {}, {
        error: describeIssue,
      });
      if (!parsed.success) {
        return errorResult(invalidArguments(name, argumentProblems(parsed.error)), options.redactor);
      }
      const { tool, eligible, providerKeys } = found;
      return runTool(
        tool,
        parsed.data,
        ctx,
        eligible,
        providerKeys,
        options,
        clientAbilities(ctx, handshake),
      );
    },
  };
}

/**
 * The argument path (e.g. `site`) of the first string that is not valid UTF-16, or undefined.
 * Such a string cannot be encoded into a URL or a header: it is refused up front, by name,
 * rather than failing deep inside a provider call.
 */
function brokenText(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path || 'arguments' : undefined;
  if (!value || typeof value !== 'object' || depth > 8) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = brokenText(inner, path ? `${path}.${key}` : key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function buildSchema(tool: ToolDefinition, eligible: ProviderId[], options: RegisterOptions) {
  const shape: Record<string, z.ZodType> = {};
  if (tool.supports && !tool.providerFrom) {
    const providerEnum = z.enum(eligible as [ProviderId, ...ProviderId[]], {
      error: (issue) => withToolNames(unsupportedMessage(tool, issue.input, eligible, options.registry)),
    });
    shape.provider = eligible.length === 1 ? providerEnum.optional() : providerEnum;
    if (options.registry.hasSeveralAccounts) {
      const names = [...new Set(options.registry.providers.map((p) => p.account))];
      shape.account = z
        .string()
        .optional()
        .describe(`Account: ${names.join(', ')}.`);
    }
  }
  Object.assign(shape, tool.args);
  // Provider-specific arguments, merged so each provider validates its own (see merge-args.ts).
  const providers = options.registry.providers.filter((p) => eligible.includes(p.id));
  const merged = mergeProviderArgs(
    tool.providerArgs
      ? providers.flatMap((p) => {
          const input = tool.providerArgs!(p);
          return input ? [{ provider: p.id, shape: input.shape }] : [];
        })
      : [],
  );
  for (const [key, field] of Object.entries(merged.shape)) shape[key] ??= field;
  const providerKeys = merged.owners;
  // dry_run and wait_seconds carry no description: the server's instructions say once what they
  // do for every tool, rather than every write repeating it in tools/list.
  if (!tool.annotations.readOnlyHint) shape.dry_run = z.boolean().optional();
  if (tool.confirmable) {
    shape.confirm = z
      .string()
      .max(200)
      .optional()
      .describe('Token from a confirmation_required answer, after the user agreed to that plan.');
  }
  if (tool.waits) {
    shape.wait_seconds = z.number().int().min(0).max(MAX_WAIT_SECONDS).optional();
  }
  return { schema: z.object(shape), providerKeys };
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
  if (input === undefined) return `is required: one of ${eligible.join(', ')}.`;
  return `must be one of: ${eligible.join(', ')}.`;
}

/**
 * Progress for a call, when the client asked for it (a progress token). Each notification must
 * carry a larger `progress` than the one before, whatever the provider reports, so a value that
 * does not increase is not sent; `total` goes out only when known. `sent` settles once every
 * notification is out: the result waits for it, so the last one (the bar at 100 %) cannot arrive
 * after the result that ends the call.
 */
function progressFor(ctx: RequestContext): { report?: CallContext['progress']; sent(): Promise<void> } {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return { sent: async () => undefined };
  let last = Number.NEGATIVE_INFINITY;
  let queue = Promise.resolve();
  return {
    report: (progress, total, message) => {
      if (!(progress > last)) return;
      last = progress;
      const params = { progressToken, progress, ...(total === undefined ? {} : { total }), message };
      queue = queue
        .then(() => ctx.mcpReq.notify({ method: 'notifications/progress', params }))
        .catch(() => undefined);
    },
    sent: () => queue,
  };
}

async function runTool(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  ctx: RequestContext,
  eligible: ProviderId[],
  providerKeys: Map<string, Set<ProviderId>>,
  options: RegisterOptions,
  client?: ClientAbilities,
): Promise<CallToolResult | InputRequiredResult> {
  const started = performance.now();
  const writes: WriteRecord[] = [];
  const progress = progressFor(ctx);
  const call: CallContext = {
    signal: ctx.mcpReq.signal,
    dryRun: args.dry_run === true,
    pollScale: options.pollScale,
    writes,
    progress: progress.report,
  };
  let provider: HostingProvider | undefined;
  let policy: CallPolicy | undefined;
  const audited = (outcome: string, result?: Record<string, unknown>) => {
    if (tool.annotations.readOnlyHint || !policy) return;
    const operation = (result?.operation as { id?: string } | undefined)?.id;
    try {
      policy.auditTool(outcome, operation);
    } catch (error) {
      options.logger.error('audit log not written', { tool: tool.name, error: String(error) });
    }
  };
  try {
    if (tool.supports) {
      const wanted = tool.providerFrom
        ? tool.providerFrom(args)
        : { provider: args.provider as string | undefined, account: args.account as string | undefined };
      provider = options.registry.select({ ...wanted, eligible });
      if (options.policy) {
        policy = callPolicy(options.policy, {
          tool: tool.name,
          provider,
          token: typeof args.confirm === 'string' ? args.confirm : undefined,
          elicit: client?.elicitation ? elicitThrough(ctx) : undefined,
          ask: client?.askInResult,
          redactor: options.redactor,
        });
        call.policy = policy;
      }
    }
    const handlerArgs = provider ? withProviderInput(args, provider, providerKeys) : args;
    const result = await tool.handler(handlerArgs, {
      // Tools that span all accounts (no `supports`) never read it.
      provider: provider as HostingProvider,
      call,
      registry: options.registry,
      redactor: options.redactor,
      logger: options.logger,
    });
    log(options.logger, tool, provider, started, 'ok');
    const value = result as Record<string, unknown>;
    audited('ok', value);
    await progress.sent();
    return success(
      policy?.confirmedBy ? { ...value, confirmed_by: policy.confirmedBy } : value,
      options.redactor,
      forModel,
    );
  } catch (error) {
    if (error instanceof AskPerson) {
      log(options.logger, tool, provider, started, 'confirmation_asked');
      audited('confirmation_asked');
      return askPerson(error);
    }
    if (error instanceof DryRunStop) {
      log(options.logger, tool, provider, started, 'dry_run');
      audited('dry_run');
      return success(
        {
          dry_run: true,
          message: 'Nothing was sent. This is the request the call would make (credentials hidden).',
          provider: provider?.id,
          account: provider?.account,
          request: error.planned,
        },
        options.redactor,
        // The planned body is the model's own text; its line breaks are shown (as JSON escapes).
        cleanMultiline,
      );
    }
    const failure = withWriteOutcome(toHostingError(error), writes, tool.checkWith?.(args));
    log(options.logger, tool, provider, started, failure.code);
    audited(failure.code);
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
    const takers = (key: string) => [...(providerKeys.get(key) ?? [])].join(', ');
    throw new HostingError(
      'invalid_argument',
      `${provider.title} does not take ${foreign.map((k) => `\`${k}\``).join(', ')}.`,
      {
        hint: 'Drop those arguments; they belong to other providers.',
        fields: foreign.map((key) => ({
          field: key,
          problem: `is not taken by ${provider.title} (only by ${takers(key)})`,
        })),
      },
    );
  }
  return { ...args, input };
}

/** Fields that hold framed untrusted text: shown verbatim after the JSON, not escaped inside it. */
const FRAMED_FIELDS = ['log', 'log_tail'];

/**
 * Every string of a result may carry provider text (names, labels, messages): each is cleaned of
 * control, bidi and invisible characters and kept to one line before redaction. Framed text keeps
 * its lines: the frame is what makes them safe.
 */
const forModel: StringCleaner = (text, key) =>
  key !== undefined && FRAMED_FIELDS.includes(key) && isFramed(text)
    ? cleanMultiline(text)
    : cleanInline(text);

/** Longest string an error shows: enough for any message of ours, never a 200 KB argument echoed back. */
const MAX_ERROR_STRING = 1_000;

const forError: StringCleaner = (text) => {
  const line = cleanInline(text);
  return line.length > MAX_ERROR_STRING ? `${line.slice(0, MAX_ERROR_STRING)}… [cut]` : line;
};

/**
 * `data` is a provider's own answer as the whole-API tools return it: its strings are cleaned but
 * keep their line breaks (a script, a config file), which stay JSON escapes inside the result.
 */
function success(result: object, redactor: Redactor, clean: StringCleaner): CallToolResult {
  const { data, ...rest } = result as Record<string, unknown>;
  const safe = withToolNames(redactor.value(rest, clean));
  if (data !== undefined) safe.data = redactor.value(data, cleanMultiline);
  return { content: [{ type: 'text', text: renderText(safe) }], structuredContent: safe };
}

/** Compact text: the message, the JSON of the rest, then any framed log text as is. */
export function renderText(result: Record<string, unknown>): string {
  const framed: string[] = [];
  const collect = (value: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (FRAMED_FIELDS.includes(key) && typeof inner === 'string' && isFramed(inner)) framed.push(inner);
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
  const safe = withToolNames(redactor.value(error.toJSON(), forError));
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

/** The same yes/no question as elicitThrough, carried by the result (2026-07-28 multi-round-trip). */
function askPerson(ask: AskPerson): InputRequiredResult {
  return inputRequired({
    inputRequests: {
      [CONFIRM_KEY]: inputRequired.elicit({ message: ask.question, requestedSchema: CONFIRM_SCHEMA }),
    },
    requestState: ask.state,
  });
}

/** The key of the confirmation in a multi-round-trip exchange (inputRequests / inputResponses). */
const CONFIRM_KEY = 'confirm';

const CONFIRM_SCHEMA = {
  type: 'object' as const,
  properties: { confirm: { type: 'boolean' as const, title: 'Send this request', default: false } },
  required: ['confirm'],
};

/**
 * A person's answer to the yes/no question, in either era: accepting without the box ticked is a
 * no. The answer is the client's input, read without trusting its shape.
 */
function answerOf(response: unknown): 'accept' | 'decline' | 'cancel' {
  const { action, content } = (response ?? {}) as { action?: unknown; content?: { confirm?: unknown } };
  if (action === 'accept') return content?.confirm === true ? 'accept' : 'decline';
  return action === 'decline' ? 'decline' : 'cancel';
}

/** Asks the client's user through elicitation/create (2025 era): a yes/no on the plan in the message. */
function elicitThrough(ctx: RequestContext): Elicit {
  return async (message) => {
    await loadJsonValidator();
    const answer = await ctx.mcpReq.elicitInput(
      {
        message,
        requestedSchema: CONFIRM_SCHEMA,
      },
      { timeout: 120_000 },
    );
    return answerOf(answer);
  };
}
