import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import type { CallContext, PlaceRef } from '../types.js';
import type { PanelAlphaAccount } from './account.js';
import type * as v from './schemas.js';

/** A WordPress instance a user-endpoint verb works on, and the user it acts as (its owner). */
export interface SiteOfPlace {
  instance: v.PaInstance;
  user: string;
}

/**
 * Databases and backups belong to a WordPress instance (backups) or to the hosting account it is
 * on (databases): the place is a site. A hosting server alone holds many accounts, so it is not
 * enough; it only narrows which site is meant.
 */
export async function siteOfPlace(
  { title, refs }: PanelAlphaAccount,
  ctx: CallContext,
  place: PlaceRef,
  what: 'databases' | 'backups',
): Promise<SiteOfPlace> {
  if (!place.site) {
    throw new HostingError('invalid_argument', `${title} keeps ${what} per WordPress site: pass \`site\`.`, {
      hint: `Use ${verb('sites.list')} to pick the site (\`server\` narrows it).`,
    });
  }
  const instance = await refs.site(ctx, { site: place.site, server: place.server });
  return { instance, user: await refs.user(ctx, undefined, instance.user_id) };
}

/** The hosting account an instance is on; its MySQL databases live there. */
export function hostingAccountOf(instance: v.PaInstance): string {
  if (instance.hosting_account_id) return instance.hosting_account_id;
  throw new HostingError('conflict', `PanelAlpha names no hosting account for site ${instance.domain}.`, {
    hint: `Check it with ${verb('sites.get')}; a site still being installed may not have one yet.`,
  });
}
