import { describe, expect, it } from 'vitest';
import { toPoint } from '../evaluate/metrics';
import type { FrontierPoint } from '../sweep-types';
import { gateThresholds, markEnvelope, objectiveThreshold, paretoIndices } from './operating-points';

const point = (split: 'val' | 'test', accuracy: number, cost: number): FrontierPoint =>
  toPoint('leenet', 0, split, { accuracy, cost, speedup: 1 / cost, exitFractions: [1], exitAccuracy: [accuracy] });

describe('operating points of learned gates', () => {
  it('paretoIndices keeps the points no other beats on both axes', () => {
    const pts = [
      { cost: 0.5, accuracy: 0.9 },
      { cost: 0.4, accuracy: 0.95 },
      { cost: 0.6, accuracy: 0.97 },
      { cost: 0.6, accuracy: 0.96 },
      { cost: 0.3, accuracy: 0.8 },
    ];
    expect(paretoIndices(pts)).toEqual([1, 2, 4]);
  });

  it('markEnvelope chooses on validation: test accuracies never decide', () => {
    const pairs = [
      { val: point('val', 0.9, 0.5), test: point('test', 0.99, 0.5) },
      { val: point('val', 0.95, 0.4), test: point('test', 0.5, 0.4) },
    ];
    markEnvelope(pairs);
    // The first pair is beaten on validation, however good its test twin looks.
    expect(pairs.map((p) => [p.val.envelope, p.test.envelope])).toEqual([
      [false, false],
      [true, true],
    ]);
  });

  it('gateThresholds come from validation gate probabilities and include the seed rule 0.5', () => {
    const val = [Float32Array.from({ length: 100 }, (_, i) => i / 100)];
    const t = gateThresholds(val);
    expect(t).toContain(0.5);
    expect(t[0]).toBe(0);
    expect(t.at(-1)).toBeCloseTo(0.99, 5);
    expect([...t].sort((a, b) => a - b)).toEqual(t);
  });

  it('objectiveThreshold: α = 0 minimises the cross-entropy, α = 1 the cost', () => {
    // Two exits: the early one is right (low CE) for the samples whose gate is high.
    const gate = [new Float32Array([0.9, 0.8, 0.2, 0.1])];
    const ce = [new Float32Array([0.1, 0.1, 3, 3]), new Float32Array([0.2, 0.2, 0.2, 0.2])];
    const costs = [0, 1];
    const candidates = [0.05, 0.5, 0.95];
    const accurate = objectiveThreshold(gate, ce, costs, 0, candidates);
    expect(accurate.threshold).toBe(0.5);
    expect(accurate.loss).toBeCloseTo((0.1 + 0.1 + 0.2 + 0.2) / 4, 6);
    expect(objectiveThreshold(gate, ce, costs, 1, candidates)).toEqual({ threshold: 0.05, loss: 0 });
  });
});
