/**
 * A CLI subcommand compiled once into a single ES module, cached beside the install, so that a
 * command people run under pressure (`switchboard diagnose`) starts without compiling TypeScript
 * or resolving hundreds of modules through tsx, and without a second Node process for the
 * react-server condition: the bundle is built with that condition, so `import 'server-only'`
 * resolves to its empty module at build time, exactly as it did in the child process that used
 * to run the command. Tree-shaking also leaves out most of @kubernetes/client-node, which the
 * command only needs for KubeConfig.
 *
 * Contract: `importCompiled` resolves with the bundle's module namespace, or with null when
 * there is no usable bundle (the cache directory cannot be written, esbuild is missing or the
 * sources do not compile); the caller then runs the sources through tsx instead, which also
 * reports a compile error the way it always did. A bundle is used only when its key still matches:
 * the content of every first-party source it was built from and where they are, this file and
 * own-import-meta.mjs, package.json, tsconfig.json and the installed dependency tree
 * (node_modules/.package-lock.json, else package-lock.json). A source that reads
 * `import.meta.url` keeps naming its own file (own-import-meta.mjs). Anything else that changed is rebuilt on the next run, so an edited source
 * never runs stale. Files are written under a temporary name and renamed, so concurrent runs
 * never import a half-written bundle; the bundle's name carries its key.
 *
 * Plain JavaScript because it runs before tsx is registered; its types are in
 * compiled-command.d.mts.
 */
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SOURCE_LOADERS, loadWithOwnImportMeta } from './own-import-meta.mjs';

/** What builds the bundle: this file and the loader it uses for first-party sources. */
const TOOLS = [
  fileURLToPath(import.meta.url),
  fileURLToPath(new URL('./own-import-meta.mjs', import.meta.url)),
];
/** What the build reads besides the sources: its options, module resolution, the packages. */
const SETTINGS = ['package.json', 'tsconfig.json'];
const INSTALLED = ['node_modules/.package-lock.json', 'package-lock.json'];

/** The default cache: beside the install, where build tools keep theirs; `npm ci` clears it. */
export function defaultCacheDir(root) {
  return join(root, 'node_modules', '.cache', 'switchboard');
}

/** Whose content the bundle depends on besides its sources, relative to `root`. */
function settingsFiles(root) {
  const installed = INSTALLED.find((file) => existsSync(join(root, file)));
  return [...SETTINGS, ...(installed ? [installed] : [])];
}

/** `files` with their content, read now; null when one of them can no longer be read. */
function readAll(root, files) {
  try {
    return files.map((file) => [file, readFileSync(join(root, file))]);
  } catch {
    return null;
  }
}

/** The key of a bundle built from these files (settings first, then the sources sorted). */
function keyOf(root, contents) {
  const hash = createHash('sha256');
  for (const tool of TOOLS) hash.update(readFileSync(tool));
  // Where the sources are: a module that reads its own place (own-import-meta.mjs) has it in
  // the bundle.
  hash.update(`\0${root}\0`);
  for (const [file, content] of contents) {
    // The name as well as the content: a renamed source is a different program.
    hash.update(`\0${file}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex').slice(0, 32);
}

function writeAtomically(path, content) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

/** The bundle the manifest names, if its key still matches the files; else null. */
function cachedBundle(root, cacheDir, name) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(cacheDir, `${name}.json`), 'utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(manifest.sources) || typeof manifest.key !== 'string') return null;
  const contents = readAll(root, [...settingsFiles(root), ...manifest.sources]);
  if (!contents || keyOf(root, contents) !== manifest.key) return null;
  return join(cacheDir, `${name}-${manifest.key}.mjs`);
}

/**
 * An esbuild plugin that keeps the bytes of each first-party file it compiles, so the key is
 * computed from what went into the bundle, not from a file saved again during the build.
 */
function keepSources(root, kept) {
  return {
    name: 'keep-sources',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$|\.json$/ }, (args) => {
        const file = relative(root, args.path).split(sep).join('/');
        const loader = SOURCE_LOADERS[extname(args.path)];
        if (file.split('/').includes('node_modules') || !loader) return undefined;
        const contents = readFileSync(args.path);
        kept.set(file, contents);
        return loadWithOwnImportMeta(build.esbuild, args.path, contents, loader);
      });
    },
  };
}

async function build(root, entry, cacheDir, name) {
  const settings = readAll(root, settingsFiles(root));
  if (!settings) return null;
  const kept = new Map();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['react-server'],
    // Bundled CommonJS packages still `require` optional native add-ons (ws: bufferutil) at run
    // time; an ES module has no `require` of its own.
    banner: {
      js: "import { createRequire as __switchboardRequire } from 'node:module'; const require = __switchboardRequire(import.meta.url);",
    },
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
    outfile: join(cacheDir, `${name}.mjs`),
    plugins: [keepSources(root, kept)],
  });
  const sources = Object.keys(result.metafile.inputs)
    .filter((file) => !file.split('/').includes('node_modules'))
    .sort();
  const read = readAll(
    root,
    sources.filter((file) => !kept.has(file)),
  );
  const output = result.outputFiles[0];
  if (!read || !output) return null;
  const fromDisk = new Map(read);
  const key = keyOf(root, [
    ...settings,
    ...sources.map((file) => [file, kept.get(file) ?? fromDisk.get(file)]),
  ]);
  const bundle = join(cacheDir, `${name}-${key}.mjs`);
  writeAtomically(bundle, output.contents);
  writeAtomically(join(cacheDir, `${name}.json`), JSON.stringify({ key, sources }));
  // Bundles of older sources: a run that already chose one has read it by the time this one
  // is done compiling, and a run that loses the race falls back to the sources.
  for (const file of readdirSync(cacheDir)) {
    const older =
      file.startsWith(`${name}-`) && /^[0-9a-f]{32}\.mjs$/.test(file.slice(name.length + 1));
    if (older && file !== basename(bundle)) {
      rmSync(join(cacheDir, file), { force: true });
    }
  }
  return bundle;
}

/**
 * Imports `entry` (a path relative to `root`) from its compiled bundle, compiling it first when
 * there is none for the current sources. `rebuilt` says whether this call compiled it.
 */
export async function importCompiled({ root, entry, cacheDir = defaultCacheDir(root) }) {
  const name = basename(entry).replace(/\.[^.]+$/, '');
  let bundle = cachedBundle(root, cacheDir, name);
  const rebuilt = !bundle;
  try {
    if (!bundle) {
      // Before compiling, not after: where nothing can be cached, compiling on every run would
      // only add to the start-up of the fallback.
      mkdirSync(cacheDir, { recursive: true });
      accessSync(cacheDir, constants.W_OK);
      bundle = await build(root, entry, cacheDir, name);
    }
    if (!bundle) return null;
    return { module: await import(pathToFileURL(bundle).href), rebuilt };
  } catch {
    return null;
  }
}
