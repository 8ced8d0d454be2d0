import { describe, expect, it } from 'vitest';
import { summariseLogits } from '../evaluate/logit-summary';
import { evaluateDecisions } from '../evaluate/metrics';
import { entropyDecisions, gateDecisions, maxSoftmaxDecisions, oracleDecisions, quantileThresholds } from './exit-rules';

const labels = Int32Array.from([0, 1, 1]);
// Three samples, two classes, three exits (two early + final).
const exits = [
  summariseLogits(Float32Array.from([5, 0, 5, 0, 3, 0]), 3, 2, labels), // right+sure, wrong+sure, wrong (p 0.95)
  summariseLogits(Float32Array.from([0, 0, 0, 3, 0, 0.5]), 3, 2, labels), // unsure, right, right+unsure
  summariseLogits(Float32Array.from([1, 0, 0, 1, 0, 1]), 3, 2, labels), // final: all right
];

describe('exit rules', () => {
  it('gates: leave at the first gate above 0.5, else the final exit', () => {
    const d = gateDecisions([Float32Array.from([0.9, 0.2, 0.5]), Float32Array.from([0.1, 0.7, 0.4])], 3);
    expect(Array.from(d)).toEqual([0, 1, 2]);
  });

  it('max-softmax and entropy thresholds', () => {
    expect(Array.from(maxSoftmaxDecisions(exits, 3, 0.96))).toEqual([0, 0, 2]);
    expect(Array.from(maxSoftmaxDecisions(exits, 3, 0.9))).toEqual([0, 0, 0]);
    expect(Array.from(entropyDecisions(exits, 3, 0.1))).toEqual([0, 0, 2]);
  });

  it('oracle takes the first correct exit', () => {
    expect(Array.from(oracleDecisions(exits, 3))).toEqual([0, 1, 1]);
  });

  it('scores decisions: accuracy, expected cost, fractions, per-exit accuracy', () => {
    const out = evaluateDecisions(Int32Array.from([0, 0, 1]), exits.map((s) => s.correct), [0.2, 0.6, 1.1]);
    expect(out.accuracy).toBeCloseTo(2 / 3);
    expect(out.cost).toBeCloseTo((0.2 + 0.2 + 0.6) / 3);
    expect(out.speedup).toBeCloseTo(3 / 1.0);
    expect(out.exitFractions).toEqual([2 / 3, 1 / 3, 0]);
    expect(out.exitAccuracy).toEqual([0.5, 1, null]);
  });

  it('summarises logits: entropy normalised, CE from labels', () => {
    expect(exits[1].entropy[0]).toBeCloseTo(1);
    expect(exits[0].ce[0]).toBeCloseTo(Math.log(1 + Math.exp(-5)));
  });

  it('quantile thresholds span the scores', () => {
    const t = quantileThresholds([Float32Array.from([0.1, 0.2, 0.3]), Float32Array.from([0.4, 0.5])], 3);
    expect(t).toEqual([0.1, expect.closeTo(0.3, 5), 0.5]);
  });
});
