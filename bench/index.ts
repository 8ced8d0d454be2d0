/**
 * `npm run bench`: the performance idea of the engine, measured in one run on this machine's backend.
 * The backbone runs once per split; every α after that is cheap. Prints the feature pass, the 11-α gate sweep,
 * and their ratio (the goal: the whole sweep costs no more than one feature pass).
 * Options: BENCH_LIMIT=N to use a subset (default: the full default job).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sweepConfigSchema } from '../src-main/engine/config';
import { runSweep } from '../src-main/engine/sweep';

const limit = process.env.BENCH_LIMIT ? Number(process.env.BENCH_LIMIT) : undefined;
const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: Array.from({ length: 11 }, (_, i) => i / 10), limit });
const workspace = await mkdtemp(path.join(os.tmpdir(), 'leenet-bench-'));
try {
  const r = await runSweep(config, { workspace, backend: process.env.LEENET_BACKEND });
  const t = r.timings;
  const samples = r.points.length > 0 ? (limit ? 2 * limit : 70000) : 0;
  const rows: [string, string][] = [
    ['backend', r.backend],
    ['images through the backbone', String(samples)],
    ['backbone (load or train)', `${t.backbone.toFixed(2)} s`],
    ['feature pass', `${t.features.toFixed(2)} s (${((1000 * t.features) / samples).toFixed(3)} ms/image)`],
    ['heads', `${t.heads.toFixed(2)} s`],
    ['baselines (max-softmax, entropy, fixed, oracle)', `${t.baselines.toFixed(2)} s`],
    ['gates, 11 α', `${t.gates.toFixed(2)} s (${(t.gates / 11).toFixed(2)} s per α)`],
    ['ratio: 11-α gate sweep / feature pass', (t.gates / t.features).toFixed(3)],
    ['ratio: heads + baselines + 11-α sweep / feature pass', ((t.heads + t.baselines + t.gates) / t.features).toFixed(3)],
  ];
  for (const p of r.points.filter((q) => q.policy === 'leenet' && q.split === 'test' && q.runtime)) {
    const m = p.runtime!;
    rows.push([
      `early exit α=${p.param}: measured ms / full-model ms`,
      `${(m.earlyMsPerImage / m.fullMsPerImage).toFixed(3)} (${m.earlyMsPerImage.toFixed(3)} / ${m.fullMsPerImage.toFixed(3)} ms per image; FLOPs predict ${p.cost.toFixed(3)})`,
    ]);
  }
  const w = Math.max(...rows.map((x) => x[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
} finally {
  await rm(workspace, { recursive: true, force: true });
}
