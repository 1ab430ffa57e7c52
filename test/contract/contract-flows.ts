import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderId } from '../../src/providers/types.js';
import type { Fault } from '../../src/simulator/sim-server.js';
import { connect, type Harness } from '../support/harness.js';

/**
 * The shared flows every provider runs against its own simulator over loopback HTTP:
 * create → wait → site → deploy → logs → certificate, a failed deploy, a 429 retried, a 500 on a
 * create surfaced and not retried, dry runs that send nothing, canaries that never leak, and
 * unsupported verbs that fail with a helpful message.
 */

export interface RunningSimulator {
  settings: Record<string, string>;
  /** Jumps simulated time forward. */
  advance(ms: number): void;
  inject(fault: Fault): void;
  failNextDeployment?(): void;
  /** Requests the simulator received: "METHOD /path". */
  requests(): string[];
  close(): Promise<void>;
}

export interface ContractTarget {
  provider: ProviderId;
  start(): Promise<RunningSimulator>;
  /** Secret values planted in seed data. */
  canaries: readonly string[];
  /** Simulated time after which any operation the flows start has finished. */
  settleMs: number;
  createServer?: Record<string, unknown>;
  /** Arguments of create_site, given the server created above (id and name). */
  createSite?: (server: { id: string; name: string }) => Record<string, unknown>;
  /** The site created above as the other tools name it. */
  siteRef?: (created: Record<string, unknown>) => Record<string, unknown>;
  deploy?: Record<string, unknown>;
  certificate?: Record<string, unknown>;
  /** Log reads to run on the created site/server, each must succeed. */
  logReads?: (ref: Record<string, unknown>) => Record<string, unknown>[];
  /** Reads over seed data that surface where canaries live. */
  seedReads: Array<[string, Record<string, unknown>]>;
  /** A GET route substring for the 429 test, hit by list_servers (or list_sites). */
  listTool: 'list_servers' | 'list_sites';
  /** Tools the provider does not support, and the message each must give. */
  unsupported: Array<{ tool: string; args: Record<string, unknown>; message: RegExp }>;
}

type Op = { id: string; state: string; done: boolean; log_tail?: string };

