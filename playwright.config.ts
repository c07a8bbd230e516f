import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's chromium (Playwright cannot download its own here) against the
 * production build. Specs start their own embedded cluster and dashboard through e2e/fixtures.ts,
 * so there is no global webServer. Two files run at once: each test's cluster, server and browser
 * are its own, on their own ports, and most of a spec's time is spent waiting on them.
 */
export default defineConfig({
  testDir: './e2e',
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
