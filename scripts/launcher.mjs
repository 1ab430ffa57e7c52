#!/usr/bin/env node
// dist/cli.js: starts the bundled program (dist/server.cjs) through V8's code cache.
//
// Desktop clients spawn the server for every session, and compiling the 1.5 MB bundle was a third
// of its cold start. The build runs one sandbox session and saves V8's compiled code next to the
// bundle (dist/server.cjs.cache); here it is handed back to V8, which checks that it matches this
// source, Node version and flags, and silently compiles from scratch when it does not. Node 22's
// module.enableCompileCache() does the same, but Node 20 has no such switch. The cache is trusted
// exactly like the bundle beside it: whoever can write one can write the other.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const dir = dirname(fileURLToPath(import.meta.url));
const file = join(dir, 'server.cjs');
const cacheFile = `${file}.cache`;
/**
 * The name V8 gives the bundle in stack traces. V8 stores it in the code cache and keeps the
 * stored one when the cache is used, so a real path would be the build machine's everywhere the
 * package is installed: a fixed name inside the package says where the code is without that.
 */
const SCRIPT_NAME = 'hosting-mcp/dist/server.cjs';

/**
 * Compiles the bundle (with the cache when there is one) and returns its module function. Inside a
 * function so the file's text and the cache (3 MB together) can be freed once V8 has compiled
 * them; V8 keeps its own copy of the source.
 */
function compile() {
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`hosting-mcp: ${file} is missing; run \`npm run build\`.\n`);
    process.exit(1);
  }
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache (a fresh build before its first session, or one built elsewhere): compile as usual.
  }
  // The CommonJS module wrapper, so the bundle sees require, module and __dirname as it expects.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: SCRIPT_NAME, cachedData });
  // Set only by scripts/build.mjs, to record the code compiled during one session.
  if (process.env.HOSTING_MCP_WRITE_CODE_CACHE === '1') {
    process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  }
  return script.runInThisContext();
}

const module = { exports: {} };
compile()(module.exports, createRequire(file), module, file, dir);
