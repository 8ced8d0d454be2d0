import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepConfigSchema } from './config';
import { policyFrontier, SUMMARY_COSTS, SUMMARY_DROPS } from './evaluate/policy-summary';
import { runSweep } from './sweep/run-sweep';
import type { FrontierPoint, PolicyName } from './sweep-types';

/** Within 0.1 point: MNIST's test set has 10,000 images, so that is 10 of them. */
const TOLERANCE = 0.001;


const bestAccuracyAt = (f: FrontierPoint[], cost: number) => Math.max(-Infinity, ...f.filter((p) => p.cost <= cost + 1e-9).map((p) => p.accuracy));

describe('the learned policy on the real MNIST default (shipped mnist-small, every default option)', () => {
  it('is at least the max-softmax frontier at every budget of the table, within 0.1 point', async () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'leenet-default-'));
    const result = await runSweep(sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] }), {
      workspace,
      cacheDir: mkdtempSync(path.join(os.tmpdir(), 'leenet-cache-')),
      backend: 'wasm',
    });
    expect(result.status).toBe('finished');
    const learned = policyFrontier(result.points, 'leenet');
    const softmax = policyFrontier(result.points, 'max-softmax');
    const reference = result.points.filter((p) => p.split === 'test' && p.policy === 'fixed').sort((a, b) => (a.param ?? 0) - (b.param ?? 0)).at(-1)!.accuracy;
    expect(learned.length).toBeGreaterThan(1);

    // Accuracy at ≤ 25 / 50 / 75 % cost.
    for (const c of SUMMARY_COSTS) expect(bestAccuracyAt(learned, c), `accuracy at ≤ ${c} cost`).toBeGreaterThanOrEqual(bestAccuracyAt(softmax, c) - TOLERANCE);
    // Speedup at ≤ 0.5 / 1 point drop: allowed 0.1 point more drop, the learned policy is at least as fast.
    const fastestWithin = (f: FrontierPoint[], drop: number) => Math.max(0, ...f.filter((p) => p.accuracy >= reference - drop - 1e-9).map((p) => p.speedup));
    for (const d of SUMMARY_DROPS) expect(fastestWithin(learned, d + TOLERANCE), `speedup at ≤ ${100 * d} point drop`).toBeGreaterThanOrEqual(fastestWithin(softmax, d));
    // And the run's own table says the same about the area under the frontier.
    const row = (policy: PolicyName) => result.summary!.policies.find((p) => p.policy === policy)!;
    expect(row('leenet').auc.mean).toBeGreaterThanOrEqual(row('max-softmax').auc.mean - TOLERANCE);
  }, 900_000);
});
