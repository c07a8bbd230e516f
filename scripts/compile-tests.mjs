// Compiles the TypeScript test files once, with esbuild, into plain ES modules that Node's test
// runner starts without a loader (scripts/run-node-tests.mjs). Run through tsx, each test file's
// process spent most of its start-up resolving and transforming its modules one by one through
// the loader's hooks thread (about 2 CPU-seconds for a file that imports the embedded cluster
// and the dashboard's hub, 0.2 s bundled); with hundreds of files on two cores, that was a
// large share of the whole unit stage.
//
// Contract: `compileTests({ root, files, outDir })` bundles each file (first-party code in, every
// package left to Node, chunks shared between the files) into `outDir`, under the file's own
// path with `.mjs`, and returns the compiled path of each file in order. Behaviour is the
// sources' own: esbuild is what tsx transforms with; `import.meta.url`, `.dirname` and
// `.filename` in first-party code still name the source file, so paths read relative to a
// module (scenario manifests, worker scripts, fixtures) resolve as they do in the sources; a
// package subpath that only CommonJS resolution finds without its extension (`next/server`) is
// given the file it names. `outDir` is emptied first: a removed test never runs from an old
// build. A compile error throws, with esbuild's messages.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_LOADERS, loadWithOwnImportMeta } from '../cli/own-import-meta.mjs';

/** First-party modules keep naming their own source file (cli/own-import-meta.mjs). */
function ownImportMeta() {
  return {
    name: 'own-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
        if (args.path.split(sep).includes('node_modules')) return undefined;
        const source = readFileSync(args.path, 'utf8');
        return loadWithOwnImportMeta(
          build.esbuild,
          args.path,
          source,
          SOURCE_LOADERS[extname(args.path)],
        );
      });
    },
  };
}

/**
 * Bare imports stay packages, resolved by Node at run time (`@/`, the tsconfig's alias for the
 * repo root, is first-party and esbuild's to resolve); one that Node's ES module resolution
 * cannot find as written (a subpath of a package with no `exports` map, written without its
 * extension, as tsx and bundlers accept) names its file instead.
 */
function packagesAsNodeFindsThem() {
  // This script sits in the repo, so its resolution is the tests': the same node_modules.
  // Node 20's import.meta.resolve names a subpath's file without looking for it: check it is one.
  const resolvable = (specifier) => {
    try {
      const url = import.meta.resolve(specifier);
      return !url.startsWith('file:') || statSync(fileURLToPath(url)).isFile();
    } catch {
      return false;
    }
  };
  const named = new Map();
  const asNodeFindsIt = (specifier) => {
    const found = [specifier, `${specifier}.js`, `${specifier}/index.js`].find(resolvable);
    // None: left as written, for the run to report as Node would.
    return found ?? specifier;
  };
  return {
    name: 'packages-as-node-finds-them',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@/')) return undefined;
        if (!args.path.startsWith('node:') && !named.has(args.path))
          named.set(args.path, asNodeFindsIt(args.path));
        return { path: named.get(args.path) ?? args.path, external: true };
      });
    },
  };
}

export async function compileTests({ root, files, outDir }) {
  rmSync(outDir, { recursive: true, force: true });
  if (files.length === 0) return [];
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: files,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['react-server'],
    outdir: outDir,
    outbase: root,
    outExtension: { '.js': '.mjs' },
    chunkNames: '_chunks/[name]-[hash]',
    sourcemap: true,
    // A bundled first-party module that calls `require` (createRequire-free CommonJS interop)
    // still finds one, as under tsx.
    banner: {
      js: "import { createRequire as __testRequire } from 'node:module'; const require = __testRequire(import.meta.url);",
    },
    logLevel: 'silent',
    plugins: [packagesAsNodeFindsThem(), ownImportMeta()],
  });
  return files.map((file) => join(outDir, relative(root, file)).replace(/\.[cm]?tsx?$/, '.mjs'));
}
