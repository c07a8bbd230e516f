#!/usr/bin/env node
// Runs the Playwright suite against the built app (see playwright.config.ts). Each spec starts
// its own embedded cluster and dashboard on free loopback ports through e2e/fixtures.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('.next/BUILD_ID')) {
  console.error('no production build: run `npx next build` first');
  process.exit(1);
}
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
process.exit(result.status ?? 1);
