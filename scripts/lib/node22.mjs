// A Node 22 for tools that need it (the conformance suite, the Inspector) while the project
// itself supports Node 20: this Node when new enough, else $NODE22, else the platform's
// node-<os>-<arch> package from the npm registry, unpacked once into node_modules/.cache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = '22.23.3';

/** Path of a node binary at least `minimum` (e.g. '22.19.0'). */
export function node22(root, minimum = '22.0.0') {
  if (atLeast(process.versions.node, minimum)) return process.execPath;
  if (process.env.NODE22) return process.env.NODE22;
  const os = process.platform === 'win32' ? 'win' : process.platform;
  const dir = join(root, 'node_modules/.cache/node22', `${os}-${process.arch}-${VERSION}`);
  const bin = join(dir, 'package', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    const spec = `node-${os}-${process.arch}@${VERSION}`;
    console.log(`fetching ${spec} from the npm registry (this step needs Node ${minimum} or later)`);
    execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--silent'], { stdio: 'ignore' });
    const archive = readdirSync(dir).find((file) => file.endsWith('.tgz'));
    if (!archive) throw new Error(`npm pack ${spec} produced no archive`);
    execFileSync('tar', ['xzf', join(dir, archive), '-C', dir]);
    rmSync(join(dir, archive), { force: true });
  }
  return bin;
}

function atLeast(version, minimum) {
  const [a, b] = [version, minimum].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}
