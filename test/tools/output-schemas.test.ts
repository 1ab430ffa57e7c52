import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { connect, type Harness } from '../support/harness.js';

/**
 * Every tool of the sandbox (all five providers, as --sandbox runs them) called on every provider
 * it serves, each successful result checked against the outputSchema the tool declares (the
 * harness checks every result; see test/support/harness.ts). The walk starts from what the lists
 * return, so it covers whatever the seed data holds: servers, sites, deployments, certificates,
 * each log source, environment variables, databases and backups, writes as dry runs and for real.
 */

let sandbox: Sandbox;
let h: Harness;
beforeAll(async () => {
  sandbox = await startSandbox();
  // Destructive writes allowed so that restore_backup can be checked (as a dry run).
  h = await connect({
    accounts: sandbox.accounts,
    era: 'modern',
    pollScale: sandbox.pollScale,
    allowDestructive: true,
  });
});
afterAll(async () => {
  await h.close();
  await sandbox.close();
});

interface Account {
  provider: string;
  capabilities: string[];
  writes: string[];
  log_sources: string[];
}

/** Minimal arguments for the writes whose arguments differ per provider, from the seed data. */
const CREATE_SERVER: Record<string, Record<string, unknown>> = {
  forge: { name: 'schema', cloud: 'ocean2', region: 'ams3', size: 's-1vcpu-1gb' },
  serverpilot: { name: 'schema' },
  coolify: { name: 'schema', ip_address: '198.51.100.90', private_key: 'acme-deploy' },
  platformsh: { name: 'Schema', organization: 'acme', plan: 'development', region: 'eu-3.platform.sh' },
};

