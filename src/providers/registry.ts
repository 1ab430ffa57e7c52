import { HostingError } from '../core/errors.js';
import { coolifyDefinition } from './coolify/index.js';
import { forgeDefinition } from './forge/index.js';
import { panelalphaDefinition } from './panelalpha/index.js';
import { platformshDefinition } from './platformsh/index.js';
import { serverpilotDefinition } from './serverpilot/index.js';
import type { CapabilityName, HostingProvider, ProviderDefinition, ProviderId } from './types.js';

/** Every provider the server knows, as data. Adding a provider is one folder and one line here. */
export const PROVIDER_DEFINITIONS: readonly ProviderDefinition[] = [
  forgeDefinition,
  serverpilotDefinition,
  coolifyDefinition,
  panelalphaDefinition,
  platformshDefinition,
];

export function definitionOf(id: string): ProviderDefinition | undefined {
  return PROVIDER_DEFINITIONS.find((definition) => definition.id === id);
}

/** The configured accounts, each a HostingProvider instance. */
export class ProviderRegistry {
  constructor(readonly providers: readonly HostingProvider[]) {}

  /** Provider ids (deduplicated, in definition order) that have a capability. */
  providersWith(capability: CapabilityName | ((provider: HostingProvider) => boolean)): ProviderId[] {
    const test =
      typeof capability === 'function' ? capability : (p: HostingProvider) => Boolean(p[capability]);
    const ids = new Set(this.providers.filter(test).map((p) => p.id));
    return PROVIDER_DEFINITIONS.map((d) => d.id).filter((id) => ids.has(id));
  }

  /** True when some provider has more than one account (then tools take `account`). */
  get hasSeveralAccounts(): boolean {
    const counts = new Map<string, number>();
    for (const p of this.providers) counts.set(p.id, (counts.get(p.id) ?? 0) + 1);
    return [...counts.values()].some((count) => count > 1);
  }

  /**
   * Picks the account a call is for. `provider` may be omitted when only one provider qualifies;
   * `account` may be omitted when that provider has one account.
   */
  select(options: { provider?: string; account?: string; eligible: readonly ProviderId[] }): HostingProvider {
    const { eligible } = options;
    let providerId = options.provider;
    if (!providerId) {
      if (eligible.length !== 1) {
        throw new HostingError('invalid_argument', 'Several providers are configured: pass `provider`.', {
          hint: `One of: ${eligible.join(', ')}.`,
        });
      }
      providerId = eligible[0]!;
    }
    if (!eligible.includes(providerId as ProviderId)) {
      throw new HostingError(
        'invalid_argument',
        `Provider "${providerId}" is not configured for this tool.`,
        {
          hint: eligible.length
            ? `Configured here: ${eligible.join(', ')}. list_accounts shows every account.`
            : 'Configure a provider first.',
        },
      );
    }
    const accounts = this.providers.filter((p) => p.id === providerId);
    if (options.account) {
      const found = accounts.find((p) => p.account === options.account);
      if (!found) {
        throw new HostingError('not_found', `No ${providerId} account named "${options.account}".`, {
          hint: `Accounts: ${accounts.map((p) => p.account).join(', ')}. list_accounts shows them all.`,
        });
      }
      return found;
    }
    if (accounts.length === 1) return accounts[0]!;
    throw new HostingError(
      'invalid_argument',
      `${providerId} has ${accounts.length} accounts: pass \`account\`.`,
      {
        hint: `One of: ${accounts.map((p) => p.account).join(', ')}.`,
      },
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.providers.map((p) => p.close()));
  }
}
