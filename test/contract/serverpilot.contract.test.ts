import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForgeSimulator } from '../../src/providers/forge/simulator/behaviour.js';
import { serverpilotDefinition } from '../../src/providers/serverpilot/index.js';
import { ServerPilotSimulator } from '../../src/providers/serverpilot/simulator/behaviour.js';
import { SERVERPILOT_CANARIES, SERVERPILOT_SEED } from '../../src/providers/serverpilot/simulator/seed.js';
import { connect, type Harness } from '../support/harness.js';
import { contractFlows } from './contract-flows.js';

const ACTIONS = SERVERPILOT_SEED.actions;

contractFlows({
  specQuirks: [],
  definition: serverpilotDefinition,
  ops: {
    database: { place: { site: 'shop' }, create: { name: 'reports', user: 'reporter' } },
  },
  canaries: Object.values(SERVERPILOT_CANARIES),
  settleMs: 60 * 60_000,
  createServer: { name: 'contract-1', plan: 'business' },
  createSite: (server) => ({ server: server.id, domain: 'contract.example.test', php_version: 'php84' }),
  siteRef: (site) => ({ site: (site.domains as string[])[0] }),
  certificate: { force_ssl: true },
  seedReads: [
    ['list_servers', {}],
    ['get_server', { server: 'www1' }],
    ['list_sites', {}],
    ['get_site', { site: 'shop.example.com' }],
    ['get_site', { site: 'blog' }],
    ['list_certificates', { site: 'shop' }],
    ['list_certificates', { site: 'blog.example.com' }],
    ['get_operation', { operation_id: `serverpilot:main:site:Ap2BlogApp00002y:${ACTIONS.succeeded}` }],
    [
      'get_operation',
      { operation_id: `serverpilot:main:server:Ra7sKv2MxQ5wBn3C:${ACTIONS.stagingRegistration}` },
    ],
    // The first server registered through the simulator receives the server API key canary.
    ['create_server', { name: 'canary-check' }],
    ['issue_certificate', { site: 'shop' }],
  ],
  listTool: 'list_servers',
  unsupported: [
    {
      tool: 'issue_certificate',
      args: { site: 'shop.example.com' },
      message: /custom certificate[\s\S]*Next: Delete the custom certificate in the ServerPilot dashboard/,
    },
    {
      tool: 'issue_certificate',
      args: { site: 'legacy' },
      message: /no AutoSSL certificate[\s\S]*Point DNS for legacy\.example\.invalid/,
    },
  ],
});

