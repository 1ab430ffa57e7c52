import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { matchRef } from '../../core/resolve.js';
import type { CallContext, SiteRef } from '../types.js';
import type { PanelAlphaClient } from './client.js';
import * as v from './schemas.js';

/**
 * Turns what the user typed (an id, a name, a domain, an email) into PanelAlpha records. Reads
 * only; ambiguous names are never guessed between.
 */

const TITLE = 'PanelAlpha';
/** Cap on records scanned when a name has to be matched client-side. */
const SCAN = 500;

/** Tasks whose type or name says they push a staging copy to live. */
export const PUSH_TASK = /push|to[\s_-]?live/i;

export class PanelAlphaLookup {
  constructor(
    private readonly client: PanelAlphaClient,
    /** PANELALPHA_USER_ID: the user that user endpoints act as when nothing names another. */
    private readonly defaultUser: string | undefined,
  ) {}

  /**
   * The user a user-endpoint call acts as: the `user` argument, else the owner of the record the
   * call is about (acting as anyone else would fail), else the configured default.
   */
  async user(ctx: CallContext, explicit: string | undefined, owner?: string | null): Promise<string> {
    if (explicit) return this.client.resolveUser(explicit, ctx);
    if (owner) return owner;
    if (this.defaultUser) return this.client.resolveUser(this.defaultUser, ctx);
    throw new HostingError('config', 'This PanelAlpha call acts as a user, and none is set.', {
      hint: 'Set PANELALPHA_USER_ID (a PanelAlpha user id or email) or pass `user`.',
    });
  }

  /** A hosting server by id, name, hostname or IP. */
  async server(ctx: CallContext, ref: string): Promise<v.PaServer> {
    const wanted = ref.trim();
    if (/^\d+$/.test(wanted)) {
      const found = await this.orNull(
        this.client.get('servers.show', { server: wanted }, v.single(v.server), ctx),
      );
      if (found) return found.data;
    }
    const page = await this.client.list('servers.index', {}, v.server, ctx, SCAN);
    return matchRef(
      page.items.map((server) => ({ id: server.id, name: server.name, server })),
      wanted,
      {
        kind: 'server',
        listTool: 'list_servers',
        provider: TITLE,
        aliases: (item) => [item.server.hostname, item.server.ip_address],
      },
    ).server;
  }

  /** A WordPress instance by id or domain (or name), optionally on one server. */
  async site(ctx: CallContext, ref: SiteRef): Promise<v.PaInstance> {
    const wanted = ref.site.trim();
    const server = ref.server ? await this.server(ctx, ref.server) : undefined;
    const onServer = (i: v.PaInstance) => !server || !i.server_id || i.server_id === server.id;
    if (/^\d+$/.test(wanted)) {
      const found = await this.orNull(
        this.client.get('instances.show', { instance: wanted }, v.single(v.instance), ctx),
      );
      if (found && onServer(found.data)) return found.data;
    }
    const query = { server_id: server?.id };
    const match = (items: v.PaInstance[]) =>
      matchRef(
        items.filter(onServer).map((instance) => ({
          id: instance.id,
          name: instance.name || instance.domain,
          instance,
        })),
        wanted,
        {
          kind: 'site',
          listTool: 'list_sites',
          provider: TITLE,
          aliases: (item) => [item.instance.domain, hostOf(item.instance.url)],
        },
      ).instance;
    // `filter` is the panel's own search; its exact semantics are undocumented, so a miss is
    // retried over the unfiltered list before giving up.
    const filtered = await this.client.list('instances.index', {}, v.instance, ctx, SCAN, {
      ...query,
      filter: wanted,
    });
    try {
      return match(filtered.items);
    } catch (error) {
      if (!(error instanceof HostingError && error.code === 'not_found')) throw error;
    }
    const all = await this.client.list('instances.index', {}, v.instance, ctx, SCAN, query);
    return match(all.items);
  }

