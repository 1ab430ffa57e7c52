// Bundles the server into one file so `npx hosting-mcp` starts without resolving hundreds of modules:
// dist/server.cjs is the program, dist/cli.js the launcher that runs it through V8's code cache,
// and dist/server.cjs.cache that cache, recorded from one sandbox session (see scripts/launcher.mjs).
import { chmod, copyFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { toolsListSession } from './lib/stdio-session.mjs';

// src/core/http.ts needs two undici exports; see scripts/undici-slim.cjs for why and how.
const slimUndici = {
  name: 'undici-slim',
  setup(b) {
    const shim = fileURLToPath(new URL('./undici-slim.cjs', import.meta.url));
    b.onResolve({ filter: /^undici$/ }, (args) =>
      args.importer.replaceAll('\\', '/').endsWith('src/core/http.ts') ? { path: shim } : undefined,
    );
  },
};

await rm('dist/server.cjs.cache', { force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/server.cjs',
  bundle: true,
  platform: 'node',
  // CommonJS, because a code cache can only be handed to V8 for a classic script (node:vm Script).
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [slimUndici],
});
await copyFile('scripts/launcher.mjs', 'dist/cli.js');
await chmod('dist/cli.js', 0o755);
await recordCodeCache();

/** One stdio sandbox session (initialize, tools/list) with the launcher told to save its code. */
async function recordCodeCache() {
  await toolsListSession(process.execPath, ['dist/cli.js', '--sandbox', '--log-level', 'silent'], {
    env: { ...process.env, HOSTING_MCP_WRITE_CODE_CACHE: '1' },
  });
}
