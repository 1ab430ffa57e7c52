import { z } from 'zod';
import { HostingError } from '../core/errors.js';
import {
  BackupSchema,
  DatabaseSchema,
  EnvVariableSchema,
  type PlaceRef,
  type WriteResult,
} from '../providers/types.js';
import { limitArg, serverArg, siteArg, siteServerArg } from './args.js';
import { CREATE, defineTool, READ } from './define-tool.js';
import { presentWrite, WriteResultSchema } from './present.js';
import { accountFields, listResult } from './results.js';
import { readCall } from './write-outcome.js';
import { siteTarget, writeTool } from './write-tool.js';

/**
 * Everyday operations with one shape on every provider that has them: environment variables
 * (names only, values never shown), start/stop/restart, databases and backups. Each is a verb of a
 * capability group; a provider without it answers with what to use instead.
 */

const OPS = 'ops';

const placeArgs = {
  server: z.string().optional().describe('Server id or name.'),
  site: z.string().optional().describe('Site id or domain (for providers that keep these per site).'),
};

const placeTarget = (args: { server?: string; site?: string }): PlaceRef => {
  const place = { server: args.server, site: args.site };
  if (!place.server && !place.site) {
    throw new HostingError('invalid_argument', 'Pass `server` or `site`.', {
      hint: 'Databases and backups live on a server (Forge, ServerPilot, Coolify) or a site (PanelAlpha, Platform.sh).',
    });
  }
  return place;
};

const envKey = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/,
    'a variable name: letters, digits, _ . - (not starting with a digit)',
  );

/** Stopping or rebooting takes a live site offline: the policy asks a person first. */
const DISRUPTIVE = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

