/** Types of compiled-command.mjs (plain JavaScript: it runs before tsx is registered). */

/** Where bundles are kept unless told otherwise: `<root>/node_modules/.cache/switchboard`. */
export function defaultCacheDir(root: string): string;

export function importCompiled(options: {
  /** The package root: sources, package.json, tsconfig.json and node_modules are found here. */
  root: string;
  /** The command's module, relative to `root` (e.g. `cli/diagnose.ts`). */
  entry: string;
  cacheDir?: string;
}): Promise<{ module: Record<string, unknown>; rebuilt: boolean } | null>;
