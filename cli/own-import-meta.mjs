/**
 * For code bundled by esbuild and run from elsewhere (the CLI's compiled commands,
 * compiled-command.mjs; the compiled unit tests, scripts/compile-tests.mjs): a first-party module
 * that reads `import.meta.url`, `.dirname` or `.filename` keeps naming its own source file, so
 * what it finds relative to itself (the scenarios' manifests, a worker script, a fixture) is found
 * as it is when the sources run.
 *
 * Contract: `loadWithOwnImportMeta(esbuild, path, source, loader)` is an onLoad result for the
 * file at `path`: its source untouched when it reads none of the three, else the source
 * transformed with them defined (in the syntax tree, so a string that spells `import.meta.url`
 * stays as written), as JavaScript with its source map inline. The bundle then depends on where
 * the sources are: whoever caches it keys it by that place too.
 *
 * Plain JavaScript because it runs before tsx is registered.
 */
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

/** esbuild's loader for each source file extension. */
export const SOURCE_LOADERS = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
  '.json': 'json',
};

export async function loadWithOwnImportMeta(esbuild, path, source, loader) {
  const text = typeof source === 'string' ? source : source.toString('utf8');
  if (loader === 'json' || !text.includes('import.meta.')) return { contents: source, loader };
  const { code } = await esbuild.transform(text, {
    loader,
    format: 'esm',
    target: 'node20',
    sourcefile: path,
    sourcemap: 'inline',
    define: {
      'import.meta.url': JSON.stringify(pathToFileURL(path).href),
      'import.meta.dirname': JSON.stringify(dirname(path)),
      'import.meta.filename': JSON.stringify(path),
    },
  });
  return { contents: code, loader: 'js' };
}
