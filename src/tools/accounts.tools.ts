import { z } from 'zod';
import { CAPABILITY_NAMES, type HostingProvider, type WriteVerb } from '../providers/types.js';
import { defineTool } from './define-tool.js';

/** Write verbs whose arguments differ per provider, by tool name. */
function verbsOf(provider: HostingProvider): Record<string, WriteVerb<never> | undefined> {
  return {
    create_server: provider.servers?.create as WriteVerb<never> | undefined,
    create_site: provider.sites?.create as WriteVerb<never> | undefined,
    deploy_site: provider.deployments?.deploy as WriteVerb<never> | undefined,
    issue_certificate: provider.certificates?.issue as WriteVerb<never> | undefined,
    create_database: provider.databases?.create as WriteVerb<never> | undefined,
    create_backup: provider.backups?.create as WriteVerb<never> | undefined,
  };
}

/** Built once per account: rendering the schemas took about 3 ms of CPU, on every list_accounts. */
const argumentsByProvider = new WeakMap<HostingProvider, Record<string, Record<string, string>>>();

/**
 * This provider's own arguments of each write tool, one line each ("values or type — meaning"):
 * the tool list leaves out what only one provider takes, so this is where the model finds them.
 */
function providerArguments(provider: HostingProvider): Record<string, Record<string, string>> {
  const known = argumentsByProvider.get(provider);
  if (known) return known;
  const out: Record<string, Record<string, string>> = {};
  for (const [tool, verb] of Object.entries(verbsOf(provider))) {
    const shape = verb?.input.shape ?? {};
    const args = Object.entries(shape).map(([name, field]) => {
      const json = z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' }) as {
        type?: string;
        enum?: unknown[];
        description?: string;
      };
      const kind = json.enum ? json.enum.join('|') : (json.type ?? 'value');
      const meaning = (json.description ?? '').replace(/^[A-Z][A-Za-z.]*: /, '');
      return [name, meaning ? `${kind} — ${meaning}` : kind] as const;
    });
    if (args.length) out[tool] = Object.fromEntries(args);
  }
  argumentsByProvider.set(provider, out);
  return out;
}

/** What an account can do, as the model and the hosting://accounts resource see it. No secrets. */
export const AccountSchema = z.object({
  provider: z.string(),
  account: z.string(),
  title: z.string(),
  capabilities: z.array(z.string()),
  writes: z.array(z.string()),
  log_sources: z.array(z.string()),
  /** Per write tool, the arguments only this provider takes (left out of tools/list). */
  arguments: z.record(z.string(), z.record(z.string(), z.string())),
  not_supported: z.record(z.string(), z.string()).optional(),
});

export function describeAccount(provider: HostingProvider): z.infer<typeof AccountSchema> {
  const notSupported = Object.entries(provider.alternatives ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return {
    provider: provider.id,
    account: provider.account,
    title: provider.title,
    capabilities: CAPABILITY_NAMES.filter((name) => provider[name]),
    writes: Object.entries(verbsOf(provider))
      .filter(([, verb]) => verb)
      .map(([tool]) => tool),
    log_sources: provider.logs?.sources.map((s) => s.id) ?? [],
    arguments: providerArguments(provider),
    ...(notSupported.length ? { not_supported: Object.fromEntries(notSupported) } : {}),
  };
}

export const AccountsResultSchema = z.object({ accounts: z.array(AccountSchema) });

export const accountTools = [
  defineTool({
    name: 'list_accounts',
    title: 'List accounts',
    description: 'Configured hosting accounts and which verbs and log sources each supports. Start here.',
    toolset: 'core',
    args: {},
    output: AccountsResultSchema,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    handler: async (_args, ctx) => ({ accounts: ctx.registry.providers.map(describeAccount) }),
  }),
];