describe('contract: serverpilot without deploy and log APIs', () => {
  let forge: ForgeSimulator;
  let serverpilot: ServerPilotSimulator;
  let h: Harness;
  let secretsDir: string;

  beforeEach(async () => {
    forge = new ForgeSimulator();
    serverpilot = new ServerPilotSimulator();
    const [forgeUrl, serverpilotUrl] = await Promise.all([forge.listen(), serverpilot.listen()]);
    secretsDir = await mkdtemp(join(tmpdir(), 'hosting-mcp-contract-'));
    h = await connect({
      accounts: [
        { provider: 'forge', name: 'main', settings: { api_token: forge.token, base_url: forgeUrl } },
        {
          provider: 'serverpilot',
          name: 'main',
          settings: {
            client_id: serverpilot.clientId,
            api_key: serverpilot.apiKey,
            base_url: serverpilotUrl,
          },
        },
      ],
      secretsDir,
    });
  });
  afterEach(async () => {
    await h.close();
    await Promise.all([forge.close(), serverpilot.close()]);
    await rm(secretsDir, { recursive: true, force: true });
  });

  it('fails deploy_site, list_deployments and tail_logs for serverpilot with what to use instead', async () => {
    const sent = serverpilot.http.requests.length;
    const deploy = await h.fail('deploy_site', { provider: 'serverpilot', site: 'shop' });
    expect(deploy).toMatch(/ServerPilot does not support deploy_site/);
    expect(deploy).toMatch(/no deploy API: upload over SFTP, or SSH in .* git pull .*\(get_site shows it\)/);
    expect(deploy).toMatch(/Providers that do: forge/);
    const deployments = await h.fail('list_deployments', { provider: 'serverpilot', site: 'shop' });
    expect(deployments).toMatch(/does not support list_deployments[\s\S]*no deploy API/);
    const logs = await h.fail('tail_logs', { provider: 'serverpilot', source: 'application', site: 'shop' });
    expect(logs).toMatch(/ServerPilot does not support tail_logs/);
    expect(logs).toMatch(/no log API: read \/srv\/users\/<user>\/log\/<app>\/ over SSH/);
    expect(logs).toMatch(/get_operation shows action status/);
    // Refused by the schema: nothing reached the provider.
    expect(serverpilot.http.requests.length).toBe(sent);
  });

  it('fails the everyday operations ServerPilot has no API for, naming the way to do them', async () => {
    const sent = serverpilot.http.requests.length;
    const env = await h.fail('get_env', { provider: 'serverpilot', site: 'shop' });
    expect(env).toMatch(
      /ServerPilot does not support get_env[\s\S]*no environment-variable API: edit .* over SSH or SFTP/,
    );
    const setEnv = await h.fail('set_env', { provider: 'serverpilot', site: 'shop', set: { A: 'b' } });
    expect(setEnv).toMatch(/does not support set_env[\s\S]*app_dir, get_site shows it\)/);
    const restart = await h.fail('control_server', {
      provider: 'serverpilot',
      server: 'www1',
      action: 'restart_service',
      service: 'nginx',
    });
    expect(restart).toMatch(
      /does not support control_server[\s\S]*no restart or reboot API: SSH into the server/,
    );
    for (const tool of ['list_backups', 'create_backup', 'restore_backup']) {
      const backups = await h.fail(tool, { provider: 'serverpilot', server: 'www1', backup: 'b1' });
      expect(backups).toMatch(/no backup API: dump a database over SSH[\s\S]*list_databases shows/);
    }
    expect(serverpilot.http.requests.length).toBe(sent);
  });

  it('keeps the same tools working for forge next to serverpilot', async () => {
    const logs = await h.ok<{ lines: number }>('tail_logs', {
      provider: 'forge',
      source: 'application',
      site: 'acme.test',
    });
    expect(logs.lines).toBeGreaterThan(0);
    const sites = await h.ok<{ sites: Array<{ name: string }> }>('list_sites', { provider: 'serverpilot' });
    expect(sites.sites.map((s) => s.name)).toEqual(['shop', 'blog', 'legacy']);
  });
});

describe('contract: serverpilot as the only provider', () => {
  it('lists no deploy or log tools, and list_accounts names the alternatives', async () => {
    const sim = new ServerPilotSimulator();
    const baseUrl = await sim.listen();
    const h = await connect({
      accounts: [
        {
          provider: 'serverpilot',
          name: 'main',
          settings: { client_id: sim.clientId, api_key: sim.apiKey, base_url: baseUrl },
        },
      ],
    });
    try {
      const tools = (await h.client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(
        expect.arrayContaining(['create_server', 'create_site', 'issue_certificate', 'get_operation']),
      );
      for (const missing of ['deploy_site', 'list_deployments', 'tail_logs'])
        expect(tools).not.toContain(missing);
      const accounts = await h.ok<{
        accounts: Array<{ writes: string[]; not_supported: Record<string, string> }>;
      }>('list_accounts');
      const [account] = accounts.accounts;
      expect(account!.writes).toEqual([
        'create_server',
        'create_site',
        'issue_certificate',
        'create_database',
      ]);
      for (const missing of ['get_env', 'control_site', 'control_server', 'list_backups'])
        expect(tools).not.toContain(missing);
      expect(tools).toEqual(expect.arrayContaining(['list_databases', 'create_database']));
      expect(account!.not_supported.deployments).toMatch(/no deploy API/);
      expect(account!.not_supported.env).toMatch(/no environment-variable API/);
      expect(account!.not_supported.siteControl).toMatch(/php<version>-fpm-sp restart.*write_api update-app/);
      expect(account!.not_supported.serverControl).toMatch(/sudo reboot/);
      expect(account!.not_supported.backups).toMatch(/mysqldump.*list_databases/);
      expect(account!.not_supported.logs).toMatch(
        /\/srv\/users\/<user>\/log\/<app>\/ .*get_site shows log_dir/,
      );
    } finally {
      await h.close();
      await sim.close();
    }
  });
});