describe('output schemas', () => {
  it('every tool, on every provider that serves it, returns what its outputSchema says', async () => {
    const succeeded = new Set<string>();
    const call = async (provider: string, tool: string, args: Record<string, unknown>) => {
      const result = await h.call(tool, { provider, ...args });
      if (!result.isError) succeeded.add(`${provider} ${tool}`);
      return result.isError ? undefined : (result.structuredContent as Record<string, never>);
    };
    await h.ok('list_accounts');
    const { accounts } = await h.ok<{ accounts: Account[] }>('list_accounts');
    /** The first of these argument sets the tool accepts (a server, else a site, per provider). */
    const firstOf = async (
      provider: string,
      tool: string,
      refs: Array<Record<string, unknown>>,
      extra = {},
    ) => {
      for (const ref of refs) {
        const result = await call(provider, tool, { ...ref, ...extra });
        if (result) return { ref, result };
      }
      return undefined;
    };
    for (const { provider, capabilities, writes, log_sources } of accounts) {
      const servers: Array<{ id: string }> = (await call(provider, 'list_servers', {}))?.servers ?? [];
      for (const server of servers.slice(0, 2)) await call(provider, 'get_server', { server: server.id });
      const sites: Array<{ id: string; server_id: string | null }> =
        (await call(provider, 'list_sites', {}))?.sites ?? [];
      for (const site of sites.slice(0, 3)) {
        const ref = { site: site.id, ...(site.server_id ? { server: site.server_id } : {}) };
        await call(provider, 'get_site', ref);
        await call(provider, 'list_certificates', ref);
        const deployments: Array<{ operation_id: string }> =
          (await call(provider, 'list_deployments', ref))?.deployments ?? [];
        for (const d of deployments.slice(0, 2))
          await call(provider, 'get_operation', { operation_id: d.operation_id });
        for (const source of log_sources) await call(provider, 'tail_logs', { source, ...ref, lines: 20 });
        await call(provider, 'deploy_site', { ...ref, dry_run: true });
        await call(provider, 'issue_certificate', { ...ref, dry_run: true });
      }
      for (const source of log_sources) await call(provider, 'tail_logs', { source, lines: 20 });
      if (CREATE_SERVER[provider])
        await call(provider, 'create_server', { ...CREATE_SERVER[provider], dry_run: true });
      if (servers[0])
        await call(provider, 'create_site', {
          server: servers[0].id,
          domain: 'schema.example.test',
          name: 'schema',
          dry_run: true,
        });
      // One real write, followed to its end: a result with an operation, then get_operation on it.
      let operation: { id: string } | undefined;
      for (const tool of ['deploy_site', 'issue_certificate'].filter((t) => writes.includes(t))) {
        for (const site of sites) {
          if (operation) break;
          const ref = { site: site.id, ...(site.server_id ? { server: site.server_id } : {}) };
          operation = (await call(provider, tool, ref))?.operation as { id: string } | undefined;
        }
      }
      if (!operation && CREATE_SERVER[provider]) {
        operation = (await call(provider, 'create_server', CREATE_SERVER[provider]))?.operation as
          | { id: string }
          | undefined;
      }
      if (operation) await call(provider, 'get_operation', { operation_id: operation.id });

      // Everyday operations, where the provider has them: reads, and writes as dry runs.
      const refs = [
        ...servers.slice(0, 1).map((server) => ({ server: server.id })),
        ...sites
          .slice(0, 1)
          .map((site) => ({ site: site.id, ...(site.server_id ? { server: site.server_id } : {}) })),
      ];
      const siteRef = refs.find((ref) => 'site' in ref);
      if (capabilities.includes('env') && siteRef) {
        await call(provider, 'get_env', siteRef);
        await call(provider, 'set_env', { ...siteRef, set: { SCHEMA_CHECK: 'on' }, dry_run: true });
      }
      if (capabilities.includes('siteControl') && siteRef)
        await call(provider, 'control_site', { ...siteRef, action: 'restart', dry_run: true });
      if (capabilities.includes('serverControl') && servers[0])
        await call(provider, 'control_server', {
          server: servers[0].id,
          action: 'restart_service',
          service: 'nginx',
          dry_run: true,
        });
      if (capabilities.includes('databases')) {
        const listed = await firstOf(provider, 'list_databases', refs);
        if (listed) await call(provider, 'create_database', { ...listed.ref, name: 'schema', dry_run: true });
      }
      if (capabilities.includes('backups')) {
        const listed = await firstOf(provider, 'list_backups', refs);
        if (listed) {
          await call(provider, 'create_backup', { ...listed.ref, dry_run: true });
          const [backup] = (listed.result.backups ?? []) as Array<{ id: string }>;
          if (backup)
            await call(provider, 'restore_backup', { ...listed.ref, backup: backup.id, dry_run: true });
        }
      }
    }
    // The whole-API tools, on the provider whose document they read (Forge): a search, a read, a
    // write as a dry run and for real.
    const rule = {
      operation: 'organizations.servers.firewall-rules.store',
      params: { organization: 'acme', server: 'web-1' },
      body: { name: 'schema', port: '2222', type: 'allow' },
    };
    await call('forge', 'search_api', { query: 'list sites of a server' });
    await call('forge', 'read_api', {
      operation: 'organizations.servers.sites.index',
      params: { organization: 'acme', server: 'web-1' },
    });
    await call('forge', 'write_api', { ...rule, dry_run: true });
    await call('forge', 'write_api', rule);
    const listed = (await h.client.listTools()).tools.map((t) => t.name);
    // Every tool returned a checked result somewhere...
    expect([...h.validated].sort()).toEqual([...listed].sort());
    // ...and every read tool on every provider that has its capability.
    const reads: Record<string, string[]> = {
      servers: ['list_servers', 'get_server'],
      sites: ['list_sites', 'get_site'],
      deployments: ['list_deployments'],
      certificates: ['list_certificates'],
      logs: ['tail_logs'],
      operations: ['get_operation'],
      env: ['get_env'],
      databases: ['list_databases'],
      backups: ['list_backups'],
    };
    for (const { provider, capabilities } of accounts) {
      for (const capability of capabilities) {
        for (const tool of reads[capability] ?? [])
          expect(succeeded, `${provider} ${tool}`).toContain(`${provider} ${tool}`);
      }
    }
  });
});
