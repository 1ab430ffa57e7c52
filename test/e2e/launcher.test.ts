import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';

/**
 * The build records V8's code cache for the bundle; the launcher hands it back at start (a third
 * of the cold start). If the build stopped producing it, or the launcher changed how it wraps the
 * bundle, V8 would reject the cache and every start would silently get slower.
 */
describe('dist/cli.js launcher', () => {
  const dist = join(import.meta.dirname, '../../dist');

  it('finds a code cache that V8 accepts for the bundle', () => {
    const source = readFileSync(join(dist, 'server.cjs'), 'utf8');
    const launcher = readFileSync(join(dist, 'cli.js'), 'utf8');
    // The same wrapper the launcher builds (checked against its text so the two cannot drift).
    const wrapperStart = '(function (exports, require, module, __filename, __dirname) {';
    expect(launcher).toContain(`\`${wrapperStart}\${source}\\n})\``);
    const script = new Script(`${wrapperStart}${source}\n})`, {
      filename: join(dist, 'server.cjs'),
      cachedData: readFileSync(join(dist, 'server.cjs.cache')),
    });
    expect(script.cachedDataRejected).toBe(false);
  });
});
