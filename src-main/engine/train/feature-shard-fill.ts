import type * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/types';
import type { FeatureOptions } from './feature-cache';
import { touchStore } from './feature-cache-dir';
import { batchRunner, passLayout } from './feature-pass';
import { shardDir, shardRange, type Shard } from './feature-shards';
import { FeatureStore } from './feature-store';
import { throwIfAborted } from './fit-loop';

export interface ShardFill {
  /** Batches in the shard's range. */
  batches: number;
  /** Of those, batches run here rather than found done (in the shard store, or in the main store already). */
  computed: number;
}

export type ShardFillOptions = Omit<FeatureOptions, 'storeDir' | 'rawMemoryBudget'> & { storeDir: string };

/**
 * Runs the backbone over shard `shard`'s batches of the pass `extractFeatures` keeps in `opts.storeDir`, into the
 * shard's own store beside it, where the main pass copies them from. Nothing is held in memory: a worker filling a
 * shard of an ImageNet-size split needs no more than one batch. Re-running a stopped shard resumes it.
 */
export async function fillFeatureShard(backbone: tf.LayersModel, set: ImageSet, indices: Int32Array, opts: ShardFillOptions, shard: Shard): Promise<ShardFill> {
  const n = indices.length;
  const batchSize = opts.batchSize ?? 256;
  const { first, end } = shardRange(shard, Math.ceil(n / batchSize));
  const count = end - first;
  const layout = passLayout(backbone, opts);
  const main = await FeatureStore.reader(opts.storeDir, layout.arrays, n, batchSize);
  // A sweep that got there first (its store has removed its shards, or will): nothing left for this shard to add.
  if (count === 0 || (main && main.done >= end)) {
    opts.onBatch?.(count, count);
    return { batches: count, computed: 0 };
  }
  const store = await FeatureStore.open(shardDir(opts.storeDir, shard), layout.arrays, Math.min(n, end * batchSize) - first * batchSize, batchSize);
  const done = store.done;
  if (done > 0) opts.onBatch?.(done, count);
  const runBatch = batchRunner(backbone, set, indices, { ...opts, batchSize });
  for (let j = done; j < count; j++) {
    throwIfAborted(opts.signal);
    await store.append(j, await runBatch(first + j));
    // Eviction weighs the whole pass's store by its last use: a shard filled for hours must not look abandoned to a
    // sweep elsewhere that is over the cache's cap.
    await touchStore(opts.storeDir);
    opts.onBatch?.(j + 1, count);
    if (j % 4 === 3) await new Promise((r) => setImmediate(r));
  }
  return { batches: count, computed: count - done };
}
