import { describe, expect, it } from 'vitest';
import { makeSplit } from './split';
import type { ImageDataset } from './types';

function dataset(nTrain: number, nTest?: number): ImageDataset {
  const set = (n: number) => ({ images: new Uint8Array(n), labels: Int32Array.from({ length: n }, (_, i) => i % 10), count: n });
  return { spec: 'toy', name: 'toy', classNames: [...'0123456789'], height: 1, width: 1, channels: 1, train: set(nTrain), test: nTest === undefined ? undefined : set(nTest) };
}

const overlap = (a: Int32Array, b: Int32Array) => a.some((x) => b.includes(x));

describe('makeSplit', () => {
  it('official: test is the test set; 10% validation carved from train, stratified', () => {
    const s = makeSplit(dataset(1000, 200), { seed: 1 });
    expect(s.testFrom).toBe('test');
    expect(s.test.length).toBe(200);
    expect(s.val.length).toBe(100);
    expect(s.train.length).toBe(900);
    expect(overlap(s.train, s.val)).toBe(false);
    const perClass = new Array(10).fill(0);
    s.val.forEach((i) => perClass[i % 10]++);
    expect(perClass).toEqual(new Array(10).fill(10));
  });

  it('80/20 carves test from train, and is the fallback without a test set', () => {
    for (const s of [makeSplit(dataset(1000, 200), { seed: 1, mode: '80/20' }), makeSplit(dataset(1000), { seed: 1 })]) {
      expect(s.testFrom).toBe('train');
      expect(s.test.length).toBe(200);
      expect(s.val.length + s.train.length).toBe(800);
      expect(overlap(s.train, s.test) || overlap(s.val, s.test) || overlap(s.train, s.val)).toBe(false);
    }
  });

  it('is reproducible by seed and differs across seeds', () => {
    const a = makeSplit(dataset(500, 100), { seed: 3 });
    expect(makeSplit(dataset(500, 100), { seed: 3 })).toEqual(a);
    expect(Array.from(makeSplit(dataset(500, 100), { seed: 4 }).val)).not.toEqual(Array.from(a.val));
  });

  it('limit caps training (train + val) and test samples', () => {
    const s = makeSplit(dataset(1000, 500), { seed: 1, limit: 300, valShare: 0.2 });
    expect(s.train.length + s.val.length).toBe(300);
    // Rounded per class, so within one sample per class of 20%.
    expect(Math.abs(s.val.length - 60)).toBeLessThanOrEqual(10);
    expect(s.test.length).toBe(300);
  });
});
