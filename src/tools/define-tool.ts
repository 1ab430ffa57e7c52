import type { z } from 'zod';
import type { Logger } from '../core/logger.js';
import type { Redactor } from '../core/redact.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { CallContext, CapabilityName, HostingProvider } from '../providers/types.js';

/**
 * A tool is data: what the model sees (name, description, arguments, annotations) and a handler
 * that returns plain data. The generic loop in register-tools.ts adds `provider`, `account`,
 * `dry_run` and `wait_seconds`, filters, narrows, redacts and turns errors into results.
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

export interface ToolDefinition {
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
  providerFrom?: (args: Record<string, unknown>) => { provider: string; account: string };
  /** The tool's own arguments (without provider/account/dry_run/wait_seconds). */
  args: z.ZodRawShape;
  /** Provider-specific argument shapes merged into the schema (write verbs). */
  providerArgs?: (provider: HostingProvider) => z.ZodObject | undefined;
  /** Adds `confirm` (a confirmation token) for tools that can send destructive requests. */
  confirmable?: boolean;
  /**
   * For writes: the read that shows whether the write happened (e.g. `list_servers {…}`), named
   * when its outcome is unknown instead of advice to try again.
   */
  checkWith?: (args: Record<string, unknown>) => string;
  /** Adds `wait_seconds` (0–50) for tools that start long operations. */
  waits?: boolean;
  annotations: ToolAnnotations;
  // biome-ignore lint/suspicious/noExplicitAny: handlers receive args already validated by the tool's schema.
  handler(args: any, ctx: ToolContext): Promise<unknown>;
}

export function defineTool(definition: ToolDefinition): ToolDefinition {
  return definition;
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
