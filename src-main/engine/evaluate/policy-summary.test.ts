import { describe, expect, it } from 'vitest';
import type { FrontierPoint, PolicyName } from '../sweep-types';
import { toPoint } from './metrics';
import { frontierArea, policyFigures, seedStat, summaryTable } from './policy-summary';

const pt = (policy: PolicyName, param: number | null, accuracy: number, cost: number, envelope?: boolean): FrontierPoint => ({
  ...toPoint(policy, param, 'test', { accuracy, cost, speedup: 1 / cost, exitFractions: [1], exitAccuracy: [accuracy] }),
  ...(envelope === undefined ? {} : { envelope }),
});

describe('who wins: the summary table', () => {
  it('frontierArea integrates the best accuracy at cost ≤ c, 0 where nothing is that cheap', () => {
    // Over [0.2, 1]: 0 until 0.4, then 0.9 until 0.6, then 1.
    expect(frontierArea([{ cost: 0.4, accuracy: 0.9 }, { cost: 0.6, accuracy: 1 }], 0.2)).toBeCloseTo((0.9 * 0.2 + 1 * 0.4) / 0.8, 9);
    expect(frontierArea([{ cost: 0.2, accuracy: 0.5 }], 0.2)).toBeCloseTo(0.5, 9);
  });

  it('policyFigures reads each threshold policy from its envelope and measures drops against the last fixed exit', () => {
    const points = [
      pt('fixed', 0, 0.9, 0.3),
      pt('fixed', 1, 0.99, 1),
      pt('max-softmax', 0.5, 0.985, 0.45, true),
      // Off the validation envelope: ignored even though it looks good on test.
      pt('max-softmax', 0.6, 0.99, 0.35, false),
      pt('leenet', 0, 0.986, 0.4, true),
      pt('leenet', 0.5, 0.98, 0.2, false),
      pt('oracle', null, 1, 0.3),
    ];
    const { reference, figures } = policyFigures(points);
    expect(reference).toBe(0.99);
    expect(figures.map((f) => f.policy)).toEqual(['leenet', 'max-softmax', 'fixed']);
    const [leenet, softmax] = figures;
    expect(leenet.speedupAtDrop[0]).toBeCloseTo(2.5);
    expect(softmax.speedupAtDrop[0]).toBeCloseTo(1 / 0.45);
    expect(leenet.accuracyAtCost).toEqual([null, 0.986, 0.986]);
  });

  it('summaryTable: mean ± std over seeds, and a winner only beyond the spread', () => {
    const seed = (a: number, b: number) => policyFigures([pt('fixed', 0, 0.9, 0.3), pt('fixed', 1, 0.99, 1), pt('leenet', 0, a, 0.45, true), pt('max-softmax', 0.5, b, 0.45, true)]);
    const clear = summaryTable([seed(0.985, 0.95), seed(0.987, 0.951)], 'final', 10000);
    expect(clear.seeds).toBe(2);
    const acc = clear.policies.find((p) => p.policy === 'leenet')!.accuracyAtCost[1].value!;
    expect(acc.mean).toBeCloseTo(0.986, 9);
    expect(acc.std).toBeCloseTo(Math.SQRT2 * 0.001, 9);
    expect(clear.best['accuracy@0.5']).toBe('leenet');
    expect(clear.best['accuracy@0.25']).toBeNull();
    // Within the test set's standard error (≈ 0.1 point on 10,000 images): nobody wins.
    const tie = summaryTable([seed(0.985, 0.9845)], 'final', 10000);
    expect(tie.best['accuracy@0.5']).toBeNull();
    expect(seedStat([null, null])).toBeNull();
    expect(seedStat([2])).toEqual({ mean: 2, std: 0, n: 1 });
  });
});
