import { describe, expect, it } from 'vitest';
import { alphaOfSeries } from '@api/loss-series';
import { appendLosses, byAlpha, ema, gateStepOffset, groupOf, MAX_POINTS, seriesLabel, type Curves } from './loss-curves';

describe('loss curves', () => {
  it('groups series by training phase, the gate loss apart from its two terms', () => {
    expect(['head:stage1', 'gate:α=0.5', 'gate-ce:α=0.5', 'gate-cost:α=0.5', 'gate:P(correct)', 'final', 'backbone'].map(groupOf)).toEqual([
      'heads',
      'gates',
      'gate-ce',
      'gate-cost',
      'gates',
      'final',
      'backbone',
    ]);
  });

  it('names a curve the same in every gate chart, so one α is one legend entry everywhere', () => {
    expect(['gate:α=0.5', 'gate-ce:α=0.5', 'gate-cost:α=0.5', 'head:stage1', 'final', 'gate:P(safe)'].map(seriesLabel)).toEqual([
      'α=0.5',
      'α=0.5',
      'α=0.5',
      'stage1',
      'final',
      'P(safe)',
    ]);
  });

  it('appends per series with wall time, skips non-finite losses, and halves a curve that grows past the bound', () => {
    const curves: Curves = new Map();
    appendLosses(curves, [
      { series: 'final', step: 1, loss: 2, time: 0.5 },
      { series: 'head:a', step: 1, loss: Number.NaN },
      { series: 'final', step: 2, loss: 1, time: 0.9 },
    ]);
    expect(curves.get('final')).toEqual([
      { step: 1, loss: 2, time: 0.5 },
      { step: 2, loss: 1, time: 0.9 },
    ]);
    expect(curves.get('head:a')).toBeUndefined();
    appendLosses(curves, [3, 4, 5].map((step) => ({ series: 'final', step, loss: step, time: step })), undefined, 4);
    expect(curves.get('final')).toEqual([
      { step: 2, loss: 1.5, time: 0.9 },
      { step: 4, loss: 3.5, time: 4 },
      { step: 5, loss: 5, time: 5 },
    ]);
  });

  it('keeps every step of a phase shorter than the bound, and stays bounded past it', () => {
    const curves: Curves = new Map();
    const steps = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ series: 'head:a', step: from + i, loss: 1 / (from + i) }));
    appendLosses(curves, steps(1, MAX_POINTS));
    expect(MAX_POINTS).toBeGreaterThanOrEqual(5000);
    expect(curves.get('head:a')!.map((p) => p.step)).toEqual(Array.from({ length: MAX_POINTS }, (_, i) => i + 1));
    appendLosses(curves, steps(MAX_POINTS + 1, 1));
    expect(curves.get('head:a')!.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(curves.get('head:a')!.at(-1)!.step).toBe(MAX_POINTS + 1);
  });

  it('keeps runs without wall time as they were recorded', () => {
    const curves: Curves = new Map();
    appendLosses(curves, [{ series: 'final', step: 1, loss: 2 }]);
    expect(curves.get('final')).toEqual([{ step: 1, loss: 2 }]);
  });

  it('smooths like TensorBoard: 0 is the raw curve, the start is not biased towards 0', () => {
    expect(ema([1, 2, 3], 0)).toEqual([1, 2, 3]);
    expect(ema([2.7324681282043457], 0.6)).toEqual([2.7324681282043457]);
    const s = ema([10, 10, 10, 0], 0.9);
    expect(s[0]).toBeCloseTo(10);
    expect(s[2]).toBeCloseTo(10);
    expect(s[3]).toBeGreaterThan(5);
    expect(s[3]).toBeLessThan(10);
  });

  it('overlays α curves, the loss and its terms alike: each α starts at step 0 of its share of the phase', () => {
    expect(gateStepOffset('gate:α=0.5', [0, 0.5, 1], 300)).toBe(100);
    expect(gateStepOffset('gate-ce:α=1', [0, 0.5, 1], 300)).toBe(200);
    expect(gateStepOffset('gate-cost:α=0.5', [0, 0.5, 1], 300)).toBe(100);
    expect(gateStepOffset('gate:α=0.7', [0, 0.5, 1], 300)).toBe(0);
    expect(gateStepOffset('gate:P(correct)', [0, 0.5, 1], 300)).toBe(0);
  });

  it('orders α curves by α, curves of no α last', () => {
    expect(alphaOfSeries('gate-cost:α=0.25')).toBe(0.25);
    expect(alphaOfSeries('gate:P(correct)')).toBeNaN();
    expect(['gate:α=1', 'gate:P(safe)', 'gate:α=0.1', 'gate:α=0'].sort(byAlpha)).toEqual(['gate:α=0', 'gate:α=0.1', 'gate:α=1', 'gate:P(safe)']);
  });
});
