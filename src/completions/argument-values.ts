import type { ProviderRegistry } from '../providers/registry.js';
import type { HostingProvider, Listing } from '../providers/types.js';

/**
 * Values for the arguments that name hosting things — provider, account, server, site, log
 * source — wherever they appear: resource template variables and prompt arguments share these
 * names, so one place answers completion/complete for both.
 *
 * Servers and sites come from the providers' live lists, kept a few seconds per account so typing
 * a name letter by letter costs one provider request, not one per keystroke. Only names and ids
 * are kept, never whole records.
 */

/** The completion spec's cap on values in one answer. */
export const MAX_VALUES = 100;
/** How long a live list is reused. */
export const CACHE_MS = 5_000;
/** How much of each account's list is read: as much as list_servers / list_sites show at most. */
const LIST_LIMIT = 500;
/** A shared fetch may outlive the request that started it, so it has its own bound. */
const FETCH_TIMEOUT_MS = 10_000;

export interface Completion {
  values: string[];
  /** Absent when some account's list was cut, so the number of matches is not known. */
  total?: number;
  hasMore: boolean;
}

interface Named {
  id: string;
  name: string;
}

type Lister = (provider: HostingProvider, signal: AbortSignal) => Promise<Listing<Named>>;

const LIVE: Record<string, { capability: 'servers' | 'sites'; list: Lister }> = {
  server: { capability: 'servers', list: (p, signal) => p.servers!.list({ signal }, { limit: LIST_LIMIT }) },
  site: { capability: 'sites', list: (p, signal) => p.sites!.list({ signal }, { limit: LIST_LIMIT }) },
};

const NOTHING: Listing<Named> = { items: [], truncated: false };

export class ArgumentValues {
  private readonly cache = new Map<string, { at: number; list: Promise<Listing<Named>> }>();

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `argument` is one this class can complete. */
  knows(argument: string): boolean {
    return ['provider', 'account', 'source'].includes(argument) || argument in LIVE;
  }

  /**
   * Values of `argument` starting with `prefix` (case-insensitive), narrowed by the arguments the
   * client already filled in (`context`: a chosen provider or account narrows the others).
   */
  async complete(
    argument: string,
    prefix: string,
    context: Record<string, string> = {},
  ): Promise<Completion> {
    const { candidates, cut } = await this.candidates(argument, prefix, context);
    const wanted = prefix.toLowerCase();
    const matching = [...new Set(candidates)].filter((value) => value.toLowerCase().startsWith(wanted));
    return {
      values: matching.slice(0, MAX_VALUES),
      ...(cut ? {} : { total: matching.length }),
      hasMore: cut || matching.length > MAX_VALUES,
    };
  }

  private async candidates(argument: string, prefix: string, context: Record<string, string>) {
    const ofProvider = this.registry.providers.filter((p) => !context.provider || p.id === context.provider);
    const accounts = ofProvider.filter((p) => !context.account || p.account === context.account);
    switch (argument) {
      case 'provider':
        return { candidates: this.registry.providers.map((p) => p.id), cut: false };
      case 'account':
        return { candidates: ofProvider.map((p) => p.account), cut: false };
      case 'source':
        return { candidates: accounts.flatMap((p) => p.logs?.sources.map((s) => s.id) ?? []), cut: false };
    }
    const live = LIVE[argument];
    if (!live) return { candidates: [], cut: false };
    const lists = await Promise.all(
      accounts.filter((p) => p[live.capability]).map((p) => this.list(argument, p, live.list)),
    );
    // Names are what people type; an id is offered once the prefix is already one.
    const candidates = lists
      .flatMap((list) => list.items)
      .flatMap((item) =>
        prefix && item.id !== item.name && item.id.startsWith(prefix) ? [item.name, item.id] : [item.name],
      );
    return { candidates, cut: lists.some((list) => list.truncated) };
  }

  private list(argument: string, provider: HostingProvider, lister: Lister): Promise<Listing<Named>> {
    const key = `${argument}\u0000${provider.id}\u0000${provider.account}`;
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.at < CACHE_MS) return cached.list;
    const list: Promise<Listing<Named>> = lister(provider, AbortSignal.timeout(FETCH_TIMEOUT_MS)).then(
      ({ items, truncated }) => ({ items: items.map(({ id, name }) => ({ id, name })), truncated }),
      () => {
        // An account that cannot list right now contributes nothing, and is asked again next time.
        if (this.cache.get(key)?.list === list) this.cache.delete(key);
        return NOTHING;
      },
    );
    this.cache.set(key, { at: this.now(), list });
    return list;
  }
}
