import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    // tfjs training tests are CPU-bound on a 2-core machine: files run in parallel, tests inside one file do not.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
