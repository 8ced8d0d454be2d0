import type { GateModelRecord, PolicyBundleContent } from '../runs/policy-bundle';
import { Rng } from '../util/rng';

/** Test support: a policy bundle as a finished sweep keeps it, built by hand with a known structure. */

const CLASSES = 4;

/**
 * Exit outputs as a sweep would keep them, built by hand: each sample has a difficulty u; exit k is right when
 * u < [0.6, 0.8, 0.95][k], with a logit margin that grows with how far u is from that edge (so confidence
 * carries information), and the `correct` gate model's probability is a noisy reading of the same margin.
 */
export function split(n: number, seed: number): { labels: Int32Array; logits: Float32Array[]; probs: Float32Array[] } {
  const rng = new Rng(seed);
  const labels = Int32Array.from({ length: n }, () => rng.int(CLASSES));
  const u = Float32Array.from({ length: n }, () => rng.next());
  const edge = [0.6, 0.8, 0.95];
  const margins = edge.map((e) => Float32Array.from(u, (x) => 8 * (e - x) + (rng.next() - 0.5)));
  const logits = margins.map((m) => {
    const z = new Float32Array(n * CLASSES);
    for (let i = 0; i < n; i++) {
      const wrong = (labels[i] + 1) % CLASSES;
      // Confidence falls with the margin, through zero: the wrong predictions are the less confident ones.
      z[i * CLASSES + (m[i] > 0 ? labels[i] : wrong)] = Math.max(0.05, 1.5 + m[i] / 2);
    }
    return z;
  });
  const probs = margins.slice(0, -1).map((m) => Float32Array.from(m, (x) => 1 / (1 + Math.exp(-(x + 0.8 * (rng.next() - 0.5))))));
  return { labels, logits, probs };
}

export function bundle(options: { testSeed?: number; gateModels?: GateModelRecord[] } = {}): PolicyBundleContent {
  const val = split(3000, 1);
  const test = split(3000, options.testSeed ?? 2);
  const gateModels = options.gateModels ?? [{ target: 'correct', alpha: null, specs: [1, 2].map(() => ({ inDim: 4, hidden: null, outDim: 1 })) }];
  return {
    meta: {
      version: 1,
      exitLayers: ['a', 'b'],
      classes: CLASSES,
      pooling: 'adaptive',
      grid: 4,
      gateInput: 'uncertainty',
      head: 'linear',
      gateTarget: gateModels[0]?.target === 'leenet' ? 'leenet' : 'correct',
      gateSplit: 'val',
      temperatures: [1, 1, 1],
      costs: { fraction: [0.2, 0.5, 1.05], normalised: [0, 0.35, 1] },
      heads: null,
      gateModels,
      n: { val: 3000, test: 3000 },
    },
    labels: { val: val.labels, test: test.labels },
    logits: { val: val.logits, test: test.logits },
    headStates: null,
    gates: gateModels.map((g) => ({
      states: g.specs.map((spec) => ({ spec, mean: [0, 0, 0, 0], invStd: [1, 1, 1, 1], weights: [{ shape: [4, 1], values: [0, 0, 0, 0] }, { shape: [1], values: [0] }] })),
      probs: { val: val.probs, test: test.probs },
    })),
  };
}
