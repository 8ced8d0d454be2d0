import { describe, expect, it } from 'vitest';
import { crosshairItems, nearestIndex } from './crosshair';

describe('crosshair', () => {
  it('finds the nearest x by binary search', () => {
    const xs = [0, 10, 20, 30];
    expect([-5, 0, 4, 6, 15.1, 29, 99].map((x) => nearestIndex(xs, x))).toEqual([0, 0, 0, 1, 2, 3, 3]);
    expect(nearestIndex([], 3)).toBe(-1);
    expect(nearestIndex([7], 3)).toBe(0);
  });

  it('lists the nearest point of every tracked curve that reaches x', () => {
    const datasets = [
      { xs: [0, 1, 2], tracked: false },
      { xs: [0, 1, 2], tracked: true },
      { xs: [10, 11, 12], tracked: true },
      { xs: [], tracked: true },
      { xs: [1.5, 2.5], tracked: true },
    ];
    expect(crosshairItems(datasets, 1.2, 0.1)).toEqual([{ datasetIndex: 1, index: 1 }]);
    expect(crosshairItems(datasets, 2.05, 0.1)).toEqual([
      { datasetIndex: 1, index: 2 },
      { datasetIndex: 4, index: 1 },
    ]);
    expect(crosshairItems(datasets, 9.95, 0.1)).toEqual([{ datasetIndex: 2, index: 0 }]);
  });
});
