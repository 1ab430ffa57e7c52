import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForgeSimulator } from '../../src/providers/forge/simulator/behaviour.js';
import { connect, type Harness } from '../support/harness.js';

let sim: ForgeSimulator;
let h: Harness;

beforeEach(async () => {
  sim = new ForgeSimulator({ speed: 100 });
  h = await connect({
    accounts: [
      { provider: 'forge', name: 'main', settings: { api_token: sim.token, base_url: await sim.listen() } },
    ],
  });
});
afterEach(async () => {
  await h.close();
  await sim.close();
});

describe('set_env', () => {
  it('names each changed key with what happened to it, even keys that look secret, and never a value', async () => {
    const value = 'sk_live_7Qw2ErT9yU1iO3pA';
    const result = await h.ok<{ changes: Array<{ key: string; change: string }> }>('set_env', {
      site: 'acme.test',
      set: { STRIPE_SECRET_KEY: value },
      unset: ['NOT_THERE'],
    });
    expect(result.changes).toEqual([
      { key: 'STRIPE_SECRET_KEY', change: 'added' },
      { key: 'NOT_THERE', change: 'not present' },
    ]);
    const read = await h.ok<{ variables: Array<{ key: string; value: string }> }>('get_env', {
      site: 'acme.test',
    });
    expect(read.variables).toContainEqual({ key: 'STRIPE_SECRET_KEY', value: 'set', scope: null });
    expect([...h.outputs, ...h.logs].join('\n')).not.toContain(value);
  });
});
