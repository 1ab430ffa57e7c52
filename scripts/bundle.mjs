// `npm run bundle` (builds first): hosting-mcp.mcpb, the MCP bundle desktop clients install with
// one click. The bundle is mcpb/manifest.json (written by `npm run gen`) plus what the npm
// package ships: the built server, README and licence. Validated and packed with the official
// mcpb tool.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = join(ROOT, 'hosting-mcp.mcpb');
const stage = join(ROOT, 'build', 'mcpb');
const mcpb = (...args) =>
  execFileSync(join(ROOT, 'node_modules', '.bin', 'mcpb'), args, { cwd: ROOT, stdio: 'inherit' });

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const file of ['mcpb/manifest.json', 'dist', 'README.md', 'LICENSE']) {
  cpSync(join(ROOT, file), join(stage, file === 'mcpb/manifest.json' ? 'manifest.json' : file), {
    recursive: true,
  });
}
mcpb('validate', join(stage, 'manifest.json'));
rmSync(BUNDLE, { force: true });
mcpb('pack', stage, BUNDLE);
rmSync(join(ROOT, 'build'), { recursive: true, force: true });
