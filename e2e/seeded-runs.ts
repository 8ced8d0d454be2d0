import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the seeded runs live for one e2e session: the UI specs each serve a copy. */
export const SEEDED = { workspace: path.join(root, 'test-results', 'seeded-workspace'), cache: path.join(root, 'test-results', 'seeded-cache') };

/** The finished runs the UI specs look at, made by the real CLI: 11 α with LEENet-loss gates, and a P(correct) run to overlay. */
export const SEEDED_RUNS = [
  { name: 'seeded leenet', args: ['--gate-target', 'leenet', '--alphas', '0:1:0.1', '--epochs', 'backbone=2,heads=4,gates=40'] },
  { name: 'seeded auto', args: ['--gate-target', 'auto', '--alphas', '0:1:0.25', '--epochs', 'backbone=2,heads=4,gates=40'] },
] as const;

/**
 * Playwright's global setup: real sweeps on 1,000 MNIST images each, into a fresh seeded workspace
 * (`E2E_REUSE_SEEDED=1` keeps the last session's, for quick reruns while writing a spec).
 */
export default function seedRuns(): void {
  if (process.env.E2E_REUSE_SEEDED === '1' && existsSync(SEEDED.workspace) && readdirSync(SEEDED.workspace).length >= SEEDED_RUNS.length) return;
  rmSync(SEEDED.workspace, { recursive: true, force: true });
  mkdirSync(SEEDED.workspace, { recursive: true });
  for (const run of SEEDED_RUNS) {
    const out = spawnSync(process.execPath, ['bin/leenet.mjs', 'sweep', '--name', run.name, '--limit', '1000', ...run.args, '--workspace', SEEDED.workspace, '--cache-dir', SEEDED.cache, '--json'], {
      cwd: root,
      env: { ...process.env, LEENET_CACHE: SEEDED.cache },
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (out.status !== 0) throw new Error(`Seeding "${run.name}" failed (${out.status}): ${out.stderr}`);
  }
}
