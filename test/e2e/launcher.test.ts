import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without type declarations.
import { stdioSession } from '../../scripts/lib/stdio-session.mjs';

const root = join(import.meta.dirname, '../..');
const dist = join(root, 'dist');
const read = (name: string) => readFileSync(join(dist, name), 'utf8');

/** Providers whose simulator the definition loads with import(): src/providers/<id>/simulator/index.ts. */
const lazy = readdirSync(join(root, 'src/providers')).filter((id) =>
  existsSync(join(root, 'src/providers', id, 'simulator/index.ts')),
);

/**
 * The build records V8's code cache for the bundles a sandbox session runs; the launcher hands it
 * back at start (a third of the cold start). If the build stopped producing it, or the launcher
 * changed how it wraps a bundle, V8 would reject the cache and every start would silently get
 * slower.
 */
describe('dist/cli.js launcher', () => {
  const launcher = read('cli.js');
  const scriptDir = /const SCRIPT_DIR = '([^']+)'/.exec(launcher)?.[1];

  it.each(['server.cjs', 'simulators.cjs'])('finds a code cache that V8 accepts for %s', (name) => {
    // The same wrapper the launcher builds (checked against its text so the two cannot drift).
    const wrapperStart = '(function (exports, require, module, __filename, __dirname) {';
    expect(launcher).toContain(`\`${wrapperStart}\${source}\\n})\``);
    expect(launcher).toContain('filename: SCRIPT_DIR + name');
    const script = new Script(`${wrapperStart}${read(name)}\n})`, {
      filename: `${scriptDir}${name}`,
      cachedData: readFileSync(join(dist, `${name}.cache`)),
    });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('ships nothing that names the machine it was built on', () => {
    expect(scriptDir).toBe('hosting-mcp/dist/');
    for (const name of readdirSync(dist)) {
      const bytes = readFileSync(join(dist, name));
      expect(bytes.includes(root), `${name} contains ${root}`).toBe(false);
      expect(name.endsWith('.map'), `${name} is a source map`).toBe(false);
    }
  });
});

/**
 * Simulators load only in sandbox mode: the server bundle that every start compiles holds none of
 * them. Each simulator's seed plants canary secrets, strings nothing else has.
 */
describe('dist/simulators.cjs', () => {
  const server = read('server.cjs');
  const simulators = read('simulators.cjs');

  it.each(lazy)('holds the %s simulator, which dist/server.cjs does not', (id) => {
    const seed = readFileSync(join(root, 'src/providers', id, 'simulator/seed.ts'), 'utf8');
    const canaries = seed.match(/[a-z]+-canary-[A-Za-z0-9-]+/g) ?? [];
    expect(canaries.length, `canaries in ${id}'s seed`).toBeGreaterThan(0);
    for (const canary of canaries) {
      expect(simulators).toContain(canary);
      expect(server).not.toContain(canary);
    }
  });

  it('takes the modules the server bundle holds from it instead of a copy', () => {
    for (const shared of new Set(simulators.match(/hosting-mcp-server:[^"]+/g))) {
      expect(server).toContain(JSON.stringify(shared.slice('hosting-mcp-server:'.length)));
    }
    // zod and the catalogs, the largest of what simulators share with the client, once only.
    expect(server).toContain('"ZodObject"');
    expect(simulators).not.toContain('"ZodObject"');
  });

  it('is read in sandbox mode only', async () => {
    // A copy of dist without it: a real account is served, the sandbox cannot start.
    const copy = mkdtempSync(join(tmpdir(), 'hosting-mcp-no-simulators-'));
    try {
      cpSync(dist, copy, { recursive: true });
      rmSync(join(copy, 'simulators.cjs'));
      const start = (args: string[], env: Record<string, string> = {}, calls: object[] = []) =>
        stdioSession(process.execPath, [join(copy, 'cli.js'), ...args, '--log-level', 'silent'], {
          env: { PATH: process.env.PATH ?? '', HOME: copy, ...env },
          cwd: copy,
          timeoutMs: 10_000,
          calls,
        });
      const { tools } = await start([], {
        FORGE_API_TOKEN: 'launcher-test-token',
        FORGE_ORGANIZATION: 'acme',
      });
      expect(tools.tools.length).toBeGreaterThan(0);
      // The sandbox lists its tools without its simulators: one loads on its provider's first request.
      const sandbox = await start(['--sandbox'], {}, [
        { name: 'list_servers', arguments: { provider: 'forge' } },
      ]);
      expect(sandbox.tools.tools.length).toBeGreaterThan(0);
      expect(sandbox.results[0]).toMatchObject({ isError: true });
      expect(sandbox.stderr).toMatch(/Laravel Forge simulator could not start: .*simulators\.cjs/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
