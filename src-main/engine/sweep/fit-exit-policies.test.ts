import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { backboneSpec } from '../backbones/catalog';
import { MNIST_SMALL_EXITS } from '../backbones/mnist-small';
import { sweepConfigSchema } from '../config';
import { fitExitPolicies } from './fit-exit-policies';
import type { FrontierPoint } from '../sweep-types';
import type { SplitFeatures } from '../train/feature-cache';
import { Rng } from '../util/rng';

beforeAll(async () => {
  await initBackend('wasm');
});

const CLASSES = 10;

/**
 * A cache as the feature pass would leave it, built by hand: pooled features of mnist-small's three exits carry the
 * label with noise that shrinks with depth, and the final logits are right for 95 % of the samples.
 */
function cache(n: number, seed: number, dims: number[]): SplitFeatures {
  const rng = new Rng(seed);
  const labels = Int32Array.from({ length: n }, () => rng.int(CLASSES));
  const features = dims.map((d, k) =>
    Float32Array.from({ length: n * d }, (_, j) => {
      const i = Math.floor(j / d);
      return (j % d) % CLASSES === labels[i] ? 1 : 0 + (2.5 - k) * (rng.next() - 0.5) * 2;
    }),
  );
  const finalLogits = Float32Array.from({ length: n * CLASSES }, (_, j) => {
    const i = Math.floor(j / CLASSES);
    const target = rng.next() < 0.95 ? labels[i] : (labels[i] + 1) % CLASSES;
    return j % CLASSES === target ? 4 + rng.next() : rng.next();
  });
  return {
    n,
    labels,
    indices: Int32Array.from({ length: n }, (_, i) => i),
    features,
    dims,
    raw: null,
    rawDims: dims,
    rawShapes: dims.map(() => [1, 1, 1]),
    rawStore: null,
    finalLogits,
    classes: CLASSES,
    penultimate: null,
    penultimateDim: 0,
  };
}

/** Everything of a point that was chosen, not measured on test. */
const chosen = (p: FrontierPoint) => ({ policy: p.policy, param: p.param, split: p.split, threshold: p.threshold, curve: p.curve, envelope: p.envelope });

describe('fitExitPolicies on a hand-built cache', () => {
  it.each(['auto', 'correct', 'leenet'] as const)('%s target: every threshold and envelope is chosen without looking at test labels', async (gateTarget) => {
    const spec = backboneSpec('mnist-small');
    const backbone = spec.build(1, CLASSES);
    const dims = [128, 256, 512];
    const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 0.3], gateTarget, epochs: { heads: 3, gates: 4 } });
    const train = cache(800, 1, dims);
    const val = cache(400, 2, dims);
    const test = cache(400, 3, dims);
    const run = (t: SplitFeatures) => fitExitPolicies({ config, repetition: 0, backbone, exitLayers: [...MNIST_SMALL_EXITS], train, val, test: t });
    const a = await run(test);
    // The same test images with other labels: every choice must stay, only the test accuracies may move.
    const shuffled = { ...test, labels: test.labels.map((y, i) => (i % 3 === 0 ? (y + 1) % CLASSES : y)) };
    const b = await run(shuffled);
    backbone.dispose();

    expect(b.points.map(chosen)).toEqual(a.points.map(chosen));
    expect(b.points.filter((p) => p.split === 'val')).toEqual(a.points.filter((p) => p.split === 'val'));
    expect(b.points.filter((p) => p.split === 'test').map((p) => p.accuracy)).not.toEqual(a.points.filter((p) => p.split === 'test').map((p) => p.accuracy));

    const learned = a.points.filter((p) => p.policy === 'leenet');
    // Each α has its own operating point on both splits, plus threshold-sweep curves; the envelope is non-empty.
    expect(learned.filter((p) => !p.curve && p.split === 'test').map((p) => p.param)).toEqual([0, 0.3]);
    expect(learned.filter((p) => p.curve).length).toBeGreaterThan(20);
    expect(learned.some((p) => p.envelope && p.split === 'test')).toBe(true);
    for (const p of learned) expect(p.threshold).toEqual(expect.any(Number));
    // Calibration and the table: one report per exit, every policy in the figures.
    expect(a.exitReports.map((r) => r.name)).toEqual([...MNIST_SMALL_EXITS, 'final']);
    expect(a.figures.figures.map((f) => f.policy)).toEqual(['leenet', 'max-softmax', 'entropy', 'patience', 'fixed']);
  });
});
