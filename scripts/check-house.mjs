#!/usr/bin/env node
// The house rules a reviewer would otherwise check by eye, as one gate of `npm run check`:
// - no source file over 600 lines, except pure data tables listed below;
// - every document a file mentions (`*.md`) is in the repo, and no file points at documents
//   outside it (a `../` path out of the repo, "issue N" of a tracker the repo does not carry);
// - no machine paths (home or workspace directories of whoever wrote the code);
// - no test hooks in shipped code (app/, components/, lib/): globals on `window`, test-only
//   environment branches.
// Exits 1 with one line per finding.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';

const MAX_LINES = 600;
/** Pure data: schema tables whose length is their content, not logic. */
const DATA_FILES = new Set(['emulator/api/openapi/schemas.ts']);
const SOURCE = new Set(['.ts', '.tsx', '.mjs', '.js', '.cjs', '.css']);
const TEXT = new Set([...SOURCE, '.md', '.json', '.yaml', '.yml', '.sh', '']);
const SHIPPED = /^(app|components|lib)\//;
/** The gate spells out what it looks for. */
const SELF = new Set(['scripts/check-house.mjs']);

const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && f !== 'package-lock.json' && !SELF.has(f));
const known = new Set(files.map((f) => basename(f)));
const findings = [];

for (const file of files) {
  const ext = extname(file);
  if (!TEXT.has(ext)) continue;
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the working tree
  }
  const lines = text.split('\n');
  if (SOURCE.has(ext) && !DATA_FILES.has(file) && lines.length > MAX_LINES) {
    findings.push(`${file}: ${lines.length} lines (over ${MAX_LINES}; split it by concern)`);
  }
  lines.forEach((line, index) => {
    const at = `${file}:${index + 1}`;
    // A public web address is something every reader can open; only bare names must exist here.
    const withoutUrls = line.replace(/https?:\/\/\S+/g, '');
    for (const match of withoutUrls.matchAll(/([\w./-]*[\w-]+\.md)\b/g)) {
      const name = basename(match[1]);
      if (!known.has(name)) findings.push(`${at}: mentions ${match[1]}, which is not in the repo`);
    }
    if (/\.\.\/shared\b|\breference\/[\w-]+\.md/.test(line)) {
      findings.push(`${at}: points at documents outside the repo`);
    }
    if (/\b(?:see |per |in |from |of )?issue #?\d+\b/i.test(line) && !/kubernetes#\d+/.test(line)) {
      findings.push(`${at}: cites an issue number of a tracker the repo does not carry`);
    }
    if (/(?:^|[\s'"`(=])\/(?:work|root|home\/\w+|Users\/\w+)\//.test(line)) {
      findings.push(`${at}: machine path`);
    }
    if (SHIPPED.test(file) && !/\.test\.tsx?$/.test(file) && !/\/testing\//.test(file)) {
      if (/\bwindow\s*(?:as [^)]*\))?\s*\)?\s*\.__\w+|\bwindow\.__\w+/.test(line)) {
        findings.push(`${at}: test hook on window in shipped code`);
      }
      if (/process\.env\.(?:NODE_ENV\s*===?\s*['"]test['"]|\w*TEST\w*)/.test(line)) {
        findings.push(`${at}: test-only branch in shipped code`);
      }
    }
  });
}

if (findings.length > 0) {
  for (const finding of findings) console.error(finding);
  console.error(`\ncheck-house: ${findings.length} finding(s)`);
  process.exit(1);
}
console.log(`check-house: ${files.length} files, no findings`);
