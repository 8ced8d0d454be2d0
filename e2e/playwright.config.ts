import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './chromium';

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
    launchOptions: CHROMIUM,
    testIdAttribute: 'data-test',
    // Off: a trace snapshots the DOM on the page's main thread at every action, slowing the page while runs stream.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
