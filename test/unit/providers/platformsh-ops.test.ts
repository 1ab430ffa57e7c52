import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plan } from '../../../src/providers/platformsh/env.js';
import { mapVariable } from '../../../src/providers/platformsh/map-variable.js';
import * as v from '../../../src/providers/platformsh/schemas.js';
import { PlatformshSimulator } from '../../../src/providers/platformsh/simulator/behaviour.js';
import { PLATFORMSH_CANARIES } from '../../../src/providers/platformsh/simulator/seed.js';
import { connect, type Harness } from '../../support/harness.js';
import { confirmedByToken, type FollowedOperation as Op, settled } from '../../support/ops.js';

const SHOP = 'sh0pabcd12345';
const MAIN = `${SHOP}:main`;
const STAGING = `${SHOP}:staging`;
const base = { provider: 'platformsh' };
const HOUR = 3_600_000;

type Variable = { key: string; value: string; scope: string; inherited: boolean; sensitive: boolean };

let sim: PlatformshSimulator;
let h: Harness;

beforeEach(async () => {
  sim = new PlatformshSimulator();
  const { apiUrl, authUrl } = await sim.listen();
  h = await connect({
    accounts: [
      {
        provider: 'platformsh',
        name: 'main',
        settings: { api_token: sim.apiToken, api_url: apiUrl, auth_url: authUrl },
      },
    ],
    allowDestructive: true,
  });
});
afterEach(async () => {
  await h.close();
  await sim.close();
});

const sent = (prefix: string) =>
  sim.http.requests.filter((r) => `${r.method} ${r.path}`.startsWith(prefix)).map((r) => r.body);

async function env(site: string, scope?: string): Promise<Variable[]> {
  return (await h.ok<{ variables: Variable[] }>('get_env', { ...base, site, scope })).variables;
}

const settle = (op: { id: string }) => settled(h, () => sim.clock.advance(HOUR), op);

const confirmed = <T>(tool: string, args: Record<string, unknown>) => confirmedByToken<T>(h, tool, args);

