import { defineConfig } from '@playwright/test';

/** Debian's Chromium, never a downloaded browser (`scripts/ensure-chromium.sh` installs it). */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 240_000,
  expect: { timeout: 120_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: '../test-results',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    testIdAttribute: 'data-test',
    // Off: a trace snapshots the DOM on the page's main thread at every action, which the test would then measure as
    // the app's own long tasks while runs stream.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
