import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';

/**
 * The build records V8's code cache for the bundle; the launcher hands it back at start (a third
 * of the cold start). If the build stopped producing it, or the launcher changed how it wraps the
 * bundle, V8 would reject the cache and every start would silently get slower.
 */
describe('dist/cli.js launcher', () => {
  const root = join(import.meta.dirname, '../..');
  const dist = join(root, 'dist');
  const launcher = readFileSync(join(dist, 'cli.js'), 'utf8');
  const scriptName = /const SCRIPT_NAME = '([^']+)'/.exec(launcher)?.[1];

  it('finds a code cache that V8 accepts for the bundle', () => {
    const source = readFileSync(join(dist, 'server.cjs'), 'utf8');
    // The same wrapper the launcher builds (checked against its text so the two cannot drift).
    const wrapperStart = '(function (exports, require, module, __filename, __dirname) {';
    expect(launcher).toContain(`\`${wrapperStart}\${source}\\n})\``);
    expect(launcher).toContain('filename: SCRIPT_NAME');
    const script = new Script(`${wrapperStart}${source}\n})`, {
      filename: scriptName,
      cachedData: readFileSync(join(dist, 'server.cjs.cache')),
    });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('ships nothing that names the machine it was built on', () => {
    expect(scriptName).toBe('hosting-mcp/dist/server.cjs');
    for (const name of readdirSync(dist)) {
      const bytes = readFileSync(join(dist, name));
      expect(bytes.includes(root), `${name} contains ${root}`).toBe(false);
      expect(name.endsWith('.map'), `${name} is a source map`).toBe(false);
    }
  });
});
