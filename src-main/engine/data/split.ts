import { Rng } from '../util/rng';
import type { DataSplit, ImageDataset, ImageSet } from './types';

export interface SplitOptions {
  seed: number;
  /** Share of the training pool held out as validation (default 0.1). */
  valShare?: number;
  /** `official`: the dataset's own test set; `80/20`: the seed project's 80% train / 20% test of the training set. */
  mode?: 'official' | '80/20';
  /** At most this many training samples (train + val, keeping the share) and this many test samples. */
  limit?: number;
}

/** A seeded sample of `pool` of at most `n` indices, keeping class proportions. */
function stratifiedTake(set: ImageSet, pool: Int32Array, share: number, rng: Rng): { taken: Int32Array; rest: Int32Array } {
  const byClass = new Map<number, number[]>();
  for (const i of pool) {
    const l = set.labels[i];
    const list = byClass.get(l);
    if (list) list.push(i);
    else byClass.set(l, [i]);
  }
  const taken: number[] = [];
  const rest: number[] = [];
  for (const [, list] of [...byClass.entries()].sort((a, b) => a[0] - b[0])) {
    const shuffled = rng.shuffle(Int32Array.from(list));
    const k = Math.round(shuffled.length * share);
    taken.push(...shuffled.subarray(0, k));
    rest.push(...shuffled.subarray(k));
  }
  return { taken: rng.shuffle(Int32Array.from(taken)), rest: rng.shuffle(Int32Array.from(rest)) };
}

function firstN(idx: Int32Array, n: number | undefined): Int32Array {
  return n === undefined || idx.length <= n ? idx : idx.slice(0, n);
}

/**
 * Seeded split. The official test set stays the test set; validation (for gates and thresholds) is carved from
 * the training set, stratified by class. Same seed, same split.
 */
export function makeSplit(dataset: ImageDataset, opts: SplitOptions): DataSplit {
  const rng = new Rng(opts.seed);
  const valShare = opts.valShare ?? 0.1;
  const mode = opts.mode === '80/20' || !dataset.test ? '80/20' : 'official';
  let pool = rng.permutation(dataset.train.count);
  let test: Int32Array;
  if (mode === 'official') {
    test = rng.permutation(dataset.test!.count);
  } else {
    const carved = stratifiedTake(dataset.train, pool, 0.2, rng);
    test = carved.taken;
    pool = carved.rest;
  }
  pool = firstN(pool, opts.limit);
  test = firstN(test, opts.limit);
  const { taken: val, rest: train } = stratifiedTake(dataset.train, pool, valShare, rng);
  // Sorted indices read the image arrays in order, which is kinder to the cache; order is re-shuffled per epoch.
  const sort = (a: Int32Array) => a.sort();
  return { train: sort(train), val: sort(val), test: sort(test), testFrom: mode === 'official' ? 'test' : 'train' };
}
