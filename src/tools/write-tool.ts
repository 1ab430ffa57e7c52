import type { z } from 'zod';
import type { CapabilityName, HostingProvider, WriteVerb } from '../providers/types.js';
import {
  CREATE,
  defineTool,
  type ToolAnnotations,
  type ToolArgs,
  type ToolDefinition,
} from './define-tool.js';
import { presentWrite, WriteResultSchema } from './present.js';

/**
 * The four write tools share one shape: a provider verb with its own arguments, a target built
 * from the tool's arguments, an operation handle returned at once, and an optional wait.
 */
export function writeTool<Args extends z.ZodRawShape, Target>(spec: {
  name: string;
  title: string;
  description: string;
  capability: CapabilityName;
  verb: (provider: HostingProvider) => WriteVerb<Target> | undefined;
  args: Args;
  target: (args: ToolArgs<Args>) => Target;
  /** The read that shows whether the write happened, for when its outcome is unknown. */
  checkWith: (args: ToolArgs<Args>) => string;
  /** Defaults to CREATE: adds something, not safe to repeat. */
  annotations?: ToolAnnotations;
  /** Default core. */
  toolset?: string;
  /** Can send a destructive request: takes a confirmation token. */
  confirmable?: boolean;
  /** Whether the work is long (default true): adds wait_seconds. */
  waits?: boolean;
}): ToolDefinition {
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    toolset: spec.toolset ?? 'core',
    capability: spec.capability,
    supports: (p) => Boolean(spec.verb(p)),
    args: spec.args,
    providerArgs: (p) => spec.verb(p)?.input,
    checkWith: spec.checkWith,
    waits: spec.waits ?? true,
    confirmable: spec.confirmable,
    output: WriteResultSchema,
    annotations: spec.annotations ?? CREATE,
    handler: async (args, { provider, call }) => {
      const result = await spec.verb(provider)!.run(call, spec.target(args), args.input ?? {});
      return presentWrite(provider, result, args.wait_seconds, call);
    },
  });
}

/** The site a site-level write acts on. */
export const siteTarget = (args: { site: string; server?: string }) => ({
  site: args.site,
  server: args.server,
});
