import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderDefinition } from '../../src/providers/types.js';
import type { Fault, SimExchange } from '../../src/simulator/sim-server.js';
import { connect, type Harness } from '../support/harness.js';
import { SpecConformance, type SpecQuirk } from '../support/spec-conformance.js';

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
  /** Every request a route answered, with its answer (for the spec-conformance check). */
  exchanges: SimExchange[];
  close(): Promise<void>;
}

export interface ContractTarget {
  /** The provider, started exactly as --sandbox starts it (real clock speed, so tests advance it). */
  definition: ProviderDefinition;
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
  /** Everyday operations this provider has, with what its flows need. */
  ops?: OpsTarget;
  /** Known places where the vendor's document and its live API disagree (see SpecQuirk). */
  specQuirks?: readonly SpecQuirk[];
  /**
   * The verbs reach operations the provider's policy calls destructive (a redeploy, a billed
   * project): the flows run with --allow-destructive, as a person who confirms each one.
   */
  confirmsDestructive?: boolean;
  /** Tools the provider does not support, and the message each must give. */
  unsupported: Array<{ tool: string; args: Record<string, unknown>; message: RegExp }>;
}

export interface OpsTarget {
  /** set → get (masked) → redeploy, on this site. */
  env?: { site: Record<string, unknown> };
  /** create → list, at this place (server or site). */
  database?: { place: Record<string, unknown>; create: Record<string, unknown> };
  /**
   * create → wait → list → restore (confirmed) → data changed; with `restore: false` (the API has
   * no restore: `unsupported` says what restore_backup answers) create → wait → list, where the
   * new backup must appear, succeeded.
   */
  backup?: {
    place: Record<string, unknown>;
    /** Arguments of create_backup beyond the place. */
    create?: Record<string, unknown>;
    restore?: false;
    /** Reads what a restore changes; returns a value that must differ after it (unless restore is false). */
    observe?: (h: Harness) => Promise<unknown>;
    /** The backup id restore_backup takes, from the list (default: the newest succeeded one). */
    pick?: (backups: Array<{ id: string; state: string }>) => string;
  };
}

type Op = { id: string; state: string; done: boolean; log_tail?: string };

/** Adapts a provider's sandbox (settings + simulator) to what the flows drive. */
export async function startSimulator(definition: ProviderDefinition): Promise<RunningSimulator> {
  if (!definition.sandbox) throw new Error(`${definition.id} has no simulator`);
  const { settings, simulator } = await definition.sandbox({ speed: 1 });
  const exchanges: SimExchange[] = [];
  simulator.http.onExchange = (exchange) => exchanges.push(exchange);
  return {
    exchanges,
    settings,
    advance: (ms) => simulator.clock.advance(ms),
    inject: (fault) => simulator.http.inject(fault),
    failNextDeployment:
      simulator.failNextDeployments === undefined
        ? undefined
        : () => {
            simulator.failNextDeployments = (simulator.failNextDeployments ?? 0) + 1;
          },
    requests: () => simulator.http.requests.map((r) => `${r.method} ${r.path}`),
    close: () => simulator.close(),
  };
}