describe('platformsh: variables', () => {
  it('lists environment and project variables by the names applications read, never a value', async () => {
    const main = await env(MAIN);
    expect(main).toEqual([
      {
        key: 'STRIPE_SECRET_KEY',
        value: 'set',
        scope: 'environment (build+runtime)',
        inherited: false,
        sensitive: false,
      },
      {
        key: 'APP_ENV',
        value: 'set',
        scope: 'environment (build+runtime)',
        inherited: false,
        sensitive: false,
      },
      {
        key: 'MAILER_DSN',
        value: 'set',
        scope: 'environment (build+runtime)',
        inherited: false,
        sensitive: true,
      },
      {
        key: 'feature_flags',
        value: 'set',
        scope: 'environment (build+runtime); in $PLATFORM_VARIABLES',
        inherited: false,
        sensitive: false,
      },
      {
        key: 'SENTRY_DSN',
        value: 'set',
        scope: 'project (build+runtime)',
        inherited: false,
        sensitive: false,
      },
    ]);
    // Staging inherits main's variables; the scope argument narrows to one level.
    const staging = await env(STAGING, 'environment');
    expect(staging.map((x) => [x.key, x.inherited])).toEqual([
      ['STRIPE_SECRET_KEY', true],
      ['APP_ENV', true],
      ['MAILER_DSN', true],
      ['feature_flags', true],
    ]);
    expect((await env(MAIN, 'project')).map((x) => x.key)).toEqual(['SENTRY_DSN']);
    const seen = h.outputs.join('\n');
    for (const canary of Object.values(PLATFORMSH_CANARIES)) expect(seen).not.toContain(canary);
  });

  it('creates env: variables, shows them on the next read, and reports the redeploy Platform.sh starts', async () => {
    const set = await h.ok<{
      changes: Array<{ key: string; change: string }>;
      needs_redeploy: boolean;
      redeployed: boolean;
      redeployed_by?: string;
      operation: Op;
    }>('set_env', { ...base, site: STAGING, set: { NEW_KEY: 'value-1', APP_ENV: 'sk-override' } });
    expect(set.changes).toEqual([
      { key: 'NEW_KEY', change: 'added' },
      { key: 'APP_ENV', change: 'updated (overrides the inherited value)' },
    ]);
    expect(set).toMatchObject({ needs_redeploy: false, redeployed: true, redeployed_by: 'Platform.sh' });
    expect(set.operation.details?.type).toBe('environment.variable.update');
    expect(sent('POST /projects/sh0pabcd12345/environments/staging/variables')).toEqual([
      { name: 'env:NEW_KEY', value: 'value-1' },
    ]);
    expect(sent('PATCH /projects/sh0pabcd12345/environments/staging/variables/env%3AAPP_ENV')).toEqual([
      { value: 'sk-override' },
    ]);
    // Visible before the redeploy finishes; the override is staging's own, the rest stays inherited.
    const staging = await env(STAGING, 'environment');
    expect(staging.find((x) => x.key === 'NEW_KEY')).toMatchObject({ value: 'set', inherited: false });
    expect(staging.find((x) => x.key === 'APP_ENV')?.inherited).toBe(false);
    expect(staging.find((x) => x.key === 'STRIPE_SECRET_KEY')?.inherited).toBe(true);
    expect((await settle(set.operation)).state).toBe('succeeded');
    expect(h.outputs.join('\n')).not.toContain('sk-override');
  });

  it('removes own variables, keeps inherited ones, and says which', async () => {
    const result = await h.ok<{ changes: Array<{ key: string; change: string }> }>('set_env', {
      ...base,
      site: STAGING,
      unset: ['APP_ENV', 'NOPE'],
    });
    expect(result.changes).toEqual([
      { key: 'APP_ENV', change: 'not removed: inherited from a parent environment' },
      { key: 'NOPE', change: 'not present' },
    ]);
    expect(sent('DELETE')).toEqual([]);
    const removed = await h.ok<{ changes: Array<{ key: string; change: string }>; next_steps?: string[] }>(
      'set_env',
      {
        ...base,
        site: MAIN,
        unset: ['APP_ENV', 'SENTRY_DSN'],
      },
    );
    expect(removed.changes).toEqual([
      { key: 'APP_ENV', change: 'removed' },
      { key: 'SENTRY_DSN', change: 'not present' },
    ]);
    expect(removed.next_steps?.join(' ')).toMatch(/SENTRY_DSN also exist as project variables/);
    expect(sim.http.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      '/projects/sh0pabcd12345/environments/main/variables/env%3AAPP_ENV',
    ]);
    expect((await env(MAIN)).map((x) => x.key)).not.toContain('APP_ENV');
  });

  it('deploys changes Platform.sh staged only when asked, and says a redeploy is needed otherwise', async () => {
    sim.stageChanges(SHOP, 'staging');
    const staged = await h.ok<{ needs_redeploy: boolean; redeployed: boolean; next_steps: string[] }>(
      'set_env',
      {
        ...base,
        site: STAGING,
        set: { A: '1' },
      },
    );
    expect(staged).toMatchObject({ needs_redeploy: true, redeployed: false });
    expect(staged.next_steps.join(' ')).toMatch(
      /set_env with redeploy: true, or write_api deploy-environment/,
    );
    const deployed = await h.ok<{ needs_redeploy: boolean; redeployed: boolean; operation: Op }>('set_env', {
      ...base,
      site: STAGING,
      set: { B: '2' },
      redeploy: true,
    });
    expect(deployed).toMatchObject({ needs_redeploy: false, redeployed: true });
    expect(sent('POST /projects/sh0pabcd12345/environments/staging/deploy')).toHaveLength(1);
    expect((await settle(deployed.operation)).state).toBe('succeeded');
  });

  it('changes a paused environment without a redeploy, and names how to apply it', async () => {
    const { result } = await confirmed<{ operation: Op }>('control_site', {
      ...base,
      site: STAGING,
      action: 'stop',
    });
    await settle(result.operation);
    const set = await h.ok<{ needs_redeploy: boolean; redeployed: boolean; next_steps: string[] }>(
      'set_env',
      {
        ...base,
        site: STAGING,
        set: { A: '1' },
        redeploy: true,
      },
    );
    expect(set).toMatchObject({ needs_redeploy: true, redeployed: false });
    expect(set.next_steps.join(' ')).toMatch(/paused: control_site start resumes it/);
    expect(sent('POST /projects/sh0pabcd12345/environments/staging/redeploy')).toEqual([]);
  });

  it('shows the requests of a dry run without values and sends none', async () => {
    const dry = await h.ok<{ changes: Array<{ key: string; change: string }>; requests: string[] }>(
      'set_env',
      {
        ...base,
        site: MAIN,
        set: { APP_ENV: 'secret-dry-value' },
        unset: ['feature_flags'],
        dry_run: true,
      },
    );
    expect(dry.changes).toEqual([
      { key: 'APP_ENV', change: 'updated' },
      { key: 'feature_flags', change: 'removed' },
    ]);
    expect(dry.requests).toEqual([
      'PATCH /projects/sh0pabcd12345/environments/main/variables/env:APP_ENV',
      'DELETE /projects/sh0pabcd12345/environments/main/variables/feature_flags',
    ]);
    expect(sim.http.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/oauth2'))).toEqual([]);
    expect(h.outputs.join('\n')).not.toContain('secret-dry-value');
  });

  it('plans each key at the environment level: env: first, bare names second, new keys with env:', () => {
    const parse = (items: unknown[]) => items.map((item) => v.variable.parse(item));
    const own = parse([
      { name: 'env:A', value: 'x', inherited: false },
      { name: 'B', value: '', inherited: false },
      { name: 'A', value: 'y', inherited: false },
    ]);
    expect(plan(own, { A: '1', B: '2', C: '3' }, ['A', 'B'])).toEqual([
      { key: 'A', result: 'updated', write: { kind: 'update', name: 'env:A', id: 'env:A' } },
      { key: 'B', result: 'updated', write: { kind: 'update', name: 'B', id: 'B' } },
      { key: 'C', result: 'added', write: { kind: 'create', name: 'env:C', id: 'env:C' } },
    ]);
    expect(mapVariable('environment', own[1]!)).toMatchObject({ key: 'B', value: 'empty' });
    // The parse keeps only whether a value is set.
    expect(JSON.stringify(own)).not.toMatch(/"x"|"y"/);
  });
});

