import { Rng } from '../util/rng';
import { DatasetError } from './errors';
import type { DataSplit, ImageDataset } from './types';

export type SplitMode = 'official' | '80/20';

export interface SplitOptions {
  seed: number;
  /** Share of the training pool held out as validation (default 0.1). */
  valShare?: number;
  /**
   * `official` (default): the dataset's own test set; `80/20`: the seed project's 80% train / 20% test of the
   * training set. A dataset without a test set always gets `80/20`; `DataSplit.testFrom` says which happened.
   */
  mode?: SplitMode;
  /** At most this many training samples (train + val, keeping the share) and this many test samples. */
  limit?: number;
  /** At most this many samples of each class in the training pool (train + val) and in the test set. */
  perClass?: number;
}

/** The 80/20 split's test share of the training set. */
const CARVED_TEST_SHARE = 0.2;

/** `pool` grouped by class (classes ascending), each group in pool order. */
function groupByClass(labels: Int32Array, pool: Int32Array): Int32Array[] {
  const counts = new Map<number, number>();
  for (const i of pool) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  const classes = [...counts.keys()].sort((a, b) => a - b);
  const groups = new Map(classes.map((c) => [c, { idx: new Int32Array(counts.get(c)!), n: 0 }]));
  for (const i of pool) {
    const g = groups.get(labels[i])!;
    g.idx[g.n++] = i;
  }
  return classes.map((c) => groups.get(c)!.idx);
}

/**
 * How many of each class to take so that the total is exactly round(n × share) — at least one and at most n − 1
 * where n allows. Rounding each class alone drifts: 20 samples of 10 classes at 10% would give no validation at all.
 * Per-class rounding is kept wherever it already hits the total, so splits made before this rule stay the same.
 */
function classQuotas(sizes: number[], share: number): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  const target = n >= 2 ? Math.min(n - 1, Math.max(1, Math.round(n * share))) : Math.round(n * share);
  const quotas = sizes.map((s) => Math.round(s * share));
  let diff = target - quotas.reduce((a, b) => a + b, 0);
  // Largest remainders gain a sample first, smallest lose one first; ties go to the lower class, deterministically.
  const order = sizes.map((s, c) => ({ c, rest: s * share - quotas[c] })).sort((a, b) => (diff > 0 ? b.rest - a.rest : a.rest - b.rest) || a.c - b.c);
  // Terminates: 0 ≤ target ≤ n, so some class always has room to move in the needed direction.
  for (let k = 0; diff !== 0; k++) {
    const c = order[k % order.length].c;
    if (diff > 0 && quotas[c] < sizes[c]) {
      quotas[c]++;
      diff--;
    } else if (diff < 0 && quotas[c] > 0) {
      quotas[c]--;
      diff++;
    }
  }
  return quotas;
}

/** A seeded, class-stratified sample of `share` of `pool`; both parts come back shuffled. */
function stratifiedTake(labels: Int32Array, pool: Int32Array, share: number, rng: Rng): { taken: Int32Array; rest: Int32Array } {
  const groups = groupByClass(labels, pool);
  const quotas = classQuotas(
    groups.map((g) => g.length),
    share,
  );
  const taken = new Int32Array(quotas.reduce((a, b) => a + b, 0));
  const rest = new Int32Array(pool.length - taken.length);
  let t = 0;
  let r = 0;
  groups.forEach((group, c) => {
    const shuffled = rng.shuffle(group);
    taken.set(shuffled.subarray(0, quotas[c]), t);
    rest.set(shuffled.subarray(quotas[c]), r);
    t += quotas[c];
    r += group.length - quotas[c];
  });
  return { taken: rng.shuffle(taken), rest: rng.shuffle(rest) };
}

function firstN(idx: Int32Array, n: number | undefined): Int32Array {
  return n === undefined || idx.length <= n ? idx : idx.slice(0, n);
}

/** The first `n` samples of each class, in `idx` order (already shuffled, so a seeded per-class subset). */
function firstPerClass(idx: Int32Array, labels: Int32Array, n: number | undefined): Int32Array {
  if (n === undefined) return idx;
  const seen = new Map<number, number>();
  return idx.filter((i) => {
    const k = seen.get(labels[i]) ?? 0;
    seen.set(labels[i], k + 1);
    return k < n;
  });
}

function checkOptions(opts: SplitOptions, valShare: number): void {
  if (!Number.isInteger(opts.seed)) throw new DatasetError(`Split seed must be a whole number, got ${opts.seed}.`);
  if (!(valShare > 0 && valShare < 1)) throw new DatasetError(`Validation share must be between 0 and 1 (exclusive), got ${valShare}.`);
  if (opts.limit !== undefined && !(Number.isInteger(opts.limit) && opts.limit >= 1)) {
    throw new DatasetError(`Sample limit must be a whole number ≥ 1, got ${opts.limit}.`);
  }
  if (opts.perClass !== undefined && !(Number.isInteger(opts.perClass) && opts.perClass >= 1)) {
    throw new DatasetError(`Per-class limit must be a whole number ≥ 1, got ${opts.perClass}.`);
  }
}

/**
 * Seeded split. The official test set stays the test set; validation (for gates and thresholds) is carved from
 * the training set, stratified by class. Same seed, same split.
 *
 * Shipped and cached backbones are keyed on the exact training indices (see backbones/provide.ts): a change here
 * that moves the default split makes every user retrain. split.test.ts pins the default MNIST split for that reason.
 */
export function makeSplit(dataset: ImageDataset, opts: SplitOptions): DataSplit {
  const valShare = opts.valShare ?? 0.1;
  checkOptions(opts, valShare);
  const rng = new Rng(opts.seed);
  const officialTest = opts.mode !== '80/20' ? dataset.test : undefined;
  const labels = dataset.train.labels;
  let pool = rng.permutation(dataset.train.count);
  let test: Int32Array;
  if (officialTest) {
    test = rng.permutation(officialTest.count);
  } else {
    const carved = stratifiedTake(labels, pool, CARVED_TEST_SHARE, rng);
    test = carved.taken;
    pool = carved.rest;
  }
  pool = firstN(firstPerClass(pool, labels, opts.perClass), opts.limit);
  test = firstN(firstPerClass(test, officialTest ? officialTest.labels : labels, opts.perClass), opts.limit);
  const { taken: val, rest: train } = stratifiedTake(labels, pool, valShare, rng);
  // Sorted indices read the image arrays in order, which is kinder to the cache; training re-shuffles per epoch.
  const sort = (a: Int32Array) => a.sort();
  return { train: sort(train), val: sort(val), test: sort(test), testFrom: officialTest ? 'test' : 'train' };
}
