import { describe, expect, it } from 'vitest';
import type { FrontierPoint } from '../../src-main/engine/sweep-types';
import { finishedAlpha } from './finished-alpha';

const pt = (policy: FrontierPoint['policy'], split: FrontierPoint['split'], param: number | null): FrontierPoint => ({
  policy,
  split,
  param,
  accuracy: 0.9,
  cost: 0.5,
  speedup: 2,
  exitFractions: [1],
  exitAccuracy: [0.9],
});

describe('finishedAlpha', () => {
  it('is the α of learned-gate test points only', () => {
    expect(finishedAlpha(pt('leenet', 'test', 0.3))).toBe(0.3);
    expect(finishedAlpha(pt('leenet', 'val', 0.3))).toBeNull();
    expect(finishedAlpha(pt('max-softmax', 'test', 0.9))).toBeNull();
    // A threshold-sweep point of α = 0.3 is not another finished α.
    expect(finishedAlpha({ ...pt('leenet', 'test', 0.3), curve: true })).toBeNull();
  });
});