export function contractFlows(target: ContractTarget): void {
  const provider = target.definition.id;
  describe(`contract: ${provider}`, () => {
    let sim: RunningSimulator;
    let h: Harness;
    let secretsDir: string;
    const base = { provider };

    const exchanges: SimExchange[] = [];
    beforeEach(async () => {
      sim = await startSimulator(target.definition);
      // One-time secrets (installer keys) go to a private directory per test, removed afterwards.
      secretsDir = await mkdtemp(join(tmpdir(), 'hosting-mcp-contract-'));
      h = await connect(
        {
          accounts: [{ provider, name: 'main', settings: sim.settings }],
          secretsDir,
          allowDestructive: target.confirmsDestructive,
        },
        target.confirmsDestructive
          ? { answer: () => ({ action: 'accept', content: { confirm: true } }) }
          : undefined,
      );
    });
    afterEach(async () => {
      exchanges.push(...sim.exchanges);
      await h.close();
      await sim.close();
      await rm(secretsDir, { recursive: true, force: true });
    });

    // Every request the flows sent and every answer the simulator gave, against the document
    // (for providers whose known quirks are listed).
    afterAll(() => {
      if (!target.specQuirks) return;
      expect(exchanges.length).toBeGreaterThan(10);
      expect(new SpecConformance(provider).violations(exchanges, target.specQuirks ?? [])).toEqual([]);
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
      await warmUp();
      const before = sim.requests().filter((r) => r.startsWith('POST')).length;
      sim.inject({ status: 500, match: 'POST' });
      const text = await h.fail('create_server', { ...base, ...target.createServer });
      expect(text).toMatch(/HTTP 500/);
      // A 500 may come half-way through a write: say so and name the read, never advise a retry.
      expect(text).toMatch(/outcome_unknown[\s\S]*may or may not have been applied/);
      expect(text).toMatch(/call list_servers/);
      expect(text).not.toMatch(/retry|try again/i);
      const posts = sim.requests().filter((r) => r.startsWith('POST')).length - before;
      expect(posts).toBe(1);
    });

    it.runIf(Boolean(target.createServer))('sends nothing on dry_run and shows the request', async () => {
      await warmUp();
      const before = sim.requests().filter((r) => !r.startsWith('GET')).length;
      const plan = await h.ok<{
        dry_run: boolean;
        request: { method: string; url: string; headers: Record<string, string> };
      }>('create_server', { ...base, ...target.createServer, dry_run: true });
      expect(plan.dry_run).toBe(true);
      expect(plan.request.method).not.toBe('GET');
      for (const secret of secretSettings(sim.settings)) {
        expect(JSON.stringify(plan.request)).not.toContain(secret);
      }
      expect(sim.requests().filter((r) => !r.startsWith('GET')).length).toBe(before);
    });

    it('never shows a canary secret in any result or log line', async () => {
      for (const [tool, args] of target.seedReads) await h.call(tool, { ...base, ...args });
      const seen = [...h.outputs, ...h.logs].join('\n');
      expect(seen.length).toBeGreaterThan(500);
      const secrets = [...target.canaries, ...secretSettings(sim.settings)];
      for (const secret of secrets) expect(seen).not.toContain(secret);
    });

    it('fails unsupported verbs with a message that names what to use instead', async () => {
      for (const { tool, args, message } of target.unsupported) {
        const text = await h.fail(tool, { ...base, ...args });
        expect(text).toMatch(message);
      }
    });

    const ops = target.ops;
    if (ops)
      describe('everyday operations', () => {
        let audit: string;
        let ops_h: Harness;

        beforeEach(async () => {
          audit = join(secretsDir, 'audit.log');
          ops_h = await connect({
            accounts: [{ provider, name: 'main', settings: sim.settings }],
            secretsDir,
            auditLog: audit,
            allowDestructive: true,
          });
        });
        afterEach(() => ops_h.close());

        it.runIf(ops.env)(
          'sets a variable, reads it back masked, and redeploys only when asked',
          async () => {
            const canary = `ops-canary-${provider}-Zx81Qv`;
            const site = { ...base, ...ops.env!.site };
            const set = await ops_h.ok<{ changes: Record<string, string>; needs_redeploy: boolean }>(
              'set_env',
              {
                ...site,
                set: { HOSTING_MCP_CANARY: canary },
              },
            );
            expect(set.changes).toContainEqual({ key: 'HOSTING_MCP_CANARY', change: 'added' });
            const read = await ops_h.ok<{ variables: Array<{ key: string; value: string }> }>(
              'get_env',
              site,
            );
            expect(read.variables.find((v) => v.key === 'HOSTING_MCP_CANARY')?.value).toBe('set');
            const redeployed = await ops_h.ok<{ redeployed: boolean; operation?: Op }>('set_env', {
              ...site,
              set: { HOSTING_MCP_CANARY: `${canary}-2` },
              redeploy: true,
            });
            expect(redeployed.redeployed).toBe(true);
            const dry = await ops_h.ok<{ changes: Array<{ key: string; change: string }> }>('set_env', {
              ...site,
              unset: ['HOSTING_MCP_CANARY'],
              dry_run: true,
            });
            expect(dry.changes).toContainEqual({ key: 'HOSTING_MCP_CANARY', change: 'removed' });
            const seen = [...ops_h.outputs, ...ops_h.logs, await readFile(audit, 'utf8')].join('\n');
            for (const secret of [canary, ...target.canaries]) expect(seen).not.toContain(secret);
          },
        );

        it.runIf(ops.database)(
          'creates a database and lists it, the password kept out of every output',
          async () => {
            const created = await ops_h.ok<{ operation?: Op; next_steps?: string[] }>('create_database', {
              ...base,
              ...ops.database!.place,
              ...ops.database!.create,
            });
            if (created.operation && !created.operation.done)
              expect((await settleWith(ops_h, created.operation)).state).toBe('succeeded');
            const list = await ops_h.ok<{ databases: Array<{ name: string }> }>('list_databases', {
              ...base,
              ...ops.database!.place,
            });
            expect(list.databases.map((d) => d.name)).toContain(ops.database!.create.name);
            // A password made for the new user is in a 0600 file named in the result, and nowhere else.
            const file = created.next_steps?.join(' ').match(/ (\/\S+) \(readable by you only\)/)?.[1];
            if (ops.database!.create.user) expect(file).toBeDefined();
            if (file) {
              const password = (await readFile(file, 'utf8')).trim();
              expect(password.length).toBeGreaterThanOrEqual(12);
              const seen = [...ops_h.outputs, ...ops_h.logs, await readFile(audit, 'utf8')].join('\n');
              expect(seen).not.toContain(password);
            }
          },
        );

        it.runIf(ops.backup)(
          ops.backup?.restore === false
            ? 'backs up, waits, and lists the new backup'
            : 'backs up, waits, lists, restores with a person’s confirmation, and the data changes',
          async () => {
            const place = { ...base, ...ops.backup!.place };
            type Backups = { backups: Array<{ id: string; state: string }> };
            const earlier =
              ops.backup!.restore === false ? await ops_h.ok<Backups>('list_backups', place) : undefined;
            const started = await ops_h.ok<{ operation: Op }>('create_backup', {
              ...place,
              ...ops.backup!.create,
            });
            expect((await settleWith(ops_h, started.operation)).state).toBe('succeeded');
            const list = await ops_h.ok<Backups>('list_backups', place);
            if (earlier) {
              const known = new Set(earlier.backups.map((b) => b.id));
              expect(list.backups.filter((b) => !known.has(b.id)).map((b) => b.state)).toEqual(['succeeded']);
              return;
            }
            const backup =
              ops.backup!.pick?.(list.backups) ?? list.backups.find((b) => b.state === 'succeeded')!.id;
            const before = await ops.backup!.observe!(ops_h);
            // No elicitation here: the first call returns the plan and a token, the second sends it.
            const first = await ops_h.call('restore_backup', { ...place, backup });
            const error = (
              first.structuredContent as {
                error: { code: string; details: { confirm: string; plan: { destroys: string } } };
              }
            ).error;
            expect(error.code).toBe('confirmation_required');
            expect(error.details.plan.destroys).toMatch(/overwrite|restore/i);
            const restored = await ops_h.ok<{ operation: Op; confirmed_by: string }>('restore_backup', {
              ...place,
              backup,
              confirm: error.details.confirm,
            });
            expect(restored.confirmed_by).toBe('token');
            expect((await settleWith(ops_h, restored.operation)).state).toBe('succeeded');
            expect(await ops.backup!.observe!(ops_h)).not.toEqual(before);
          },
        );

        async function settleWith(harness: Harness, operation: Op): Promise<Op> {
          sim.advance(target.settleMs);
          return (await harness.ok<{ operation: Op }>('get_operation', { operation_id: operation.id }))
            .operation;
        }
      });

    /** Credentials first (a token exchange is a POST too), so what follows counts only the write. */
    async function warmUp(): Promise<void> {
      await h.ok(target.listTool, base);
    }

    async function existingSite(): Promise<Record<string, unknown>> {
      const sites = await h.ok<{ sites: Array<{ id: string }> }>('list_sites', base);
      return { site: sites.sites[0]!.id };
    }
  });
}

/** Setting values that are credentials (api_token, api_key, client_secret, ...). */
function secretSettings(settings: Record<string, string>): string[] {
  return Object.entries(settings)
    .filter(([key]) => /token|key|secret/.test(key))
    .map(([, value]) => value);
}
