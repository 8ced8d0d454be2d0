import type * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/types';
import { touchStore } from './feature-cache-dir';
import { batchRunner, passLayout, type BatchOptions, type PassOptions } from './feature-pass';
import { FeatureStore, type StoredArray } from './feature-store';
import { removeShards, ShardBatches } from './feature-shards';
import { throwIfAborted } from './fit-loop';

/** Everything the later phases need from one pass of the frozen backbone over one split. */
export interface SplitFeatures {
  n: number;
  labels: Int32Array;
  /** Indices into the dataset set these samples came from. */
  indices: Int32Array;
  /** Pooled activation at each early exit, row-major [n, dims[k]]. */
  features: Float32Array[];
  dims: number[];
  /** Flattened raw activation at each early exit (only when asked for), row-major [n, rawDims[k]] (NHWC rows). */
  raw: Float32Array[] | null;
  rawDims: number[];
  /** The activation's shape [h, w, c] at each early exit (rawDims[k] = h·w·c). */
  rawShapes: [number, number, number][];
  /** The raw activations when they were asked for but left on disk (over `rawMemoryBudget`); `raw` is then null. */
  rawStore: RawRows | null;
  /** The backbone's own classifier, row-major [n, classes]. */
  finalLogits: Float32Array;
  /** Batches read back from the feature store (a pass an earlier run, or a stopped one, already made). */
  reusedBatches?: number;
  /** Batches copied into the feature store from shard stores other workers filled (`runFeatureShard`), not computed. */
  shardBatches?: number;
  classes: number;
  /** The classifier's input (pooled penultimate features), row-major [n, penultimateDim], when asked for. */
  penultimate: Float32Array | null;
  penultimateDim: number;
}

/** Rows of the raw activations kept on disk, read on demand. */
export interface RawRows {
  /** Rows `idx` (in that order) of exit k's raw array: row-major [idx.length, rawDims[k]]. */
  read(k: number, idx: ArrayLike<number>): Promise<Float32Array>;
}

/**
 * The memory rule for raw activations: a split whose raw arrays total more than this many bytes keeps them in its
 * feature store on disk and trains from there batch by batch (ResNet50's layer1 alone is 3.2 MB an image, so
 * ImageNet-size splits go to disk; mnist-small's five preset exits, 94 KB an image, stay in memory up to ~22k images).
 * Callers opt in through `rawMemoryBudget`; 2 GiB leaves room for everything else on an 8 GB machine.
 */
export const RAW_MEMORY_BUDGET = 2 * 1024 ** 3;

export interface FeatureOptions extends PassOptions {
  batchSize?: number;
  /** Converts a batch of samples to the backbone's input tensor (scaling, normalisation, resizing). */
  makeInput: BatchOptions['makeInput'];
  onBatch?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Keep the pass on disk here, batch by batch, and resume from it (see FeatureStore). */
  storeDir?: string;
  /**
   * Bytes of raw activations this split may hold in memory (default: no limit); above it they stay in the feature
   * store (`rawStore`), so `storeDir` is then required. Gates that read the flattened activation need them in
   * memory: pass a budget only where every reader of `raw` can also read `rawStore` (exit heads).
   */
  rawMemoryBudget?: number;
}

export async function extractFeatures(backbone: tf.LayersModel, set: ImageSet, indices: Int32Array, opts: FeatureOptions): Promise<SplitFeatures> {
  const n = indices.length;
  const layout = passLayout(backbone, opts);
  const { dims, rawDims, rawShapes, classes, penultimateDim } = layout;
  const features = dims.map((d) => new Float32Array(n * d));
  const rawBytes = 4 * n * rawDims.reduce((a, b) => a + b, 0);
  const rawOnDisk = opts.keepRaw && rawBytes > (opts.rawMemoryBudget ?? Infinity);
  if (rawOnDisk && !opts.storeDir) {
    throw new Error(`The raw activations (${(rawBytes / 1024 ** 3).toFixed(1)} GiB) exceed the memory budget and no feature store was given to keep them on disk.`);
  }
  const raw = opts.keepRaw && !rawOnDisk ? rawDims.map((d) => new Float32Array(n * d)) : null;
  const finalLogits = new Float32Array(n * classes);
  const penultimate = opts.penultimate ? new Float32Array(n * penultimateDim) : null;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = set.labels[indices[i]];
  const batchSize = opts.batchSize ?? 256;
  const batches = Math.ceil(n / batchSize);
  // Raw arrays left on disk have no memory copy (data null): they are written to the store and read from it only.
  const memory: (Float32Array | null)[] = [...features, ...(opts.keepRaw ? rawDims.map((_, k) => (raw ? raw[k] : null)) : []), finalLogits, ...(penultimate ? [penultimate] : [])];
  const stored = layout.arrays.map((a, k) => ({ ...a, data: memory[k] }));
  const store = opts.storeDir ? await FeatureStore.open(opts.storeDir, stored, n, batchSize) : null;
  if (opts.storeDir) await touchStore(opts.storeDir);
  const inMemory = stored.filter((a): a is StoredArray => a.data !== null);
  const first = store ? await store.load(inMemory) : 0;
  if (first > 0) opts.onBatch?.(first, batches);
  const runBatch = batchRunner(backbone, set, indices, { ...opts, batchSize });
  const shards = opts.storeDir && first < batches ? await ShardBatches.open(opts.storeDir, layout.arrays, n, batchSize) : null;
  let shardBatches = 0;
  for (let b = first; b < batches; b++) {
    throwIfAborted(opts.signal);
    // A batch a shard worker finished holds the bits the backbone would give here: a batch depends on its rows only.
    const copied = shards ? await shards.batch(b) : null;
    if (copied) shardBatches++;
    const data = copied ?? (await runBatch(b));
    stored.forEach((a, k) => a.data?.set(data[k], b * batchSize * a.dim));
    if (store) await store.append(b, data);
    opts.onBatch?.(b + 1, batches);
    if (b % 4 === 3) await new Promise((r) => setImmediate(r));
  }
  if (opts.storeDir) await removeShards(opts.storeDir);
  const rawStore: RawRows | null = rawOnDisk && store ? { read: (k, rows) => store.readRows(`raw${k}`, rows) } : null;
  return { n, labels, indices, features, dims, raw, rawDims, rawShapes, rawStore, finalLogits, classes, penultimate, penultimateDim, reusedBatches: first, shardBatches };
}
