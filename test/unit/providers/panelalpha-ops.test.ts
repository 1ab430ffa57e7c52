import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapBackup } from '../../../src/providers/panelalpha/map-backup.js';
import * as v from '../../../src/providers/panelalpha/schemas.js';
import { PanelAlphaSimulator } from '../../../src/providers/panelalpha/simulator/behaviour.js';
import { PANELALPHA_CANARIES } from '../../../src/providers/panelalpha/simulator/seed.js';
import { connect, type Harness } from '../../support/harness.js';
import { confirmedByToken, type FollowedOperation as Op, settled } from '../../support/ops.js';

const base = { provider: 'panelalpha' };
const SHOP = 'shop.acme.test';
const HOUR = 3_600_000;

let sim: PanelAlphaSimulator;
let h: Harness;
let secretsDir: string;

beforeEach(async () => {
  sim = new PanelAlphaSimulator();
  const baseUrl = await sim.listen();
  secretsDir = await mkdtemp(join(tmpdir(), 'hosting-mcp-pa-ops-'));
  h = await connect({
    accounts: [
      {
        provider: 'panelalpha',
        name: 'main',
        settings: { api_token: sim.token, base_url: baseUrl, user_id: sim.defaultUserId },
      },
    ],
    allowDestructive: true,
    secretsDir,
  });
});
afterEach(async () => {
  await h.close();
  await sim.close();
  await rm(secretsDir, { recursive: true, force: true });
});

const writes = () =>
  sim.http.requests
    .filter((r) => r.method !== 'GET')
    .map((r) => ({ call: `${r.method} ${r.path}`, body: r.body, user: r.headers['x-panelalpha-user'] }));

const settle = (op: { id: string }) => settled(h, () => sim.clock.advance(HOUR), op);

const confirmed = <T>(tool: string, args: Record<string, unknown>) => confirmedByToken<T>(h, tool, args);

describe('panelalpha: MySQL databases', () => {
  it('lists the databases of the hosting account a site is on, as the site owner', async () => {
    const list = await h.ok<{
      databases: Array<{ name: string; type: string; details: { users: string[] } }>;
    }>('list_databases', { ...base, site: SHOP });
    expect(list.databases.map((d) => d.name)).toEqual(['acmeshop_wp101', 'acmeshop_wp102', 'acmeshop_wp103']);
    expect(list.databases[0]).toMatchObject({ type: 'mysql', details: { users: ['acmeshop_wp'] } });
    expect(sim.http.requests.at(-1)!.headers['x-panelalpha-user']).toBe('12');
    const onServer = await h.fail('list_databases', { ...base, server: 'cp-eu-1' });
    expect(onServer).toMatch(/keeps databases per WordPress site: pass `site`/);
  });

  it('creates a database and its user, the password only in a 0600 file', async () => {
    const created = await h.ok<{ resource: { name: string }; next_steps: string[] }>('create_database', {
      ...base,
      site: SHOP,
      name: 'reports',
      user: 'reporter',
    });
    expect(created.resource.name).toBe('reports');
    const file = created.next_steps.join(' ').match(/ (\/\S+) \(readable by you only\)/)![1]!;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const password = (await readFile(file, 'utf8')).trim();
    expect(writes()).toEqual([
      { call: 'POST /api/server-accounts/41/mysql/databases', body: { name: 'reports' }, user: '12' },
      {
        call: 'POST /api/server-accounts/41/mysql/users',
        body: { name: 'reporter', password, database: 'reports' },
        user: '12',
      },
    ]);
    expect([...h.outputs, ...h.logs].join('\n')).not.toContain(password);
    const list = await h.ok<{ databases: Array<{ name: string; details: { users?: string[] } }> }>(
      'list_databases',
      { ...base, site: SHOP },
    );
    expect(list.databases.find((d) => d.name === 'reports')?.details.users).toEqual(['reporter']);
  });

  it('refuses engines PanelAlpha does not create, and names the panel’s own refusal', async () => {
    expect(await h.fail('create_database', { ...base, site: SHOP, name: 'x', type: 'postgresql' })).toMatch(
      /MySQL databases only, not postgresql/,
    );
    expect(await h.fail('create_database', { ...base, site: SHOP, name: 'bad-name' })).toMatch(
      /letters, numbers and underscores/,
    );
    expect(writes().map((w) => w.call)).toEqual(['POST /api/server-accounts/41/mysql/databases']);
  });
});

