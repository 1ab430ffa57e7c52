// Bundles the server into one file so `npx hosting-mcp` starts without resolving hundreds of modules:
// dist/server.cjs is the program, dist/cli.js the launcher that runs it through V8's code cache,
// and dist/server.cjs.cache that cache, recorded from one sandbox session (see scripts/launcher.mjs).
import { spawn } from 'node:child_process';
import { chmod, copyFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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
function recordCodeCache() {
  const child = spawn(process.execPath, ['dist/cli.js', '--sandbox', '--log-level', 'silent'], {
    env: { ...process.env, HOSTING_MCP_WRITE_CODE_CACHE: '1' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const send = (message) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  send({
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'build', version: '0' } },
  });
  send({ method: 'notifications/initialized' });
  send({ id: 2, method: 'tools/list' });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('build: the server did not answer tools/list within 30 s'));
    }, 30_000);
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('"id":2')) child.stdin.end();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && output.includes('"id":2')) resolve();
      else reject(new Error(`build: the sandbox session for the code cache failed (exit ${code})`));
    });
  });
}
