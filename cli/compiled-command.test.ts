import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../e2e/harness';
import { importCompiled } from './compiled-command.mjs';

/** A package of its own: two sources, a server-only import, the project's node_modules. */
function fixture(): { root: string; cacheDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'compiled-command-'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(root, 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }\n');
  mkdirSync(join(root, 'cli'));
  writeFileSync(
    join(root, 'cli', 'answer.ts'),
    "import 'server-only';\nimport { value } from './value';\nexport const answer = (): number => value;\n",
  );
  writeFileSync(join(root, 'cli', 'value.ts'), 'export const value: number = 1;\n');
  return { root, cacheDir: join(root, 'cache') };
}

async function answerOf(root: string, cacheDir: string) {
  const compiled = await importCompiled({ root, entry: 'cli/answer.ts', cacheDir });
  assert.ok(compiled, 'compiled');
  return { answer: (compiled.module.answer as () => number)(), rebuilt: compiled.rebuilt };
}

describe('importCompiled', () => {
  const roots: string[] = [];
  let root: string;
  let cacheDir: string;
  before(() => {
    ({ root, cacheDir } = fixture());
    roots.push(root);
  });
  after(() => {
    for (const dir of roots) rmSync(dir, { recursive: true, force: true });
  });

  it('compiles on first use, then reuses the bundle while the sources are unchanged', async () => {
    assert.deepEqual(await answerOf(root, cacheDir), { answer: 1, rebuilt: true });
    assert.deepEqual(await answerOf(root, cacheDir), { answer: 1, rebuilt: false });
  });

  it('recompiles when a source it imports changes, and drops the old bundle', async () => {
    writeFileSync(join(root, 'cli', 'value.ts'), 'export const value: number = 2;\n');
    assert.deepEqual(await answerOf(root, cacheDir), { answer: 2, rebuilt: true });
    assert.deepEqual(await answerOf(root, cacheDir), { answer: 2, rebuilt: false });
    const bundles = readdirSync(cacheDir).filter((f) => f.endsWith('.mjs'));
    assert.equal(bundles.length, 1, bundles.join(', '));
  });

  it('recompiles when the settings change', async () => {
    writeFileSync(join(root, 'tsconfig.json'), '{ "compilerOptions": { "strict": false } }\n');
    assert.deepEqual(await answerOf(root, cacheDir), { answer: 2, rebuilt: true });
  });

  it('resolves server-only with the react-server condition, so the bundle loads without it', async () => {
    const bundle = readdirSync(cacheDir).find((f) => f.endsWith('.mjs'));
    assert.ok(bundle);
    // This test process runs with the condition; a plain `node` is what the CLI starts as.
    const code = `const m = await import(${JSON.stringify(pathToFileURL(join(cacheDir, bundle)).href)}); console.log(m.answer());`;
    const out = await new Promise<{ error: Error | null; stdout: string }>((resolve) =>
      execFile(process.execPath, ['--input-type=module', '-e', code], (error, stdout) =>
        resolve({ error, stdout }),
      ),
    );
    assert.equal(out.error, null);
    assert.equal(out.stdout.trim(), '2');
  });

  it('gives null (run the sources instead) when the sources do not compile', async () => {
    const broken = fixture();
    roots.push(broken.root);
    writeFileSync(join(broken.root, 'cli', 'value.ts'), 'export const value: number = ;\n');
    assert.equal(
      await importCompiled({
        root: broken.root,
        entry: 'cli/answer.ts',
        cacheDir: broken.cacheDir,
      }),
      null,
    );
    assert.equal(existsSync(join(broken.cacheDir, 'answer.json')), false);
  });

  it('a source that reads import.meta names its own file from the bundle; moved, it compiles again', async () => {
    const placed = fixture();
    roots.push(placed.root);
    // The third is a string that spells it: left as written.
    writeFileSync(
      join(placed.root, 'cli', 'where.ts'),
      "export const where = (): string[] => [import.meta.url, import.meta.dirname, import.meta.filename, 'import.meta.url'];\n",
    );
    const whereOf = async (root: string) => {
      const compiled = await importCompiled({
        root,
        entry: 'cli/where.ts',
        cacheDir: placed.cacheDir,
      });
      assert.ok(compiled, 'compiled');
      return { where: (compiled.module.where as () => string[])(), rebuilt: compiled.rebuilt };
    };
    const source = join(placed.root, 'cli', 'where.ts');
    const own = [pathToFileURL(source).href, join(placed.root, 'cli'), source, 'import.meta.url'];
    assert.deepEqual(await whereOf(placed.root), { where: own, rebuilt: true });
    assert.deepEqual(await whereOf(placed.root), { where: own, rebuilt: false });
    // The same sources at another place, sharing the cache: not the first place's bundle.
    const moved = mkdtempSync(join(tmpdir(), 'compiled-command-moved-'));
    roots.push(moved);
    cpSync(placed.root, moved, { recursive: true, verbatimSymlinks: true });
    const there = join(moved, 'cli', 'where.ts');
    assert.deepEqual(await whereOf(moved), {
      where: [pathToFileURL(there).href, join(moved, 'cli'), there, 'import.meta.url'],
      rebuilt: true,
    });
  });

  it('gives null when there is nowhere to cache the bundle', async () => {
    const blocked = fixture();
    roots.push(blocked.root);
    writeFileSync(join(blocked.root, 'not-a-directory'), '');
    const cacheDir = join(blocked.root, 'not-a-directory', 'cache');
    assert.equal(
      await importCompiled({ root: blocked.root, entry: 'cli/answer.ts', cacheDir }),
      null,
    );
  });
});
