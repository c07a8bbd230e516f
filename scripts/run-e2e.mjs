#!/usr/bin/env node
// Runs the Playwright suite against the standalone server that ships (see playwright.config.ts).
// Each spec starts its own embedded cluster and `node server.js` of .next/standalone on free
// loopback ports through e2e/fixtures.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('.next/standalone/server.js')) {
  console.error('no standalone build: run `npm run build` first');
  process.exit(1);
}
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
process.exit(result.status ?? 1);
