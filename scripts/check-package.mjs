// Installs the package as a user would and runs what got installed: `npm pack`, then
// `npm install -g` of the tarball into a temporary prefix (offline: with no runtime dependencies
// there is nothing to fetch), then the installed bin's --version and a --sandbox session that
// must answer tools/list over stdio. Fails when the install grows past INSTALL_LIMIT_BYTES.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolsListSession } from './lib/stdio-session.mjs';

/**
 * The bundle, its code cache, the launcher, README and licence come to about 5.2 MiB, most of it
 * the five providers' catalogs (every documented operation, generated from specs/) and their
 * simulators. 6 MiB leaves room to grow while catching what would undo the lean install: a runtime
 * dependency tree (the 101 packages the bundle used to pull in were 34 MB), source maps or test
 * files in `files`.
 */
const INSTALL_LIMIT_BYTES = 6 * 1024 * 1024;

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'hosting-mcp-package-'));
const npm = (args) =>
  execFileSync('npm', args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

try {
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
  );
  const prefix = join(work, 'prefix');
  npm(['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(work, filename)]);

  const installed = join(prefix, 'lib', 'node_modules');
  const packages = readdirSync(installed);
  if (packages.join() !== 'hosting-mcp')
    throw new Error(`the install brought more than the package: ${packages.join(', ')}`);
  const bytes = sizeOf(installed);
  if (bytes > INSTALL_LIMIT_BYTES)
    throw new Error(`the install is ${mib(bytes)}, over the ${mib(INSTALL_LIMIT_BYTES)} limit`);

  const bin = join(prefix, 'bin', 'hosting-mcp');
  const printed = execFileSync(bin, ['--version'], { cwd: work, encoding: 'utf8' }).trim();
  if (printed !== version) throw new Error(`--version printed "${printed}", package.json says ${version}`);
  const { tools } = await toolsListSession(bin, ['--sandbox', '--log-level', 'silent'], { cwd: work });
  if (!tools?.length) throw new Error('the installed server listed no tools');

  console.log(
    `package: ${filename} installs 1 package, ${mib(bytes)} (limit ${mib(INSTALL_LIMIT_BYTES)}); ` +
      `--version ${printed}; --sandbox answered tools/list with ${tools.length} tools`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

function sizeOf(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}
