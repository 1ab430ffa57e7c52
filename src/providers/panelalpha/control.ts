import { HostingError } from '../../core/errors.js';
import { verb } from '../kit/hints.js';
import type { SiteControlCapability, WriteResult } from '../types.js';
import type { PanelAlphaAccount } from './account.js';
import * as v from './schemas.js';

/**
 * PanelAlpha's one switch for taking a WordPress site offline: maintenance mode. `stop` turns it
 * on — visitors get WordPress's maintenance page while PHP, the database, cron and the admin keep
 * running — and `start` turns it off. PanelAlpha has no restart: the PHP and web server processes
 * belong to the hosting server's own panel. The switch answers at once: no operation to follow.
 */
export function panelalphaSiteControl({ client, refs }: PanelAlphaAccount): SiteControlCapability {
  return {
    actions: ['start', 'stop'],
    run: async (ctx, ref, action): Promise<WriteResult> => {
      if (action === 'restart') {
        throw new HostingError('invalid_argument', 'PanelAlpha has no restart for WordPress sites.', {
          hint: `Restart PHP or the web server in the hosting server's own panel (cPanel, Plesk, DirectAdmin); ${verb('siteControl.run')} stop and start only switch WordPress maintenance mode.`,
        });
      }
      const instance = await refs.site(ctx, ref);
      const user = await refs.user(ctx, undefined, instance.user_id);
      const params = { id: instance.id };
      const now = await client.asUser(
        user,
        'show-maintenance-mode-status',
        { params },
        v.single(v.modeStatus),
        ctx,
      );
      const on = action === 'stop';
      if (now.data.status === on) {
        return {
          message: `Maintenance mode of ${instance.domain} is already ${on ? 'on' : 'off'}; nothing was sent.`,
          details: { maintenance_mode: on },
        };
      }
      const answer = await client.asUser(
        user,
        'toggle-maintenance-mode',
        {
          params,
          body: { status: on },
          destroys: on
            ? `turns on maintenance mode of ${instance.domain}: its visitors get WordPress's maintenance page until it is turned off`
            : undefined,
        },
        v.single(v.modeStatus),
        ctx,
      );
      const status = answer.data.status;
      if (status !== on) {
        throw new HostingError(
          'provider_error',
          `PanelAlpha answered that maintenance mode of ${instance.domain} is ${status === undefined || status === null ? 'unknown' : status ? 'on' : 'off'}.`,
          { settled: true, hint: `Check it with ${verb('api.read')} show-maintenance-mode-status.` },
        );
      }
      return {
        message: on
          ? `Maintenance mode of ${instance.domain} is on: visitors see WordPress's maintenance page; the site and its admin keep running.`
          : `Maintenance mode of ${instance.domain} is off: the site serves its visitors again.`,
        details: { maintenance_mode: on },
        next_steps: on ? [`${verb('siteControl.run')} start turns it off.`] : [],
      };
    },
  };
}
