// Runs a few lines of TypeScript against the project's src/ from a plain Node script: esbuild
// bundles them into a temporary ES module, which is imported and removed. Scripts use it to read
// what the code declares (flags, settings, tools) instead of restating it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Bundles `contents` (TypeScript, imports relative to the repository root) and imports it. */
export async function importSource(contents) {
  // Inside the repository, so the packages it imports resolve from its node_modules.
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'hosting-mcp-source-'));
  const outfile = join(dir, 'entry.mjs');
  try {
    await build({
      stdin: { contents, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      target: 'node20',
      logLevel: 'warning',
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