export function contractFlows(target: ContractTarget): void {
  describe(`contract: ${target.provider}`, () => {
    let sim: RunningSimulator;
    let h: Harness;
    const base = { provider: target.provider };

    beforeEach(async () => {
      sim = await target.start();
      h = await connect({ accounts: [{ provider: target.provider, name: 'main', settings: sim.settings }] });
    });
    afterEach(async () => {
      await h.close();
      await sim.close();
    });

    async function settle(operation: Op): Promise<Op> {
      sim.advance(target.settleMs);
      const result = await h.ok<{ operation: Op }>('get_operation', { operation_id: operation.id });
      return result.operation;
    }

    it('runs create → wait → site → deploy → logs → certificate', async () => {
      let siteRef: Record<string, unknown> = {};
      if (target.createServer) {
        const created = await h.ok<{ operation: Op; resource: { id: string; name: string } }>(
          'create_server',
          {
            ...base,
            ...target.createServer,
          },
        );
        expect(created.operation.done).toBe(false);
        expect((await settle(created.operation)).state).toBe('succeeded');
        if (target.createSite) {
          const site = await h.ok<{ operation?: Op; resource: Record<string, unknown> }>('create_site', {
            ...base,
            ...target.createSite(created.resource),
          });
          if (site.operation && !site.operation.done)
            expect((await settle(site.operation)).state).toBe('succeeded');
          siteRef = target.siteRef ? target.siteRef(site.resource) : { site: site.resource.id };
        }
      }
      if (target.deploy) {
        const deployed = await h.ok<{ operation: Op }>('deploy_site', {
          ...base,
          ...siteRef,
          ...target.deploy,
        });
        expect(deployed.operation.done).toBe(false);
        expect((await settle(deployed.operation)).state).toBe('succeeded');
        const deployments = await h.ok<{ deployments: Array<{ state: string; operation_id: string }> }>(
          'list_deployments',
          {
            ...base,
            ...siteRef,
          },
        );
        expect(
          deployments.deployments.some(
            (d) => d.operation_id === deployed.operation.id && d.state === 'succeeded',
          ),
        ).toBe(true);
      }
      for (const read of target.logReads?.(siteRef) ?? []) {
        const log = await h.ok<{ log: string; cursor: string; lines: number }>('tail_logs', {
          ...base,
          ...read,
        });
        expect(log.log).toMatch(/^<untrusted-[0-9a-f]+ /);
        const again = await h.ok<{ lines: number }>('tail_logs', { ...base, ...read, cursor: log.cursor });
        expect(again.lines).toBe(0);
      }
      if (target.certificate) {
        const issued = await h.ok<{ operation?: Op; message: string }>('issue_certificate', {
          ...base,
          ...siteRef,
          ...target.certificate,
        });
        if (issued.operation && !issued.operation.done)
          expect((await settle(issued.operation)).state).toBe('succeeded');
        const certs = await h.ok<{ certificates: Array<{ state: string }> }>('list_certificates', {
          ...base,
          ...siteRef,
        });
        expect(certs.certificates.some((c) => c.state === 'active')).toBe(true);
      }
    });

    it.runIf(Boolean(target.deploy))('reports a failed deployment with its framed log tail', async () => {
      const siteRef = await existingSite();
      sim.failNextDeployment?.();
      const deployed = await h.ok<{ operation: Op }>('deploy_site', {
        ...base,
        ...siteRef,
        ...target.deploy,
      });
      const final = await settle(deployed.operation);
      expect(final.state).toBe('failed');
      expect(final.log_tail).toMatch(/<untrusted-[0-9a-f]+[\s\S]*<\/untrusted-/);
    });

    it('retries a GET answered 429 with Retry-After, then succeeds', async () => {
      sim.inject({ status: 429, retryAfter: 1, match: 'GET' });
      const started = Date.now();
      const result = await h.call(target.listTool, base);
      expect(result.isError).toBeFalsy();
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });

    it.runIf(Boolean(target.createServer))('surfaces a 500 on create without retrying it', async () => {
      const before = sim.requests().filter((r) => r.startsWith('POST')).length;
      sim.inject({ status: 500, match: 'POST' });
      const text = await h.fail('create_server', { ...base, ...target.createServer });
      expect(text).toMatch(/HTTP 500|failed/i);
      expect(text).toMatch(/check its state/i);
      const posts = sim.requests().filter((r) => r.startsWith('POST')).length - before;
      expect(posts).toBe(1);
    });

    it.runIf(Boolean(target.createServer))('sends nothing on dry_run and shows the request', async () => {
      const before = sim.requests().filter((r) => !r.startsWith('GET')).length;
      const plan = await h.ok<{
        dry_run: boolean;
        request: { method: string; url: string; headers: Record<string, string> };
      }>('create_server', { ...base, ...target.createServer, dry_run: true });
      expect(plan.dry_run).toBe(true);
      expect(plan.request.method).not.toBe('GET');
      expect(JSON.stringify(plan.request.headers)).not.toMatch(
        new RegExp(escapeRegExp(sim.settings.api_token ?? 'x'.repeat(30))),
      );
      expect(sim.requests().filter((r) => !r.startsWith('GET')).length).toBe(before);
    });

    it('never shows a canary secret in any result or log line', async () => {
      for (const [tool, args] of target.seedReads) await h.call(tool, { ...base, ...args });
      const seen = [...h.outputs, ...h.logs].join('\n');
      expect(seen.length).toBeGreaterThan(500);
      const secrets = [
        ...target.canaries,
        ...Object.entries(sim.settings)
          .filter(([k]) => /token|key|secret/.test(k))
          .map(([, v]) => v),
      ];
      for (const secret of secrets) expect(seen).not.toContain(secret);
    });

    it('fails unsupported verbs with a message that names what to use instead', async () => {
      for (const { tool, args, message } of target.unsupported) {
        const text = await h.fail(tool, { ...base, ...args });
        expect(text).toMatch(message);
      }
    });

    async function existingSite(): Promise<Record<string, unknown>> {
      const sites = await h.ok<{ sites: Array<{ id: string }> }>('list_sites', base);
      return { site: sites.sites[0]!.id };
    }
  });
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
