import { z } from 'zod';
import { HostingError } from '../../core/errors.js';
import { certificateDomainArg } from '../kit/args.js';
import { verb } from '../kit/hints.js';
import { isDone } from '../kit/status-map.js';
import { parseInput } from '../shared.js';
import type { CallContext, CertificatesCapability, SiteRef, WriteResult } from '../types.js';
import { type CoolifyAccount, queuedDeployment, readBack } from './account.js';
import { hostOf, parseDomains, withHttps } from './fqdn.js';
import { certificateOperation, mapCertificates } from './map-certificate.js';
import { proxyType } from './map-server.js';
import { applicationServerId, serviceDomains } from './map-site.js';
import * as v from './schemas.js';
import { deploymentState } from './states.js';

const issueCertificateInput = z.object({
  domain: certificateDomainArg,
  restart: z
    .boolean()
    .optional()
    .describe('Coolify: restart the app so its proxy applies the domain (default: if it changed).'),
});

export function coolifyCertificates(coolify: CoolifyAccount): CertificatesCapability {
  const { client, refs } = coolify;
  return {
    issue: {
      input: issueCertificateInput,
      run: (ctx, ref, raw) => issue(coolify, ctx, ref, raw),
    },
    list: async (ctx, ref) => {
      const site = await refs.site(ctx, ref, true);
      if (site.kind === 'service') {
        return {
          items: mapCertificates(serviceDomains(site.service), site.service.status),
          truncated: false,
        };
      }
      // New domains reach the proxy only when a deployment or restart finishes.
      const latest = (await client.deployments(site.app.uuid, ctx, 1)).items[0];
      const applying = latest !== undefined && !isDone(deploymentState(latest.status));
      return {
        items: mapCertificates(parseDomains(site.app.fqdn), site.app.status, applying),
        truncated: false,
      };
    },
  };
}

/**
 * Coolify has no certificate API: an https:// domain makes the server's proxy obtain a Let's
 * Encrypt certificate. So this switches (or adds) the domain to https, keeping the others, and
 * restarts the app so the proxy gets the new routing labels.
 */
async function issue(
  { title, account, client, refs }: CoolifyAccount,
  ctx: CallContext,
  ref: SiteRef,
  raw: Record<string, unknown>,
): Promise<WriteResult> {
  const input = parseInput(issueCertificateInput, raw, verb('certificates.issue'), title);
  const app = await refs.application(ctx, ref, {
    verb: verb('certificates.issue'),
    message: `Coolify sets service domains per container, which ${verb('certificates.issue')} does not change.`,
    hint: `In Coolify, give the service container an https:// URL (Service → container → Domains), then restart it with ${verb('deployments.deploy')}.`,
  });
  const entries = parseDomains(app.fqdn);
  const host = input.domain !== undefined ? hostOf(input.domain) : entries[0]?.host;
  if (!host) {
    throw new HostingError(
      'invalid_argument',
      input.domain !== undefined
        ? `"${input.domain}" is not a valid domain.`
        : `Application ${app.name} has no domain yet.`,
      { hint: 'Pass `domain`, e.g. app.example.com; its DNS must point at the server.' },
    );
  }
  await requireProxy(client, ctx, app);
  const change = withHttps(entries, host);
  if (change.action !== 'unchanged') {
    try {
      await client.call(
        'update-application-by-uuid',
        { params: { uuid: app.uuid }, body: { domains: change.value } },
        v.uuidOnly,
        ctx,
      );
    } catch (error) {
      if (error instanceof HostingError && error.status === 409) {
        throw new HostingError('conflict', `${host} is already used by another Coolify resource.`, {
          status: 409,
          hint: 'Remove the domain from the other resource first, or pick another domain.',
        });
      }
      throw error;
    }
  }
  const steps: string[] = [];
  let restart: v.CoolifyDeployment | undefined;
  if (input.restart ?? change.action !== 'unchanged') {
    const queued = await client.post(
      'restart-application-by-uuid',
      { uuid: app.uuid },
      undefined,
      v.queued,
      ctx,
    );
    if (queued.deployment_uuid) {
      restart = await queuedDeployment(client, ctx, queued.deployment_uuid);
    } else {
      steps.push(
        `Coolify did not queue the restart (${queued.message ?? 'no reason given'}): run ${verb('deployments.deploy')} to apply.`,
      );
    }
  } else if (change.action !== 'unchanged') {
    steps.push(
      `The proxy applies the new domain on the next restart or deployment (${verb('deployments.deploy')}).`,
    );
  }
  const current =
    change.action === 'unchanged'
      ? app
      : await readBack(
          () => client.get('get-application-by-uuid', { uuid: app.uuid }, v.application, ctx),
          () => ({ ...app, fqdn: change.value }),
        );
  const said = {
    switched: `Coolify now serves ${host} over https (it was http)`,
    added: `Coolify added ${change.url} to ${app.name}`,
    unchanged: `${host} already uses https on ${app.name}`,
  }[change.action];
  const operation = certificateOperation(account, current, host, restart, change.action !== 'unchanged');
  return {
    message: `${said}${restart ? '; a restart is queued so the proxy requests the certificate' : ''}.`,
    operation,
    resource: mapCertificates(parseDomains(current.fqdn), current.status, !operation.done).find(
      (c) => c.domain === host,
    ),
    next_steps: [
      ...steps,
      `${host} must resolve to the server and port 80 must be reachable for Let's Encrypt's HTTP-01 check.`,
      `Verify with \`curl -sI https://${host}\`: until Let's Encrypt issues, the proxy serves its self-signed default certificate (its logs are in Coolify under Servers → Proxy).`,
    ],
  };
}

/** Domains without a proxy are ignored by Coolify, so refuse early with the fix. */
async function requireProxy(
  client: CoolifyAccount['client'],
  ctx: CallContext,
  app: v.CoolifyApplication,
): Promise<void> {
  const serverUuid = applicationServerId(app);
  if (!serverUuid) return;
  const server = await client.get('get-server-by-uuid', { uuid: serverUuid }, v.server, ctx);
  if (proxyType(server) === 'none') {
    throw new HostingError(
      'invalid_argument',
      `Server ${server.name} runs no proxy, so Coolify cannot obtain certificates there.`,
      { hint: 'Choose Traefik or Caddy for the server in Coolify (Servers → Proxy), then retry.' },
    );
  }
}
