import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './chromium';

/** Debian's Chromium, never a downloaded browser (`scripts/ensure-debian.sh` installs it). */
export default defineConfig({
  testDir: '.',
  // Real sweeps on MNIST for the UI specs to look at, made once per session by the CLI.
  globalSetup: './seeded-runs.ts',
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
  projects: [
    // The walk through every feature, browser mode's token check and Run on a queue: once.
    { name: 'walk', testMatch: ['workbench.spec.ts', 'token.spec.ts', 'queue.spec.ts'] },
    // The UI specs at the two window sizes a researcher's laptop and desktop have.
    { name: '1440x900', testMatch: 'ui-*.spec.ts', use: { viewport: { width: 1440, height: 900 } } },
    { name: '1280x720', testMatch: 'ui-*.spec.ts', use: { viewport: { width: 1280, height: 720 } } },
  ],
});
