import { describe, expect, it } from 'vitest';
import { coolifyCatalog } from '../../../src/providers/coolify/catalog.gen.js';
import { forgeCatalog } from '../../../src/providers/forge/catalog.gen.js';
import { panelalphaCatalog } from '../../../src/providers/panelalpha/catalog.gen.js';
import { platformshCatalog } from '../../../src/providers/platformsh/catalog.gen.js';
import { serverpilotCatalog } from '../../../src/providers/serverpilot/catalog.gen.js';
import { ApiIndex, describeOperation } from '../../../src/tools/api-search.js';

const index = new ApiIndex([
  { provider: 'forge', catalog: forgeCatalog },
  { provider: 'serverpilot', catalog: serverpilotCatalog },
  { provider: 'coolify', catalog: coolifyCatalog },
  { provider: 'panelalpha', catalog: panelalphaCatalog },
  { provider: 'platformsh', catalog: platformshCatalog },
]);

/** What users ask, in their words, and the operation that does it. */
const INTENTS: Array<[provider: string, query: string, expected: string]> = [
  ['forge', 'restart nginx', 'organizations.servers.services.nginx.actions.store'],
  ['forge', 'list daemons', 'organizations.servers.background-processes.index'],
  ['forge', 'update environment file', 'organizations.servers.sites.environment.update'],
  ['forge', 'create cron job', 'organizations.servers.scheduled-jobs.store'],
  ['forge', 'reboot server', 'organizations.servers.actions.store'],
  ['forge', 'add firewall rule', 'organizations.servers.firewall-rules.store'],
  ['forge', 'list database backups', 'organizations.servers.database.backups.index'],
  ['forge', 'restore database backup', 'organizations.servers.database.backups.instances.restores.store'],
  ['forge', 'create database user', 'organizations.servers.database.users.store'],
  ['forge', 'install php version', 'organizations.servers.php.versions.store'],
  ['coolify', 'app environment variables', 'list-envs-by-application-uuid'],
  ['coolify', 'restart application', 'restart-application-by-uuid'],
  ['coolify', 'stop service', 'stop-service-by-uuid'],
  ['coolify', 'list databases', 'list-databases'],
  ['coolify', 'create database backup', 'create-database-backup'],
  ['coolify', 'deploy application', 'deploy-by-tag-or-uuid'],
  ['coolify', 'list servers', 'list-servers'],
  ['coolify', 'private keys', 'list-private-keys'],
  ['platformsh', 'back up an environment', 'backup-environment'],
  ['platformsh', 'restore backup', 'restore-backup'],
  ['platformsh', 'list environment variables', 'list-projects-environments-variables'],
  ['platformsh', 'pause environment', 'pause-environment'],
  ['platformsh', 'list activities', 'list-projects-activities'],
  ['platformsh', 'redeploy environment', 'redeploy-environment'],
  ['platformsh', 'add domain', 'create-projects-domains'],
  ['platformsh', 'merge environment', 'merge-environment'],
  ['panelalpha', 'update WordPress plugins', 'update-plugin'],
  ['panelalpha', 'list instances', 'list-instances'],
  ['panelalpha', 'create instance backup', 'create-instance-backup'],
  ['panelalpha', 'restore backup', 'restore-instance-backup'],
  ['panelalpha', 'list mysql databases', 'list-mysql-databases'],
  ['panelalpha', 'toggle maintenance mode', 'toggle-maintenance-mode'],
  ['panelalpha', 'list hosting servers', 'admin-list-servers'],
  ['panelalpha', 'create cron job', 'create-cron-job'],
  ['serverpilot', 'list databases', 'list-databases'],
  ['serverpilot', 'create app', 'create-app'],
  ['serverpilot', 'enable autossl', 'enable-autossl'],
  ['serverpilot', 'delete system user', 'delete-sysuser'],
  ['serverpilot', 'check action status', 'get-action'],
  ['serverpilot', 'list servers', 'list-servers'],
  ['serverpilot', 'force https redirect', 'set-forcessl'],
  ['serverpilot', 'update app domains', 'update-app'],
];

describe('search_api ranking', () => {
  it('holds at least 8 intents per provider', () => {
    for (const provider of ['forge', 'serverpilot', 'coolify', 'panelalpha', 'platformsh']) {
      expect(INTENTS.filter(([p]) => p === provider).length, provider).toBeGreaterThanOrEqual(8);
    }
  });

  it.each(INTENTS)('%s: "%s" finds %s in the top 3', (provider, query, expected) => {
    const top = index.search(query, { provider, limit: 3 }).map((hit) => hit.op.id);
    expect(top).toContain(expected);
  });

  it('never offers an operation the policy denies', () => {
    const denied = structuredClone(forgeCatalog);
    denied.operations['organizations.servers.key.update'].risk = 'deny';
    const withDeny = new ApiIndex([{ provider: 'forge', catalog: denied }]);
    const ids = withDeny.search('server key', { limit: 20 }).map((hit) => hit.op.id);
    expect(ids).not.toContain('organizations.servers.key.update');
    expect(index.search('server key', { provider: 'forge', limit: 20 }).map((hit) => hit.op.id)).toContain(
      'organizations.servers.key.update',
    );
  });

  it('answers a typical search in under 1,000 tokens', () => {
    const lines = index.search('database backup', { limit: 8 }).map(describeOperation);
    expect(lines).toHaveLength(8);
    expect(Buffer.byteLength(JSON.stringify(lines)) / 4).toBeLessThanOrEqual(1_000);
  });

  it('describes params with required marks and enums, and body fields on one line', () => {
    const [hit] = index.search('reboot server', { provider: 'forge', limit: 1 });
    const line = describeOperation(hit!);
    expect(line).toMatch(
      /^forge organizations\.servers\.actions\.store \[write\] POST \/orgs\/\{organization\}\/servers\/\{server\}\/actions/,
    );
    expect(line).toMatch(/params: organization\*, server\*/);
    expect(line).toMatch(/body: action\*=reboot\|power-cycle/);
  });
});
