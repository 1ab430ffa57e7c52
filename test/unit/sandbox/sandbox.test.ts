import { connect } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/sandbox.js';

/**
 * The sandbox binds every provider's port at start and builds a simulator on its first
 * connection: accounts are ready before any simulator code runs, and a provider nobody calls
 * never loads.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('the sandbox', () => {
  it('configures an account per provider on loopback before any simulator starts', async () => {
    sandbox = await startSandbox();
    expect(sandbox.accounts.map((a) => a.provider)).toEqual([
      'forge',
      'serverpilot',
      'coolify',
      'panelalpha',
      'platformsh',
    ]);
    for (const account of sandbox.accounts) {
      const url = account.settings.base_url ?? account.settings.api_url;
      expect(url, account.provider).toMatch(/^http:\/\/127\.0\.0\.1:\d+(\/|$)/);
    }
    expect(sandbox.instances.size).toBe(0);
  });

  it('starts a simulator on its first request, which it answers with the account’s credentials', async () => {
    sandbox = await startSandbox();
    const forge = sandbox.accounts.find((a) => a.provider === 'forge')!.settings;
    const answer = (token: string) =>
      request(`${forge.base_url}/orgs/acme/servers`, { headers: { authorization: `Bearer ${token}` } });

    const [first, second] = await Promise.all([answer(forge.api_token!), answer(forge.api_token!)]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    await Promise.all([first.body.json(), second.body.json()]);
    expect((await answer('another-token')).statusCode).toBe(401);
    expect([...sandbox.instances.keys()]).toEqual(['forge']);
    expect(sandbox.instances.get('forge')!.simulator.http.requests).toHaveLength(3);
  });

  it('closes simulators it started and ports it only bound', async () => {
    sandbox = await startSandbox();
    const coolify = sandbox.accounts.find((a) => a.provider === 'coolify')!.settings;
    const res = await request(`${coolify.base_url}/api/v1/version`, {
      headers: { authorization: `Bearer ${coolify.api_token}` },
    });
    await res.body.text();
    await sandbox.close();
    sandbox = undefined;
    await expect(request(`${coolify.base_url}/api/v1/version`)).rejects.toThrow();
  });

  it('keeps serving when a client resets its connection while the simulator loads', async () => {
    sandbox = await startSandbox();
    const panelalpha = sandbox.accounts.find((a) => a.provider === 'panelalpha')!.settings;
    const { port } = new URL(panelalpha.base_url!);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('GET /api/admin/users HTTP/1.1\r\nHost: 127');
        socket.resetAndDestroy();
        resolve();
      });
      socket.on('error', reject);
    });
    const res = await request(`${panelalpha.base_url}/api/admin/users`, {
      headers: { authorization: `Bearer ${panelalpha.api_token}` },
    });
    expect(res.statusCode).toBe(200);
    await res.body.json();
  });
});
