// The unit tests' compile step (compile-tests.mjs) on a small package of its own: what a compiled
// test does is what its sources do, where they are, with the project's packages.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileTests } from './compile-tests.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const made = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A package holding `files`, with the project's node_modules; returns its root. */
function fixture(files) {
  const root = mkdtempSync(join(tmpdir(), 'compile-tests-'));
  made.push(root);
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const all = { 'package.json': '{ "type": "module" }\n', ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Runs a compiled file as the runner does; its stdout. */
const run = (file) =>
  execFileSync(process.execPath, ['--conditions=react-server', '--enable-source-maps', file], {
    encoding: 'utf8',
  });

describe('compileTests', () => {
  it('a compiled file reads import.meta as its sources do, from where they are', async () => {
    const root = fixture({
      'lib/where.ts':
        "export const where = (): string[] => [import.meta.url, import.meta.dirname, import.meta.filename, 'import.meta.url'];\n",
      'lib/where.test.ts':
        "import { where } from './where';\nconst here: string = import.meta.dirname;\nconsole.log(JSON.stringify({ where: where(), here }));\n",
    });
    const outDir = join(root, 'out');
    const [compiled] = await compileTests({
      root,
      files: [join(root, 'lib/where.test.ts')],
      outDir,
    });
    assert.equal(compiled, join(outDir, 'lib', 'where.test.mjs'));
    const source = join(root, 'lib', 'where.ts');
    assert.deepEqual(JSON.parse(run(compiled)), {
      // The string that spells it stays as written.
      where: [pathToFileURL(source).href, join(root, 'lib'), source, 'import.meta.url'],
      here: join(root, 'lib'),
    });
  });

  it('packages stay packages; a subpath Node finds only with its extension gets it', async () => {
    const root = fixture({
      // next has no exports map: `next/server` is next/server.js, which tsx found by itself.
      'a.test.ts':
        "import { NextResponse } from 'next/server';\nimport { parse } from 'yaml';\nconsole.log(typeof NextResponse.json, parse('a: 1').a);\n",
    });
    const [compiled] = await compileTests({
      root,
      files: [join(root, 'a.test.ts')],
      outDir: join(root, 'out'),
    });
    assert.equal(run(compiled).trim(), 'function 1');
  });

  it('empties its output first, shares chunks between files, and throws on a compile error', async () => {
    const root = fixture({
      'shared.ts': 'export const shared = (): number => 41 + 1;\n',
      'one.test.ts': "import { shared } from './shared';\nconsole.log(shared());\n",
      'two.test.ts': "import { shared } from './shared';\nconsole.log(shared() + 1);\n",
      'broken.test.ts': 'const x: number = ;\n',
    });
    const outDir = join(root, 'out');
    mkdirSync(outDir);
    writeFileSync(join(outDir, 'removed.test.mjs'), 'throw new Error("an old build");\n');
    const files = ['one.test.ts', 'two.test.ts'].map((f) => join(root, f));
    const [one, two] = await compileTests({ root, files, outDir });
    assert.equal(existsSync(join(outDir, 'removed.test.mjs')), false);
    assert.deepEqual([run(one).trim(), run(two).trim()], ['42', '43']);
    // shared.ts once, in a chunk both import, not in each file.
    const chunks = readdirSync(join(outDir, '_chunks')).filter((f) => f.endsWith('.mjs'));
    assert.equal(chunks.length, 1);
    for (const file of [one, two]) assert.doesNotMatch(readFileSync(file, 'utf8'), /41 \+ 1/);
    await assert.rejects(
      compileTests({ root, files: [join(root, 'broken.test.ts')], outDir }),
      /broken\.test\.ts:1:\d+/,
    );
  });
});
