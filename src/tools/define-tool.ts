import type { z } from 'zod';
import type { Logger } from '../core/logger.js';
import type { Redactor } from '../core/redact.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { CallContext, CapabilityName, HostingProvider } from '../providers/types.js';

/**
 * A tool is data: what the model sees (name, description, arguments, result shape, annotations)
 * and a handler that returns plain data. The generic loop in register-tools.ts adds `provider`,
 * `account`, `dry_run` and `wait_seconds`, filters, narrows, redacts and turns errors into results.
 */

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolContext {
  /** The account the call is for (absent for tools that span all accounts). */
  provider: HostingProvider;
  call: CallContext;
  registry: ProviderRegistry;
  redactor: Redactor;
  logger: Logger;
}

/** Arguments the registration loop adds to a tool's own, when they apply to it. */
export interface CommonArgs {
  /** On writes: stop before the first request that changes anything. */
  dry_run?: boolean;
  /** On confirmable tools: the token of a confirmation_required answer. */
  confirm?: string;
  /** On tools that start or follow long operations. */
  wait_seconds?: number;
  /** Provider-specific arguments of a write verb, split off for the chosen provider to parse. */
  input?: Record<string, unknown>;
}

/** What a handler receives: its own arguments as the schema parsed them, plus the common ones. */
export type ToolArgs<Args extends z.ZodRawShape> = z.output<z.ZodObject<Args>> & CommonArgs;

/** A tool with its argument and result types tied to its schemas. */
export interface TypedTool<Args extends z.ZodRawShape, Output extends z.ZodObject> {
  name: string;
  title: string;
  description: string;
  /** Toolsets group tools so a deployment can expose fewer; "core" is on by default. */
  toolset: string;
  /** The capability group this tool uses, for "not supported" messages. */
  capability?: CapabilityName;
  /** Which configured providers can serve the tool; absent = the tool spans all accounts. */
  supports?: (provider: HostingProvider) => boolean;
  /**
   * Where the provider comes from when not from `provider`/`account` arguments (get_operation reads
   * it from the operation id). When set, those arguments are left out of the schema.
   */
  providerFrom?: (args: z.output<z.ZodObject<Args>>) => { provider: string; account: string };
  /** The tool's own arguments (without provider/account/dry_run/wait_seconds). */
  args: Args;
  /** Provider-specific argument shapes merged into the schema (write verbs). */
  providerArgs?: (provider: HostingProvider) => z.ZodObject | undefined;
  /** Adds `confirm` (a confirmation token) for tools that can send destructive requests. */
  confirmable?: boolean;
  /**
   * For writes: the read that shows whether the write happened (e.g. `list_servers {…}`), named
   * when its outcome is unknown instead of advice to try again.
   */
  checkWith?: (args: ToolArgs<Args>) => string;
  /** Adds `wait_seconds` (0–50) for tools that start long operations. */
  waits?: boolean;
  /** The shape of every successful result: declared to clients as the tool's outputSchema. */
  output: Output;
  annotations: ToolAnnotations;
  handler(args: ToolArgs<Args>, ctx: ToolContext): Promise<z.input<Output>>;
}

/**
 * The registry's view of a tool, its types erased so tools of every shape share one list. Only
 * the registration loop calls `handler`, always with arguments its schema (built from `args`)
 * has just parsed, so each handler gets exactly the type it declared.
 */
export interface ToolDefinition {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly toolset: string;
  readonly capability?: CapabilityName;
  readonly supports?: (provider: HostingProvider) => boolean;
  readonly providerFrom?: (args: Record<string, unknown>) => { provider: string; account: string };
  readonly args: z.ZodRawShape;
  readonly providerArgs?: (provider: HostingProvider) => z.ZodObject | undefined;
  readonly confirmable?: boolean;
  readonly checkWith?: (args: Record<string, unknown>) => string;
  readonly waits?: boolean;
  readonly output: z.ZodObject;
  readonly annotations: ToolAnnotations;
  readonly handler: (args: Record<string, unknown>, ctx: ToolContext) => Promise<object>;
}

export function defineTool<Args extends z.ZodRawShape, Output extends z.ZodObject>(
  tool: TypedTool<Args, Output>,
): ToolDefinition {
  // The one place the argument type is erased; see ToolDefinition.
  return tool as unknown as ToolDefinition;
}

/** Annotations shared by every read tool that calls a provider. */
export const READ: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

/** Annotations of a write that adds something and is not safe to repeat. */
export const CREATE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true,
};
