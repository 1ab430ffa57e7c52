// Bundles the server into one ESM file so `npx hosting-mcp` starts without resolving hundreds of modules.
import { chmod } from 'node:fs/promises';
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

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
  plugins: [slimUndici],
});
await chmod('dist/cli.js', 0o755);
