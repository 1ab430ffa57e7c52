// Drives the built server with the MCP Inspector's CLI in both protocol eras (`--protocol-era
// modern`, a 2026-07-28 pin, and `legacy`, the 2025-11-25 handshake), over stdio and over HTTP:
// tools/list, a tools/call that waits on an operation, resources/read and prompts/get. Exits 1
// on the first check that fails. Usage: node scripts/clients/inspector-check.mjs (after
// `npm run build`). The Inspector needs Node 22.19 or later (scripts/lib/node22.mjs finds or
// fetches one) and is installed once into node_modules/.cache, outside the project's
// dependencies. See docs/CLIENTS.md.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { node22 } from '../lib/node22.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const VERSION = '2.12.0';
const CLI = join(ROOT, 'dist/cli.js');
const SERVER_INFO = 'io.modelcontextprotocol/serverInfo';

const node = node22(ROOT, '22.19.0');
const home = join(ROOT, `node_modules/.cache/inspector-${VERSION}`);
const launcher = join(home, 'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js');
if (!existsSync(launcher)) {
  mkdirSync(home, { recursive: true });
  console.log(`installing @modelcontextprotocol/inspector@${VERSION} into ${home}`);
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      home,
      '--no-save',
      '--no-audit',
      '--no-fund',
      `@modelcontextprotocol/inspector@${VERSION}`,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}
// The Inspector keeps a catalog and settings under HOME: give it a throwaway one.
const scratch = mkdtempSync(join(tmpdir(), 'hosting-mcp-inspector-'));

/**
 * One Inspector CLI run; returns its JSON result. `target` is `{ url, headers }` or `{ command }`
 * (the server's command line, after `--` so that no option of it is read as the Inspector's).
 */
function inspect(target, era, method, extra = []) {
  const where = target.url ? ['--server-url', target.url, '--header', ...target.headers] : [];
  const after = target.command ? ['--', ...target.command] : [];
  const args = [
    launcher,
    '--cli',
    ...where,
    '--protocol-era',
    era,
    '-q',
    '--format',
    'json',
    '--method',
    method,
    ...extra,
    ...after,
  ];
  const out = execFileSync(node, args, {
    encoding: 'utf8',
    env: { ...process.env, HOME: scratch, HOSTING_MCP_LOG_LEVEL: 'warn' },
    timeout: 120_000,
  });
  const answer = JSON.parse(out);
  if (answer.error) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
  return answer.result;
}

function check(condition, what) {
  if (!condition) {
    console.error(`inspector-check: FAILED: ${what}`);
    process.exit(1);
  }
}

function exercise(label, target, era) {
  const modern = era === 'modern';
  const listed = inspect(target, era, 'tools/list');
  check(
    listed.tools.some((t) => t.name === 'deploy_site' && t.outputSchema),
    `${label}: tools/list`,
  );
  const called = inspect(target, era, 'tools/call', [
    '--tool-name',
    'get_operation',
    '--tool-args-json',
    JSON.stringify({ operation_id: 'forge:sandbox:deployment:101:201:20102', wait_seconds: 2 }),
  ]);
  check(called.structuredContent?.operation?.state === 'failed', `${label}: tools/call`);
  const read = inspect(target, era, 'resources/read', ['--uri', 'hosting://accounts']);
  check(read.contents[0].text.includes('"forge"'), `${label}: resources/read`);
  // A 2026-07-28 answer names the server in its _meta; a 2025 one does not.
  check(Boolean(read._meta?.[SERVER_INFO]) === modern, `${label}: answered in the ${era} era`);
  const prompt = inspect(target, era, 'prompts/get', [
    '--prompt-name',
    'diagnose_deployment',
    '--prompt-args',
    'site=acme.test',
    'provider=forge',
  ]);
  check(prompt.messages[0].content.text.includes('list_deployments'), `${label}: prompts/get`);
  console.log(`inspector-check: ${label}: ok`);
}

const token = randomBytes(24).toString('base64url');
const http = spawn(process.execPath, [CLI, '--http', '--sandbox', '--host', '127.0.0.1', '--port', '0'], {
  env: { ...process.env, HOSTING_MCP_HTTP_TOKEN: token, HOSTING_MCP_LOG_LEVEL: 'info' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
try {
  const url = await new Promise((resolve, reject) => {
    let text = '';
    http.stderr.on('data', (chunk) => {
      text += chunk;
      const found = /"url":"(http:\/\/[^"]+)"/.exec(text)?.[1];
      if (found) resolve(found);
    });
    http.once('exit', (code) => reject(new Error(`the HTTP server exited (${code})`)));
  });
  for (const era of ['modern', 'legacy']) {
    exercise(`stdio ${era}`, { command: [process.execPath, CLI, '--sandbox'] }, era);
    exercise(`http ${era}`, { url, headers: [`Authorization: Bearer ${token}`] }, era);
  }
} finally {
  http.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