  /** The service (hosting plan subscription) of `user` an instance is installed on. */
  async service(
    ctx: CallContext,
    user: string,
    ref: string | undefined,
    serverId: string | undefined,
  ): Promise<v.PaService> {
    const page = await this.client.list('users.services', { user }, v.service, ctx, SCAN);
    const services = page.items.filter(
      (s) => !serverId || !s.hosting_account?.server_id || s.hosting_account.server_id === serverId,
    );
    const named = services.map((service) => ({
      id: service.id,
      name: service.plan?.name ?? `service ${service.id}`,
      service,
    }));
    if (ref) {
      return matchRef(named, ref, {
        kind: 'service',
        listTool: 'the PanelAlpha admin area (Users › Services)',
        provider: TITLE,
        aliases: (item) => [item.service.hosting_account?.domain, item.service.hosting_account?.username],
      }).service;
    }
    const active = named.filter((item) => !item.service.status || /^active$/i.test(item.service.status));
    if (active.length === 1) return active[0]!.service;
    throw new HostingError(
      active.length ? 'ambiguous' : 'invalid_argument',
      active.length
        ? `PanelAlpha user ${user} has ${active.length} active services${serverId ? ` on server ${serverId}` : ''}.`
        : `PanelAlpha user ${user} has no active service${serverId ? ` on server ${serverId}` : ''} to install on.`,
      {
        hint: active.length
          ? 'Pass `service` with one of these ids or plan names.'
          : 'Create a service for the user in PanelAlpha (Users › Services), or pass another `user`.',
        details: active.length
          ? {
              candidates: active.map((item) => ({
                id: item.id,
                name: item.name,
                domain: item.service.hosting_account?.domain ?? undefined,
              })),
            }
          : undefined,
      },
    );
  }

  /** The SSL offer to order from: the one named, the only one, or Let's Encrypt. */
  async sslOffer(ctx: CallContext, user: string, ref: string | undefined) {
    const body = await this.client.userCall(user, 'user.ssl.offer', {}, v.single(z.array(v.sslOffer)), ctx);
    const offers = body.data.map((offer) => ({ id: offer.id, name: offer.name }));
    if (ref)
      return matchRef(offers, ref, {
        kind: 'SSL offer',
        listTool: 'the PanelAlpha SSL offer',
        provider: TITLE,
      });
    if (offers.length === 1) return offers[0]!;
    const free = offers.filter((offer) => /let'?s\s*encrypt/i.test(offer.name));
    if (free.length === 1) return free[0]!;
    throw new HostingError(
      offers.length ? 'ambiguous' : 'invalid_argument',
      offers.length
        ? `PanelAlpha offers ${offers.length} kinds of SSL certificate.`
        : 'PanelAlpha offers no SSL certificate to this user.',
      {
        hint: offers.length
          ? 'Pass `ssl_provider` with one of these ids or names.'
          : 'Enable an SSL provider in PanelAlpha (SSL settings) or install a certificate by hand.',
        details: offers.length ? { candidates: offers } : undefined,
      },
    );
  }

  /** Task ids already listed for `search`, so the task a write starts can be told apart. */
  async taskIds(ctx: CallContext, search: string): Promise<Set<string>> {
    const page = await this.client.list('tasks.index', {}, v.task, ctx, 100, { search_term: search });
    return new Set(page.items.map((task) => task.id));
  }

  /** The newest task for `search` that matches `kind` and was not in `before`. */
  async newTask(
    ctx: CallContext,
    search: string,
    before: Set<string>,
    kind: RegExp,
  ): Promise<v.PaTask | undefined> {
    const page = await this.client.list('tasks.index', {}, v.task, ctx, 100, { search_term: search });
    return newest(
      page.items.filter((task) => !before.has(task.id) && kind.test(`${task.type} ${task.name}`)),
    );
  }

  private async orNull<T>(pending: Promise<T>): Promise<T | null> {
    try {
      return await pending;
    } catch (error) {
      if (error instanceof HostingError && error.code === 'not_found') return null;
      throw error;
    }
  }
}

/** The record with the highest numeric id (ids are integers in PanelAlpha). */
export function newest<T extends { id: string }>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) if (!best || compareIds(item.id, best.id) > 0) best = item;
  return best;
}

export function compareIds(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a.localeCompare(b);
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