export const opsTools = [
  defineTool({
    name: 'get_env',
    title: 'Get environment variables',
    description:
      'Names of a site’s environment variables, where each applies, and whether a value is set. Values are never shown.',
    toolset: OPS,
    capability: 'env',
    supports: (p) => Boolean(p.env),
    args: {
      site: siteArg,
      server: siteServerArg,
      scope: z.string().max(60).optional().describe('Provider scope, if any.'),
    },
    output: z.object({ ...accountFields, of: z.string(), variables: z.array(EnvVariableSchema) }),
    annotations: READ,
    handler: async (args, { provider, call }) => {
      const { label, variables } = await provider.env!.read(
        call,
        { site: args.site, server: args.server },
        args.scope,
      );
      return { provider: provider.id, account: provider.account, of: label, variables };
    },
  }),
  defineTool({
    name: 'set_env',
    title: 'Set environment variables',
    description:
      'Sets and removes only the named variables (others untouched, values never shown). Says if a redeploy is needed; redeploys only with redeploy: true.',
    toolset: OPS,
    capability: 'env',
    supports: (p) => Boolean(p.env),
    args: {
      site: siteArg,
      server: siteServerArg,
      set: z.record(envKey, z.string().max(32_768)).default({}).describe('KEY: value to add or replace.'),
      unset: z.array(envKey).max(200).default([]).describe('Keys to remove.'),
      redeploy: z.boolean().default(false).describe('Redeploy/restart so the change takes effect.'),
    },
    output: WriteResultSchema,
    annotations: { ...CREATE, idempotentHint: true },
    checkWith: (args) => readCall('get_env', args, ['site', 'server']),
    handler: async (args, { provider, call, redactor }) => {
      // The values are secrets from here on: no result, log line or audit line shows them.
      for (const value of Object.values(args.set)) redactor.addSecret(value);
      const result = await provider.env!.change(
        call,
        { site: args.site, server: args.server },
        { set: args.set, unset: args.unset, redeploy: args.redeploy },
      );
      return presentWrite(provider, changesAsList(result), undefined, call);
    },
  }),
  writeTool({
    name: 'control_site',
    title: 'Start, stop or restart a site',
    description: 'start, stop or restart a site. stop takes it offline: destructive, a person confirms it.',
    toolset: OPS,
    capability: 'siteControl',
    verb: (p) =>
      p.siteControl && {
        input: z.object({}),
        run: (ctx, target: { site: string; server?: string; action: 'start' | 'stop' | 'restart' }) =>
          p.siteControl!.run(ctx, { site: target.site, server: target.server }, target.action),
      },
    args: { site: siteArg, server: siteServerArg, action: z.enum(['start', 'stop', 'restart']) },
    target: (args) => ({ ...siteTarget(args), action: args.action as 'start' | 'stop' | 'restart' }),
    checkWith: (args) => readCall('get_site', args, ['site', 'server']),
    annotations: DISRUPTIVE,
    confirmable: true,
  }),
  writeTool({
    name: 'control_server',
    title: 'Restart a service or reboot a server',
    description:
      'restart_service (nginx, php, mysql, postgres, redis, supervisor …) or reboot. reboot is destructive: a person confirms it.',
    toolset: OPS,
    capability: 'serverControl',
    verb: (p) =>
      p.serverControl && {
        input: z.object({}),
        run: (ctx, target: { server: string; action: 'restart_service' | 'reboot'; service?: string }) =>
          p.serverControl!.run(ctx, target.server, target.action, target.service),
      },
    args: {
      server: serverArg,
      action: z.enum(['restart_service', 'reboot']),
      service: z.string().max(40).optional().describe('For restart_service, e.g. nginx, php8.3.'),
    },
    target: (args) => ({
      server: String(args.server),
      action: args.action as 'restart_service' | 'reboot',
      service: args.service as string | undefined,
    }),
    checkWith: (args) => readCall('get_server', args, ['server']),
    annotations: DISRUPTIVE,
    confirmable: true,
  }),
  defineTool({
    name: 'list_databases',
    title: 'List databases',
    description: 'Databases of a server (or site), with type and status.',
    toolset: OPS,
    capability: 'databases',
    supports: (p) => Boolean(p.databases),
    args: { ...placeArgs, limit: limitArg(100, 500) },
    output: listResult('databases', DatabaseSchema),
    annotations: READ,
    handler: async (args, { provider, call }) => {
      const list = await provider.databases!.list(call, placeTarget(args), { limit: args.limit });
      return {
        provider: provider.id,
        account: provider.account,
        databases: list.items,
        truncated: list.truncated,
      };
    },
  }),
  writeTool({
    name: 'create_database',
    title: 'Create a database',
    description:
      'Creates a database (and user). A password is written to a 0600 file named in the result, never shown.',
    toolset: OPS,
    capability: 'databases',
    verb: (p) => p.databases?.create,
    args: {
      ...placeArgs,
      name: z.string().min(1).max(64).describe('Database name.'),
      type: z
        .string()
        .max(40)
        .optional()
        .describe('Engine where the provider offers several, e.g. postgresql.'),
      user: z.string().min(1).max(64).optional().describe('Database user to create with it.'),
    },
    target: (args) => ({ ...placeTarget(args), name: args.name, type: args.type, user: args.user }),
    checkWith: (args) => readCall('list_databases', args, ['server', 'site']),
  }),
  defineTool({
    name: 'list_backups',
    title: 'List backups',
    description: 'Backups of a server’s databases or of a site, newest first, with state and size.',
    toolset: OPS,
    capability: 'backups',
    supports: (p) => Boolean(p.backups),
    args: { ...placeArgs, limit: limitArg(50, 500) },
    output: listResult('backups', BackupSchema),
    annotations: READ,
    handler: async (args, { provider, call }) => {
      const list = await provider.backups!.list(call, placeTarget(args), { limit: args.limit });
      return {
        provider: provider.id,
        account: provider.account,
        backups: list.items,
        truncated: list.truncated,
      };
    },
  }),
  writeTool({
    name: 'create_backup',
    title: 'Create a backup',
    description: 'Starts a backup now; returns an operation id to follow.',
    toolset: OPS,
    capability: 'backups',
    verb: (p) => p.backups?.create,
    args: placeArgs,
    target: placeTarget,
    checkWith: (args) => readCall('list_backups', args, ['server', 'site']),
  }),
  defineTool({
    name: 'restore_backup',
    title: 'Restore a backup',
    description:
      'Restores a backup over live data: destructive, a person confirms it (what is overwritten, which backup).',
    toolset: OPS,
    capability: 'backups',
    supports: (p) => Boolean(p.backups),
    args: { ...placeArgs, backup: z.string().min(1).max(200).describe('Backup id from list_backups.') },
    confirmable: true,
    waits: true,
    output: WriteResultSchema,
    annotations: DISRUPTIVE,
    handler: async (args, { provider, call }) => {
      const result = await provider.backups!.restore(call, placeTarget(args), args.backup);
      return presentWrite(provider, result, args.wait_seconds, call);
    },
  }),
];

/**
 * Which keys changed, as `[{key, change}]`: keyed by their own names, the change word of a key like
 * STRIPE_SECRET_KEY would be masked by the redactor's rule for secret-named fields.
 */
function changesAsList(result: WriteResult): WriteResult {
  const changes = result.details?.changes;
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return result;
  const list = Object.entries(changes as Record<string, unknown>).map(([key, change]) => ({ key, change }));
  return { ...result, details: { ...result.details, changes: list } };
}
