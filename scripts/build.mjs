// Bundles the server into one file so `npx hosting-mcp` starts without resolving hundreds of modules:
// dist/server.cjs is the program, dist/cli.js the launcher that runs it through V8's code cache,
// and dist/server.cjs.cache that cache, recorded from a sandbox session (see scripts/launcher.mjs).
// What only some starts need is a bundle of its own beside it: dist/simulators.cjs (sandbox mode,
// loaded on a simulator's first request, with a code cache of its own), dist/catalogs.cjs (a provider's documented
// operations, read when first used) and dist/redis.cjs (replicas sharing a budget).
import { existsSync, readdirSync } from 'node:fs';
import { chmod, copyFile, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildSimulators } from './lib/simulators-apart.mjs';
import { stdioSession } from './lib/stdio-session.mjs';

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

/**
 * Redis (for replicas sharing request budgets) is a bundle of its own, dist/redis.cjs, loaded only
 * when HOSTING_MCP_REDIS_URL is set: inside the main bundle its client would add a fifth to what
 * every start reads and compiles.
 */
const redisApart = {
  name: 'redis-apart',
  setup(b) {
    // A require, not an import(): the bundle runs as a vm Script, which has no dynamic import.
    b.onResolve({ filter: /\/redis-store\.js$/ }, () => ({ path: 'redis', namespace: 'redis-apart' }));
    b.onLoad({ filter: /.*/, namespace: 'redis-apart' }, () => ({
      contents: "module.exports = require('./redis.cjs');",
      loader: 'js',
    }));
    b.onResolve({ filter: /^\.\/redis\.cjs$/ }, () => ({ path: './redis.cjs', external: true }));
  },
};

/**
 * Ajv likewise is a bundle of its own, dist/ajv.cjs, loaded the first time a person is asked a
 * question (elicitation): the SDK's runtime shims, whose default validator would bring it into
 * every start, are replaced by scripts/sdk-shims.mjs (this server passes its own validator).
 */
const ajvApart = {
  name: 'ajv-apart',
  setup(b) {
    const shims = fileURLToPath(new URL('./sdk-shims.mjs', import.meta.url));
    b.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({ path: shims }));
    b.onResolve({ filter: /\/ajv-validator\.js$/ }, () => ({ path: 'ajv', namespace: 'ajv-apart' }));
    b.onLoad({ filter: /.*/, namespace: 'ajv-apart' }, () => ({
      contents: "module.exports = require('./ajv.cjs');",
      loader: 'js',
    }));
    b.onResolve({ filter: /^\.\/ajv\.cjs$/ }, () => ({ path: './ajv.cjs', external: true }));
  },
};

/**
 * The providers' catalogs (every documented operation, 0.8 MB of data) are a bundle of their own,
 * dist/catalogs.cjs: a catalog is built the first time it is used (lazyCatalog), and its data is
 * read then, not by every start.
 */
const CATALOG_PROVIDERS = readdirSync('src/providers').filter((id) =>
  existsSync(`src/providers/${id}/catalog-data.gen.ts`),
);
const catalogsApart = {
  name: 'catalogs-apart',
  setup(b) {
    b.onResolve({ filter: /\/catalog-data\.gen\.js$/ }, (args) => ({
      path: basename(dirname(args.importer)),
      namespace: 'catalogs-apart',
    }));
    b.onLoad({ filter: /.*/, namespace: 'catalogs-apart' }, (args) => ({
      contents: `exports.data = () => require('./catalogs.cjs').${args.path}();`,
      loader: 'js',
    }));
    b.onResolve({ filter: /^\.\/catalogs\.cjs$/ }, () => ({ path: './catalogs.cjs', external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  // CommonJS, because a code cache can only be handed to V8 for a classic script (node:vm Script).
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};

const server = {
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/server.cjs',
  plugins: [slimUndici, redisApart, ajvApart, catalogsApart],
};

await Promise.all(['server', 'simulators'].map((name) => rm(`dist/${name}.cjs.cache`, { force: true })));
// dist/simulators.cjs, loaded only in sandbox mode (see scripts/lib/simulators-apart.mjs).
const simulatorsApart = await buildSimulators(common, server);
await build({ ...server, plugins: [...server.plugins, simulatorsApart] });
await build({ ...common, entryPoints: ['src/core/redis-store.ts'], outfile: 'dist/redis.cjs' });
await build({
  ...common,
  stdin: {
    contents: CATALOG_PROVIDERS.map(
      (id) => `export { data as ${id} } from './src/providers/${id}/catalog-data.gen.ts';`,
    ).join('\n'),
    resolveDir: process.cwd(),
    sourcefile: 'catalogs.ts',
    loader: 'ts',
  },
  outfile: 'dist/catalogs.cjs',
});
await build({ ...common, entryPoints: ['src/ajv-validator.ts'], outfile: 'dist/ajv.cjs' });
await copyFile('scripts/launcher.mjs', 'dist/cli.js');
await chmod('dist/cli.js', 0o755);
await recordCodeCache();

/**
 * Stdio sandbox sessions with the launcher told to save the code of one bundle each: the server's
 * from a start (initialize, tools/list), which is what every start compiles; the simulators' from
 * a session that lists servers on each provider, since a simulator loads on its first request.
 */
async function recordCodeCache() {
  const session = (bundle, calls) =>
    stdioSession(process.execPath, ['dist/cli.js', '--sandbox', '--log-level', 'silent'], {
      env: { ...process.env, HOSTING_MCP_WRITE_CODE_CACHE: bundle },
      calls,
    });
  await session('server.cjs', []);
  await session(
    'simulators.cjs',
    CATALOG_PROVIDERS.map((provider) => ({ name: 'list_servers', arguments: { provider } })),
  );
}
