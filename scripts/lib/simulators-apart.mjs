// The provider simulators are a bundle of their own, dist/simulators.cjs, loaded only in sandbox
// mode: a real account never needs them, yet inside dist/server.cjs every start would read and
// compile them. A provider's definition loads its simulator with
// `import('./simulator/index.js')`; in the server bundle that import becomes a look-up in
// dist/simulators.cjs, required the first time a definition's `sandbox` runs.
//
// The two bundles share no copies: a module the server bundle holds anyway (a catalog, the zod
// schemas, the kit) is not bundled again into the simulators but handed to them by the server
// bundle, so the sandbox runs one instance of each module, as before the split.
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { relative } from 'node:path';
import { build } from 'esbuild';

const PROVIDERS = 'src/providers';
const OUTFILE = 'dist/simulators.cjs';
/** How dist/simulators.cjs names, in its requires, a module the server bundle hands it. */
const FROM_SERVER = 'hosting-mcp-server:';
const NAMESPACE = 'simulators-apart';
/** pluginData marking a resolve this plugin asked for itself (so it does not see it again). */
const OWN_RESOLVE = Symbol('own resolve');

/** Providers with a simulator in the lazy shape: src/providers/<id>/simulator/index.ts. */
function lazyProviders() {
  return readdirSync(PROVIDERS).filter((id) => existsSync(`${PROVIDERS}/${id}/simulator/index.ts`));
}

/**
 * Builds dist/simulators.cjs (or removes it when no provider has a lazy simulator) and returns the
 * esbuild plugin the server bundle is then built with. `server` is the server bundle's own build
 * options: a first pass of it (not written) says which modules it holds.
 */
export async function buildSimulators(common, server) {
  const ids = lazyProviders();
  if (ids.length === 0) {
    await rm(OUTFILE, { force: true });
    return simulatorsApart([]);
  }
  const probe = await build({
    ...server,
    plugins: [...server.plugins, simulatorsApart([])],
    write: false,
    metafile: true,
  });
  const inServer = new Set(Object.keys(probe.metafile.inputs));
  const result = await build({
    ...common,
    stdin: {
      contents: ids
        .map((id) => `export * as ${id} from './${PROVIDERS}/${id}/simulator/index.ts';`)
        .join('\n'),
      resolveDir: process.cwd(),
      sourcefile: 'simulators.ts',
      loader: 'ts',
    },
    outfile: OUTFILE,
    // A function of the `require` that resolves FROM_SERVER names: the server bundle calls it.
    format: 'iife',
    globalName: 'simulators',
    banner: { js: 'module.exports = function (require) {' },
    footer: { js: 'return simulators;\n};' },
    metafile: true,
    plugins: [fromServer(inServer)],
  });
  const shared = new Set();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const { path, external } of input.imports) {
      if (external && path.startsWith(FROM_SERVER)) shared.add(path.slice(FROM_SERVER.length));
    }
  }
  return simulatorsApart([...shared].sort());
}

/** Simulators build: a module the server bundle holds is required from it, not bundled again. */
function fromServer(inServer) {
  return {
    name: 'from-server',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === OWN_RESOLVE || args.kind === 'entry-point' || isBuiltin(args.path)) return;
        const { path, errors } = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: OWN_RESOLVE,
        });
        if (errors.length > 0) return;
        const name = relative(process.cwd(), path).replaceAll('\\', '/');
        return inServer.has(name) ? { path: FROM_SERVER + name, external: true } : undefined;
      });
    },
  };
}

/**
 * Server build: `import('./simulator/index.js')` in src/providers/<id>/index.ts becomes that
 * provider's export of dist/simulators.cjs. `shared` names the modules it hands the simulators.
 */
function simulatorsApart(shared) {
  return {
    name: 'simulators-apart',
    setup(b) {
      b.onResolve({ filter: /^\.\/simulator\/index\.js$/ }, (args) => {
        const id = /src\/providers\/([^/]+)\/index\.ts$/.exec(args.importer.replaceAll('\\', '/'))?.[1];
        if (!id) return undefined;
        if (args.kind !== 'dynamic-import') {
          return {
            errors: [
              {
                text: `${args.importer} imports its simulator statically: load it with import() in \`sandbox\`, so that only sandbox mode loads it`,
              },
            ],
          };
        }
        return { path: id, namespace: NAMESPACE };
      });
      b.onResolve({ filter: /^simulators$/, namespace: NAMESPACE }, () => ({
        path: 'simulators',
        namespace: `${NAMESPACE}-all`,
      }));
      // A require, not an import(): the bundle runs as a vm Script, which has no dynamic import.
      b.onResolve({ filter: /^\.\/simulators\.cjs$/ }, () => ({ path: './simulators.cjs', external: true }));
      b.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: `module.exports = require('simulators')[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
      b.onLoad({ filter: /.*/, namespace: `${NAMESPACE}-all` }, () => ({
        contents: [
          'const shared = {',
          ...shared.map(
            (name) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(`./${name}`)}),`,
          ),
          '};',
          `const fromServer = (name) => shared[name.slice(${FROM_SERVER.length})]();`,
          `module.exports = require('./simulators.cjs')((name) => name.startsWith(${JSON.stringify(FROM_SERVER)}) ? fromServer(name) : require(name));`,
        ].join('\n'),
        resolveDir: process.cwd(),
        loader: 'js',
      }));
    },
  };
}
