// Installs the MCP bundle as a desktop client would and starts it: unpacks hosting-mcp.mcpb
// (`npm run bundle` first) with the official mcpb tool, resolves its manifest's command, args and
// env with that tool's own substitution of the user's settings (here: only the sandbox switch
// on), and runs the result, which must answer tools/list over stdio.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMcpConfigForManifest } from '@anthropic-ai/mcpb/node';
import { toolsListSession } from './lib/stdio-session.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hosting-mcp-bundle-'));
try {
  const installed = join(work, 'extension');
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'mcpb'),
    ['unpack', join(ROOT, 'hosting-mcp.mcpb'), installed],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const manifest = JSON.parse(readFileSync(join(installed, 'manifest.json'), 'utf8'));
  /** Starts the bundle as a client does with these settings; resolves with the tools it lists. */
  const start = async (userConfig) => {
    const config = await getMcpConfigForManifest({
      manifest,
      extensionPath: installed,
      systemDirs: { HOME: homedir() },
      userConfig,
      pathSeparator: sep,
    });
    if (!config) throw new Error('mcpb resolved no server command from the manifest');
    // A client starts the server with only what the manifest says (plus its own PATH).
    const env = { PATH: process.env.PATH, ...config.env };
    const { tools } = await toolsListSession(config.command, [...config.args, '--log-level', 'silent'], {
      env,
      cwd: work,
    });
    if (!tools?.length) throw new Error(`the bundled server listed no tools (${JSON.stringify(userConfig)})`);
    return tools;
  };
  const sandbox = await start({ sandbox: true });
  // One provider filled in, every other field left blank: the blanks must read as "not set".
  const forgeOnly = await start({ forge_api_token: 'bundle-check-token', forge_organization: 'acme' });
  console.log(
    `bundle: ${manifest.name} ${manifest.version} unpacked and started; tools/list answered in sandbox mode (${sandbox.length} tools) and with one Forge account (${forgeOnly.length} tools)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