describe('panelalpha: WordPress backups', () => {
  it('backs up files and database with a note, followed in the site’s backup list', async () => {
    const started = await h.ok<{ operation: Op; resource: { id: string } }>('create_backup', {
      ...base,
      site: SHOP,
      note: 'before plugin update',
    });
    expect(writes()).toEqual([
      {
        call: 'POST /api/instances/101/wordpress/backups',
        body: { backupDirectory: true, backupDatabase: true, backupNote: 'before plugin update' },
        user: '12',
      },
    ]);
    expect(started.operation).toMatchObject({ kind: 'backup', state: 'running', status: 'in_progress' });
    expect(await settle(started.operation)).toMatchObject({ state: 'succeeded', status: 'completed' });
    const list = await h.ok<{
      backups: Array<{ id: string; of: string; state: string; details: { note?: string } }>;
    }>('list_backups', { ...base, site: SHOP });
    expect(list.backups.map((b) => b.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(list.backups[0]).toMatchObject({
      id: started.resource.id,
      of: 'files and database of WordPress site shop.acme.test',
      details: { note: 'before plugin update' },
    });
  });

  it('restores after a person read which backup and what is overwritten, followed through its task', async () => {
    const backups = (
      await h.ok<{ backups: Array<{ id: string; created_at: string; size_bytes: number }> }>('list_backups', {
        ...base,
        site: SHOP,
      })
    ).backups;
    const oldest = backups.at(-1)!;
    const { plan, result } = await confirmed<{ operation: Op }>('restore_backup', {
      ...base,
      site: SHOP,
      backup: oldest.id,
    });
    expect(plan).toBe(
      `overwrites the files and database of WordPress site shop.acme.test with backup ${oldest.id} (taken ${oldest.created_at}, ${oldest.size_bytes} bytes); files added since the backup stay`,
    );
    expect(writes()).toEqual([
      {
        call: `PUT /api/instances/101/wordpress/backups/${oldest.id}/restore`,
        body: { restoreDatabase: true, restoreDirectory: true, deleteExistingFiles: false },
        user: '12',
      },
    ]);
    expect(result.operation).toMatchObject({ kind: 'restore', done: false });
    const version = async () =>
      (await h.ok<{ site: { details: { wordpress_version: string } } }>('get_site', { ...base, site: SHOP }))
        .site.details.wordpress_version;
    expect(await version()).toBe('6.6.2');
    expect(await settle(result.operation)).toMatchObject({ kind: 'restore', state: 'succeeded' });
    expect(await version()).toBe('6.5.5');
  });

  it('refuses a backup that is not complete or not there, sending nothing', async () => {
    const started = await h.ok<{ resource: { id: string } }>('create_backup', { ...base, site: SHOP });
    const sent = writes().length;
    expect(await h.fail('restore_backup', { ...base, site: SHOP, backup: started.resource.id })).toMatch(
      /is in_progress, not complete/,
    );
    expect(await h.fail('restore_backup', { ...base, site: SHOP, backup: '999999' })).toMatch(
      /has no backup "999999"[\s\S]*list_backups/,
    );
    expect(writes()).toHaveLength(sent);
  });

  it('maps a backup by what it holds, and an unknown status word is not success', () => {
    const instance = v.instance.parse({ id: 7, domain: 'x.test', status: 'active' });
    const backup = (fields: Record<string, unknown>) =>
      mapBackup(instance, v.backup.parse({ id: 1, ...fields }));
    expect(backup({ backup_directory: false, status: 'completed' })).toMatchObject({
      of: 'database of WordPress site x.test',
      state: 'succeeded',
    });
    expect(backup({ backup_database: false, status: 'Failed' })).toMatchObject({
      of: 'files of WordPress site x.test',
      state: 'failed',
    });
    expect(backup({ status: 'uploading' }).state).toBe('running');
  });
});

describe('panelalpha: maintenance mode as stop and start', () => {
  it('turns maintenance on after a person confirms, and off as a plain write; no restart', async () => {
    const { plan, result } = await confirmed<{ maintenance_mode: boolean; next_steps: string[] }>(
      'control_site',
      {
        ...base,
        site: SHOP,
        action: 'stop',
      },
    );
    expect(plan).toBe(
      "turns on maintenance mode of shop.acme.test: its visitors get WordPress's maintenance page until it is turned off",
    );
    expect(result.maintenance_mode).toBe(true);
    const again = await h.ok<{ message: string }>('control_site', { ...base, site: SHOP, action: 'stop' });
    expect(again.message).toMatch(/already on; nothing was sent/);
    const start = await h.ok<{ maintenance_mode: boolean; confirmed_by?: string }>('control_site', {
      ...base,
      site: SHOP,
      action: 'start',
    });
    expect(start).toMatchObject({ maintenance_mode: false });
    expect(start.confirmed_by).toBeUndefined();
    expect(writes()).toEqual([
      { call: 'PUT /api/instances/101/wordpress/maintenance-mode', body: { status: true }, user: '12' },
      { call: 'PUT /api/instances/101/wordpress/maintenance-mode', body: { status: false }, user: '12' },
    ]);
  });

  it('names wp-config entries for environment variables and the server panel for restarts', async () => {
    const accounts = await h.ok<{ accounts: Array<{ not_supported: Record<string, string> }> }>(
      'list_accounts',
    );
    const [account] = accounts.accounts;
    expect(Object.keys(account!.not_supported).sort()).toEqual(['env', 'serverControl']);
    expect(account!.not_supported.env).toMatch(
      /no environment-variable API: .*read_api list-wordpress-config-entries .* secret and never shown\) and write_api update-wordpress-config-entry/,
    );
    expect(account!.not_supported.serverControl).toMatch(
      /server's own panel \(cPanel WHM, Plesk, DirectAdmin\)/,
    );
    const seen = [...h.outputs, ...h.logs].join('\n');
    for (const canary of Object.values(PANELALPHA_CANARIES)) expect(seen).not.toContain(canary);
  });
});