describe('platformsh: start, stop, restart', () => {
  it('pauses after a person confirms, resumes, and redeploys; each followed to the end', async () => {
    const stop = await confirmed<{ operation: Op }>('control_site', {
      ...base,
      site: STAGING,
      action: 'stop',
    });
    expect(stop.plan).toMatch(
      /pauses environment staging of project sh0pabcd12345: its apps, services and cron jobs stop/,
    );
    expect(stop.result.operation.details?.type).toBe('environment.pause');
    expect(
      (await h.ok<{ site: { status: string } }>('get_site', { ...base, site: STAGING })).site.status,
    ).toBe('active');
    expect((await settle(stop.result.operation)).state).toBe('succeeded');
    expect(
      (await h.ok<{ site: { status: string } }>('get_site', { ...base, site: STAGING })).site.status,
    ).toBe('paused');
    const again = await h.ok<{ message: string; operation?: Op }>('control_site', {
      ...base,
      site: STAGING,
      action: 'stop',
    });
    expect(again.message).toMatch(/already paused; nothing was sent/);
    const restart = await h.fail('control_site', { ...base, site: STAGING, action: 'restart' });
    expect(restart).toMatch(
      /staging is paused: it cannot be restarted now[\s\S]*control_site start resumes it/,
    );
    const start = await h.ok<{ operation: Op }>('control_site', { ...base, site: STAGING, action: 'start' });
    expect(start.operation.details?.type).toBe('environment.resume');
    await settle(start.operation);
    const redeploy = await h.ok<{ operation: Op }>('control_site', {
      ...base,
      site: STAGING,
      action: 'restart',
    });
    expect(redeploy.operation.details?.type).toBe('environment.redeploy');
    expect((await settle(redeploy.operation)).state).toBe('succeeded');
  });
});

describe('platformsh: backups', () => {
  it('lists backups newest first, takes a live one when asked, and names the backup it made', async () => {
    const list = await h.ok<{
      backups: Array<{ id: string; state: string; size_bytes: number; details: Record<string, unknown> }>;
    }>('list_backups', { ...base, site: MAIN });
    expect(list.backups).toHaveLength(2);
    expect(list.backups[0]).toMatchObject({ state: 'succeeded', details: { automated: true, safe: true } });
    const started = await h.ok<{ operation: Op }>('create_backup', { ...base, site: MAIN, live: true });
    expect(sent('POST /projects/sh0pabcd12345/environments/main/backup')).toEqual([{ safe: false }]);
    const done = await settle(started.operation);
    expect(done.state).toBe('succeeded');
    const after = await h.ok<{ backups: Array<{ id: string; details: Record<string, unknown> }> }>(
      'list_backups',
      {
        ...base,
        site: MAIN,
      },
    );
    expect(after.backups[0]).toMatchObject({
      id: done.details?.backup,
      details: { safe: false, automated: false },
    });
  });

  it('restores only after a person read which backup and what is overwritten', async () => {
    const [backup] = (
      await h.ok<{ backups: Array<{ id: string; created_at: string; size_bytes: number }> }>('list_backups', {
        ...base,
        site: MAIN,
      })
    ).backups;
    const { plan, result } = await confirmed<{ operation: Op; next_steps: string[] }>('restore_backup', {
      ...base,
      site: MAIN,
      backup: backup!.id,
    });
    expect(plan).toBe(
      `overwrites the data of environment main of project sh0pabcd12345 (its databases and mounted files) with backup ${backup!.id} (taken ${backup!.created_at}, ${backup!.size_bytes} bytes), then redeploys it; the code stays at its current commit`,
    );
    expect(sent(`POST /projects/sh0pabcd12345/environments/main/backups/${backup!.id}/restore`)).toEqual([
      { restore_code: false },
    ]);
    expect(result.next_steps.join(' ')).toMatch(/write_api restore-backup with restore_code: true/);
    expect((await settle(result.operation)).state).toBe('succeeded');
    const missing = await h.fail('restore_backup', { ...base, site: MAIN, backup: 'nope' });
    expect(missing).toMatch(/has no backup "nope"[\s\S]*list_backups/);
  });
});
