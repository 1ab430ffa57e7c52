import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { certificateDomainArg } from '../kit/args.js';
import { verb } from '../kit/hints.js';
import { parseInput } from '../shared.js';
import type { CallContext, CertificatesCapability, SiteRef, WriteResult } from '../types.js';
import type { ServerPilotAccount } from './account.js';
import type { ServerpilotOperationId } from './catalog.gen.js';
import { afterApplied } from './errors.js';
import { normalizeDomain } from './input.js';
import { appOperation, openAction } from './map-action.js';
import { mapCertificates } from './map-certificate.js';
import * as v from './schemas.js';

/** AutoSSL arguments: the domain to secure, and ForceSSL. */
const issueCertificateInput = z.object({
  domain: certificateDomainArg,
  force_ssl: z.boolean().optional().describe('ServerPilot: also redirect HTTP to HTTPS (ForceSSL).'),
});

export function serverpilotCertificates(sp: ServerPilotAccount): CertificatesCapability {
  return {
    issue: { input: issueCertificateInput, run: (ctx, ref, raw) => enableAutoSsl(sp, ctx, ref, raw) },
    list: async (ctx, ref) => ({ items: mapCertificates(await sp.refs.app(ctx, ref)), truncated: false }),
  };
}

/**
 * Enables AutoSSL (and sets ForceSSL on request). A missing domain is added first, always sending
 * the app's full domain list. A custom certificate is never removed to make room for AutoSSL:
 * that would drop HTTPS, and the user should decide it.
 *
 * Every change ServerPilot accepts starts an action, and the operation follows each one to its end
 * (GET /actions/{id}: open → success | error), so a change ServerPilot could not apply reads as
 * failed, never as done. A change it refuses fails the call, saying what the changes before it
 * already did.
 */
async function enableAutoSsl(
  { title, account, client, refs }: ServerPilotAccount,
  ctx: CallContext,
  ref: SiteRef,
  raw: Record<string, unknown>,
): Promise<WriteResult> {
  const input = parseInput(issueCertificateInput, raw, verb('certificates.issue'), title);
  const app = await refs.app(ctx, ref);
  const domains = app.domains ?? [];
  if (app.ssl && !app.ssl.auto) {
    throw new HostingError(
      'conflict',
      `App ${app.name} uses a custom certificate; ServerPilot will not put AutoSSL over it.`,
      {
        hint: `Delete the custom certificate in the ServerPilot dashboard (HTTPS stops until AutoSSL is on), then call ${verb('certificates.issue')} again.`,
      },
    );
  }
  const domain = input.domain ? normalizeDomain(input.domain) : domains[0];
  if (!domain) {
    throw new HostingError('invalid_argument', `App ${app.name} has no domains.`, {
      hint: 'Pass `domain` to add one and secure it.',
    });
  }
  const missing = !domains.includes(domain);
  const autoOn = app.ssl?.auto === true;
  const available = app.autossl?.available === true;
  const dnsStep = (names: readonly string[]) =>
    `Point DNS for ${names.join(', ')} at the app’s server; ServerPilot then obtains the AutoSSL certificate by itself (minutes). Call ${verb('certificates.issue')} again after that.`;
  if (!autoOn && !available && !missing) {
    throw new HostingError('conflict', `ServerPilot has no AutoSSL certificate for app ${app.name} yet.`, {
      hint: dnsStep(domains),
    });
  }

  const actions: v.SpAction[] = [];
  const done: string[] = [];
  /** One change: its action joins the operation; if it fails, the error says what is already done. */
  const change = async <S extends z.ZodType>(
    id: ServerpilotOperationId,
    body: unknown,
    schema: S,
    what: string,
  ): Promise<z.output<S>> => {
    const written = await client.write(id, { id: app.id }, body, schema, ctx).catch((error: unknown) => {
      const follow = actions.length
        ? ` Follow those changes with ${verb('operations.get')} (operation id ${appOperation(account, 'certificate', app.id, actions).id}).`
        : '';
      throw afterApplied(error, done.length ? [`${done.join(' ')}${follow}`] : []);
    });
    if (written.actionid) actions.push(openAction(written.actionid, app.serverid));
    done.push(what);
    return written.data;
  };

  const allDomains = missing ? [...domains, domain] : domains;
  const steps: string[] = [];
  if (missing) {
    await change('update-app', { domains: allDomains }, v.app, `${domain} was added to the app’s domains.`);
    steps.push(`Added ${domain}; the app’s domains are now ${allDomains.join(', ')}.`);
  }
  if (!autoOn && !available) {
    return {
      message: `Added ${domain} to app ${app.name}. AutoSSL is not available for the app yet, so it was not enabled.`,
      operation: actions.length ? appOperation(account, 'domains', app.id, actions) : undefined,
      resource: { site_id: app.id, domains: allDomains, autossl: false },
      next_steps: [...steps, dnsStep(allDomains)],
    };
  }
  let force = app.ssl?.force === true;
  if (!autoOn) {
    const enabled = await change('enable-autossl', { auto: true }, v.ssl, 'AutoSSL was turned on.');
    force = enabled.force === true;
  }
  const forceChange = input.force_ssl !== undefined && input.force_ssl !== force;
  if (forceChange) {
    const wanted = input.force_ssl === true;
    const set = await change(
      'set-forcessl',
      { force: wanted },
      v.ssl,
      `ForceSSL was turned ${wanted ? 'on' : 'off'}.`,
    );
    force = set.force ?? wanted;
  }
  if (!app.autossl?.domains?.includes(domain)) {
    steps.push(`ServerPilot adds ${domain} to the AutoSSL certificate once its DNS points at the server.`);
  }
  const resource = { site_id: app.id, domains: allDomains, autossl: true, force_ssl: force };
  if (done.length === 0) {
    return {
      message: `AutoSSL is already on for app ${app.name}${force ? ' with ForceSSL' : ''}; nothing changed.`,
      resource,
      next_steps: steps,
    };
  }
  const forcePart = forceChange ? `; turning ForceSSL ${force ? 'on' : 'off'}` : '';
  return {
    message: autoOn
      ? `ServerPilot is updating app ${app.name} (AutoSSL was already on${forcePart}).`
      : `ServerPilot is enabling AutoSSL on app ${app.name}${forceChange && force ? ' with ForceSSL' : ''}.`,
    operation: actions.length ? appOperation(account, 'certificate', app.id, actions) : undefined,
    resource,
    next_steps: steps,
  };
}
