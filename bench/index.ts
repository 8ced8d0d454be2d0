/**
 * `npm run bench`: the performance idea of the engine, measured in one run on this machine's backend.
 * The backbone runs once per split; every α after that is cheap. Prints the feature pass, the 11-α gate sweep,
 * and their ratio (the goal: the whole sweep costs no more than one feature pass); then the budget `--speedup 2`
 * (search time), and that operating point exported and run with real early exit at batch 64 and batch 1.
 * Options: BENCH_LIMIT=N to use a subset (default: the full default job).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sweepConfigSchema } from '../src-main/engine/config';
import { runSweep } from '../src-main/engine/sweep/run-sweep';
import { runBudget } from '../src-main/engine/budget/run-budget';
import { runExport } from '../src-main/engine/deploy/run-export';
import { loadEarlyExitModel } from '../src-main/engine/deploy/load-early-exit-model';
import { timePredictions } from '../src-main/engine/deploy/time-predictions';
import { loadDataset } from '../src-main/engine/data/load-dataset';

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
      `${(m.earlyMsPerImage / m.fullMsPerImage).toFixed(3)} at batch ${m.batchSize ?? '?'}${m.single ? `, ${(m.single.earlyMsPerImage / m.single.fullMsPerImage).toFixed(3)} at batch 1` : ''} (FLOPs predict ${p.cost.toFixed(3)})`,
    ]);
  }
  const total = Object.values(t).reduce((a, b) => a + b, 0);
  rows.push(['runtime check / whole sweep', `${((t.runtime ?? 0) / total).toFixed(3)} (${(t.runtime ?? 0).toFixed(2)} of ${total.toFixed(1)} s)`]);

  // Ask for 2× on validation, export that point, run the exported model on test images.
  let started = performance.now();
  const budget = await runBudget(workspace, r.runId, { kind: 'speedup', value: 2 });
  const searchMs = performance.now() - started;
  rows.push(['budget search --speedup 2', `${(searchMs / 1000).toFixed(2)} s → ${budget.policy}${budget.alpha !== null ? ` α=${budget.alpha}` : ''}, validation ${(100 * budget.validation.accuracy).toFixed(2)}% at ${budget.validation.speedup.toFixed(2)}×, test ${(100 * budget.test.accuracy).toFixed(2)}% at ${budget.test.speedup.toFixed(2)}×`]);
  started = performance.now();
  const out = path.join(workspace, 'model-2x');
  await runExport(workspace, r.runId, { kind: 'budget', target: { kind: 'speedup', value: 2 } }, out);
  rows.push(['export', `${((performance.now() - started) / 1000).toFixed(2)} s`]);
  const model = await loadEarlyExitModel(out);
  const mnist = await loadDataset('mnist', { imageSize: { resize: 28, crop: 28, channels: 1 } });
  const test = mnist.test!;
  const batch = (start: number, end: number) =>
    Promise.resolve(model.preprocess(Array.from({ length: end - start }, (_, i) => ({ data: test.images.subarray((start + i) * 784, (start + i + 1) * 784), height: 28, width: 28, channels: 1 }))));
  for (const [size, n] of [
    [64, Math.min(test.count, 4096)],
    [1, 256],
  ] as const) {
    const m = await timePredictions(model, n, size, batch);
    const measured = m.fullMsPerImage / m.msPerImage;
    rows.push([
      `exported 2× point, batch ${size}: early-exit ms / full ms`,
      `${(m.msPerImage / m.fullMsPerImage).toFixed(3)} (${m.msPerImage.toFixed(3)} / ${m.fullMsPerImage.toFixed(3)} ms per image on ${n} images); measured / FLOPs speedup ${(measured / budget.test.speedup).toFixed(3)}`,
    ]);
  }
  model.dispose();
  const w = Math.max(...rows.map((x) => x[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
} finally {
  await rm(workspace, { recursive: true, force: true });
}
