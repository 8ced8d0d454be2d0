import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@api': resolve(import.meta.dirname, 'src-shared/api') } },
  test: {
    include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'src-renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    // tfjs training tests are CPU-bound on a 2-core machine: files run in parallel, tests inside one file do not.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
