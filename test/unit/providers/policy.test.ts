import { describe, expect, it } from 'vitest';
import { forgeCatalog } from '../../../src/providers/forge/catalog.gen.js';
import { riskOf } from '../../../src/providers/kit/policy.js';

const op = (id: keyof typeof forgeCatalog.operations) => forgeCatalog.operations[id];

describe('risk policy from data', () => {
  it('reads by GET, destroys by DELETE, writes otherwise', () => {
    expect(riskOf(op('organizations.servers.index'))).toBe('read');
    expect(riskOf(op('organizations.servers.destroy'))).toBe('destructive');
    expect(riskOf(op('organizations.servers.firewall-rules.store'))).toBe('write');
  });

  it('raises the risk where the body picks the action, never lowers it', () => {
    const actions = op('organizations.servers.actions.store');
    expect(riskOf(actions, { action: 'reboot' })).toBe('destructive');
    expect(riskOf(actions, { action: 'power-cycle' })).toBe('destructive');
    const nginx = op('organizations.servers.services.nginx.actions.store');
    expect(riskOf(nginx, { action: 'reboot' })).toBe('write');
    expect(riskOf(nginx, { action: 'stop' })).toBe('destructive');
    expect(riskOf(op('organizations.servers.destroy'), { action: 'reboot' })).toBe('destructive');
  });

  it('marks what the method cannot tell: restores and regenerated keys are destructive', () => {
    expect(riskOf(op('organizations.servers.database.backups.instances.restores.store'))).toBe('destructive');
    expect(riskOf(op('organizations.servers.key.update'))).toBe('destructive');
    expect(op('organizations.servers.database.backups.instances.restores.store').reason).toMatch(
      /overwrites/,
    );
  });
});
