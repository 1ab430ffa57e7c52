#!/usr/bin/env node
// dist/cli.js: starts the bundled program (dist/server.cjs) through V8's code cache.
//
// Desktop clients spawn the server for every session, and compiling the 1.5 MB bundle was a third
// of its cold start. The build runs sandbox sessions and saves V8's compiled code next to each
// bundle (dist/server.cjs.cache, dist/simulators.cjs.cache); here it is handed back to V8,
// which checks that it matches this source, Node version and flags, and silently compiles from
// scratch when it does not. Node 22's module.enableCompileCache() does the same, but Node 20 has
// no such switch. The cache is trusted exactly like the bundle beside it: whoever can write one
// can write the other.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const dir = dirname(fileURLToPath(import.meta.url));
/**
 * The name V8 gives a bundle in stack traces is this plus its file name. V8 stores it in the code
 * cache and keeps the stored one when the cache is used, so a real path would be the build
 * machine's everywhere the package is installed: a fixed name inside the package says where the
 * code is without that.
 */
const SCRIPT_DIR = 'hosting-mcp/dist/';
const nodeRequire = createRequire(join(dir, 'server.cjs'));
/** The bundles run so far, by file name. */
const bundles = new Map();

/**
 * Compiles a bundle (with its cache when there is one) and returns its module function. Inside a
 * function so the file's text and the cache (3 MB together for the server) can be freed once V8
 * has compiled them; V8 keeps its own copy of the source.
 */
function compile(name) {
  const file = join(dir, name);
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    if (name !== 'server.cjs') throw error;
    process.stderr.write(`hosting-mcp: ${file} is missing; run \`npm run build\`.\n`);
    process.exit(1);
  }
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // No cache (a fresh build before its first session, or one built elsewhere): compile as usual.
  }
  // The CommonJS module wrapper, so the bundle sees require, module and __dirname as it expects.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: SCRIPT_DIR + name, cachedData });
  // Set only by scripts/build.mjs, to record the code of this bundle compiled during one session.
  if (process.env.HOSTING_MCP_WRITE_CODE_CACHE === name) {
    process.on('exit', () => writeFileSync(`${file}.cache`, script.createCachedData()));
  }
  return script.runInThisContext();
}

/** Runs a bundle of this directory once and returns its exports. */
function run(name) {
  let module = bundles.get(name);
  if (!module) {
    module = { exports: {} };
    bundles.set(name, module);
    try {
      compile(name)(module.exports, requireFromBundle, module, join(dir, name), dir);
    } catch (error) {
      // As Node's require does: a bundle that failed is tried afresh next time, not half-loaded.
      bundles.delete(name);
      throw error;
    }
  }
  return module.exports;
}

/** A bundle's require: the bundles beside it (./simulators.cjs, ./redis.cjs) load as it did. */
function requireFromBundle(id) {
  return /^\.\/[\w-]+\.cjs$/.test(id) ? run(id.slice(2)) : nodeRequire(id);
}

run('server.cjs');
