import { describe, expect, it } from 'vitest';
import { summariseLogits } from '../evaluate/logit-summary';
import { evaluateDecisions } from '../evaluate/metrics';
import { entropyDecisions, gateDecisions, maxSoftmaxDecisions, oracleDecisions, patienceDecisions, quantileThresholds } from './exit-rules';

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

  it('patience leaves where the last k exits agree', () => {
    // Predictions per exit (4 exits, the last = final) for five samples, written out so the answers can be read off.
    const preds = [
      [0, 1, 2, 0, 1],
      [0, 2, 2, 1, 1],
      [0, 2, 1, 1, 2],
      [0, 2, 1, 0, 2],
    ];
    const summaries = preds.map((p) => {
      const logits = new Float32Array(p.length * 3);
      p.forEach((c, i) => (logits[i * 3 + c] = 4));
      return summariseLogits(logits, p.length, 3, new Int32Array(p.length));
    });
    expect(Array.from(patienceDecisions(summaries, 5, 1))).toEqual([0, 0, 0, 0, 0]);
    // Per sample the exits predict: s0 0,0,0,0 · s1 1,2,2,2 · s2 2,2,1,1 · s3 0,1,1,0 · s4 1,1,2,2.
    // Two in a row: s0, s2, s4 at exit 1; s1 and s3 at exit 2.
    expect(Array.from(patienceDecisions(summaries, 5, 2))).toEqual([1, 2, 1, 2, 1]);
    // Three in a row among the early exits only for s0; the rest reach the backbone's classifier.
    expect(Array.from(patienceDecisions(summaries, 5, 3))).toEqual([2, 3, 3, 3, 3]);
    // More than the early exits: nobody leaves early.
    expect(Array.from(patienceDecisions(summaries, 5, 4))).toEqual([3, 3, 3, 3, 3]);
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
