import { describe, expect, it } from 'vitest';
import { gatherImages, gatherLabels } from './batch';
import type { ImageSet } from './types';

// Three 2×2×1 images whose pixels encode (image, pixel).
const set: ImageSet = { images: Uint8Array.from([0, 1, 2, 3, 10, 11, 12, 13, 255, 254, 253, 252]), labels: Int32Array.from([7, 8, 9]), count: 3 };

describe('gatherImages / gatherLabels', () => {
  it('gathers the chosen rows in index order, scaled to [0, 1]', () => {
    const idx = Int32Array.from([2, 0, 1]);
    const x = gatherImages(set, idx, 0, 2);
    expect(x).toBeInstanceOf(Float32Array);
    expect(Array.from(x)).toEqual(Array.from(Float32Array.from([255, 254, 253, 252, 0, 1, 2, 3], (b) => b / 255)));
    expect(Array.from(gatherLabels(set, idx, 1, 3))).toEqual([7, 8]);
    expect(gatherImages(set, idx, 3, 3).length).toBe(0);
  });

  it('defaults to the whole index list', () => {
    expect(gatherImages(set, Int32Array.from([1])).length).toBe(4);
    expect(Array.from(gatherLabels(set, Int32Array.from([1, 1])))).toEqual([8, 8]);
  });

  it('refuses out-of-range indices and batch bounds', () => {
    expect(() => gatherImages(set, Int32Array.from([3]))).toThrow('Sample index 3 is out of range: the set has 3.');
    expect(() => gatherLabels(set, Int32Array.from([0]), 0, 2)).toThrow('Batch [0, 2) does not fit 1 indices.');
  });
});
