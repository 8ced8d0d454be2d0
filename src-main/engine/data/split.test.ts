import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadMnist } from './mnist';
import { makeSplit } from './split';
import type { ImageDataset } from './types';

/** `i % 10` labels unless `labelOf` says otherwise. */
function dataset(nTrain: number, nTest?: number, labelOf = (i: number) => i % 10): ImageDataset {
  const set = (n: number) => ({ images: new Uint8Array(n), labels: Int32Array.from({ length: n }, (_, i) => labelOf(i)), count: n });
  return { spec: 'toy', name: 'toy', classNames: [...'0123456789'], height: 1, width: 1, channels: 1, train: set(nTrain), test: nTest === undefined ? undefined : set(nTest) };
}

const overlap = (a: Int32Array, b: Int32Array) => {
  const seen = new Set(a);
  return b.some((x) => seen.has(x));
};
const perClass = (idx: Int32Array, labels: Int32Array) => {
  const counts = new Array<number>(10).fill(0);
  idx.forEach((i) => counts[labels[i]]++);
  return counts;
};

describe('makeSplit', () => {
  it('official: the test set stays the test set; 10% validation carved from train, stratified', () => {
    const ds = dataset(1000, 200);
    const s = makeSplit(ds, { seed: 1 });
    expect(s.testFrom).toBe('test');
    expect(Array.from(s.test)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(s.val.length).toBe(100);
    expect(s.train.length).toBe(900);
    expect(overlap(s.train, s.val)).toBe(false);
    expect(new Set([...s.train, ...s.val]).size).toBe(1000);
    expect(perClass(s.val, ds.train.labels)).toEqual(new Array(10).fill(10));
  });

  it('80/20 carves test from train, and is the fallback without a test set', () => {
    for (const s of [makeSplit(dataset(1000, 200), { seed: 1, mode: '80/20' }), makeSplit(dataset(1000), { seed: 1, mode: 'official' })]) {
      expect(s.testFrom).toBe('train');
      expect(s.test.length).toBe(200);
      expect(s.val.length).toBe(80);
      expect(s.train.length).toBe(720);
      expect(overlap(s.train, s.test) || overlap(s.val, s.test) || overlap(s.train, s.val)).toBe(false);
    }
  });

  it('is reproducible by seed and differs across seeds', () => {
    const a = makeSplit(dataset(500, 100), { seed: 3 });
    expect(makeSplit(dataset(500, 100), { seed: 3 })).toEqual(a);
    expect(Array.from(makeSplit(dataset(500, 100), { seed: 4 }).val)).not.toEqual(Array.from(a.val));
    const b = makeSplit(dataset(500), { seed: 3 });
    expect(Array.from(makeSplit(dataset(500), { seed: 4 }).test)).not.toEqual(Array.from(b.test));
  });

  it('returns sorted indices', () => {
    const s = makeSplit(dataset(300), { seed: 9 });
    for (const part of [s.train, s.val, s.test]) expect(Array.from(part)).toEqual(Array.from(part).sort((x, y) => x - y));
  });

  it('limit caps training (train + val, keeping the share) and test samples, seeded', () => {
    const s = makeSplit(dataset(1000, 500), { seed: 1, limit: 300, valShare: 0.2 });
    expect(s.train.length + s.val.length).toBe(300);
    expect(s.val.length).toBe(60);
    expect(s.test.length).toBe(300);
    expect(makeSplit(dataset(1000, 500), { seed: 2, limit: 300, valShare: 0.2 }).test).not.toEqual(s.test);
    const carved = makeSplit(dataset(1000), { seed: 1, limit: 50 });
    expect([carved.train.length, carved.val.length, carved.test.length]).toEqual([45, 5, 50]);
    expect(overlap(carved.train, carved.test) || overlap(carved.val, carved.test)).toBe(false);
  });

  it('keeps a validation set when classes are too small to round on their own', () => {
    // 20 samples over 10 classes at 10%: rounding each class alone would give 0.2 → 0 everywhere.
    const s = makeSplit(dataset(1000, 100), { seed: 5, limit: 20 });
    expect(s.val.length).toBe(2);
    expect(s.train.length).toBe(18);
  });

  it('handles uneven classes: the total share is exact, each class near its share', () => {
    const ds = dataset(1000, undefined, (i) => (i < 700 ? 0 : 1 + (i % 9)));
    const s = makeSplit(ds, { seed: 8, valShare: 0.15 });
    expect(s.test.length).toBe(200);
    expect(s.val.length).toBe(120);
    const val = perClass(s.val, ds.train.labels);
    const pool = perClass(Int32Array.from([...s.train, ...s.val]), ds.train.labels);
    val.forEach((v, c) => expect(Math.abs(v - pool[c] * 0.15)).toBeLessThanOrEqual(1));
  });

  it('refuses a share outside (0, 1) and a limit below 1', () => {
    expect(() => makeSplit(dataset(10), { seed: 1, valShare: 0 })).toThrow('Validation share must be between 0 and 1');
    expect(() => makeSplit(dataset(10), { seed: 1, valShare: 1 })).toThrow('Validation share must be between 0 and 1');
    expect(() => makeSplit(dataset(10), { seed: 1, limit: 0 })).toThrow('Sample limit must be a whole number');
  });

  it('keeps the default MNIST split: shipped and cached backbones are keyed on its training indices', () => {
    // If this changes on purpose, every trained backbone is orphaned: retrain the shipped weights with it.
    const s = makeSplit(loadMnist(), { seed: 42, valShare: 0.1, mode: 'official' });
    const hash = (a: Int32Array) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex').slice(0, 16);
    expect([s.train.length, s.val.length, s.test.length]).toEqual([54000, 6000, 10000]);
    expect(hash(s.train)).toBe('4f4d7e1aa029be03');
    expect(hash(s.val)).toBe('923333f599a3a9c0');
  });
});

describe('makeSplit per-class subsets', () => {
  it('keeps at most N samples of each class in the training pool and in test, seeded', () => {
    const labels = (n: number) => Int32Array.from({ length: n }, (_, i) => i % 10);
    const set = (n: number) => ({ images: new Uint8Array(n), labels: labels(n), count: n });
    const ds = { spec: 'toy', name: 'toy', classNames: [...'0123456789'], height: 1, width: 1, channels: 1, train: set(1000), test: set(300) };
    const s = makeSplit(ds, { seed: 2, perClass: 20 });
    const count = (idx: Int32Array, c: number) => Array.from(idx).filter((i) => i % 10 === c).length;
    for (let c = 0; c < 10; c++) {
      expect(count(s.train, c) + count(s.val, c)).toBe(20);
      expect(count(s.test, c)).toBe(20);
    }
    expect(makeSplit(ds, { seed: 2, perClass: 20 })).toEqual(s);
    expect(() => makeSplit(ds, { seed: 2, perClass: 0 })).toThrow('Per-class limit must be a whole number ≥ 1');
  });
});
