import { describe, expect, it } from 'vitest';
import { appendLosses, ema, gateStepOffset, groupOf, type Curves } from './loss-curves';

describe('loss curves', () => {
  it('groups series by training phase', () => {
    expect(['head:stage1', 'gate:α=0.5', 'final', 'backbone'].map(groupOf)).toEqual(['heads', 'gates', 'final', 'backbone']);
  });

  it('appends per series, skips non-finite losses, and halves a curve that grows past the bound', () => {
    const curves: Curves = new Map();
    appendLosses(curves, [
      { series: 'final', step: 1, loss: 2 },
      { series: 'head:a', step: 1, loss: Number.NaN },
      { series: 'final', step: 2, loss: 1 },
    ]);
    expect(curves.get('final')).toEqual([{ step: 1, loss: 2 }, { step: 2, loss: 1 }]);
    expect(curves.get('head:a')).toBeUndefined();
    appendLosses(curves, [3, 4, 5].map((step) => ({ series: 'final', step, loss: step })), undefined, 4);
    expect(curves.get('final')).toEqual([{ step: 2, loss: 1.5 }, { step: 4, loss: 3.5 }, { step: 5, loss: 5 }]);
  });

  it('smooths like TensorBoard: 0 is the raw curve, the start is not biased towards 0', () => {
    expect(ema([1, 2, 3], 0)).toEqual([1, 2, 3]);
    const s = ema([10, 10, 10, 0], 0.9);
    expect(s[0]).toBeCloseTo(10);
    expect(s[2]).toBeCloseTo(10);
    expect(s[3]).toBeGreaterThan(5);
    expect(s[3]).toBeLessThan(10);
  });

  it('overlays α curves: each α starts at step 0 of its share of the phase', () => {
    expect(gateStepOffset('gate:α=0.5', [0, 0.5, 1], 300)).toBe(100);
    expect(gateStepOffset('gate:α=0.7', [0, 0.5, 1], 300)).toBe(0);
  });
});
