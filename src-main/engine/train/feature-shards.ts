import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { FeatureStore, type StoredArray } from './feature-store';

/** Shard `index` of `of`: one of `of` contiguous index ranges of a pass's batches, filled by its own worker. */
export interface Shard {
  index: number;
  of: number;
}

/** Where shard stores live inside the store of the pass they are part of. */
export const SHARDS_DIR = 'shards';

export function checkShard({ index, of }: Shard): void {
  if (!Number.isInteger(of) || of < 1 || !Number.isInteger(index) || index < 0 || index >= of) {
    throw new Error(`Shard ${index} of ${of} does not exist: shards are numbered 0 … n-1 for n ≥ 1.`);
  }
}

/**
 * Shard i of n covers batches [floor(i·B/n), floor((i+1)·B/n)) of B: contiguous, disjoint, covering every batch,
 * sizes differing by at most one; with more shards than batches some are empty.
 */
export function shardRange(shard: Shard, batches: number): { first: number; end: number } {
  checkShard(shard);
  return { first: Math.floor((shard.index * batches) / shard.of), end: Math.floor(((shard.index + 1) * batches) / shard.of) };
}

/** A shard's own store: rows of its batches only, batch j being the pass's batch `first + j`. */
export function shardDir(storeDir: string, shard: Shard): string {
  return path.join(storeDir, SHARDS_DIR, `${shard.index}-of-${shard.of}`);
}

function parseShard(name: string): Shard | null {
  const m = /^(\d+)-of-(\d+)$/.exec(name);
  const shard = m ? { index: Number(m[1]), of: Number(m[2]) } : null;
  return shard && shard.of >= 1 && shard.index < shard.of ? shard : null;
}

interface OpenShard {
  store: FeatureStore;
  first: number;
  end: number;
}

/**
 * The batches other processes finished in shard stores of a pass (`runFeatureShard`), for the main pass to copy
 * instead of running the backbone. Only shards whose store has exactly the layout the main pass expects for their
 * range are read; a shard still being filled is looked at again when the main pass reaches its batches.
 */
export class ShardBatches {
  private constructor(private readonly shards: OpenShard[]) {}

  static async open(storeDir: string, arrays: Omit<StoredArray, 'data'>[], n: number, batchSize: number): Promise<ShardBatches> {
    const names = await readdir(path.join(storeDir, SHARDS_DIR)).catch(() => []);
    const batches = Math.ceil(n / batchSize);
    const shards: OpenShard[] = [];
    for (const name of names) {
      const shard = parseShard(name);
      if (!shard) continue;
      const { first, end } = shardRange(shard, batches);
      if (end <= first) continue;
      const rows = Math.min(n, end * batchSize) - first * batchSize;
      const store = await FeatureStore.reader(shardDir(storeDir, shard), arrays, rows, batchSize);
      if (store) shards.push({ store, first, end });
    }
    return new ShardBatches(shards);
  }

  /** Batch b's rows of every array from a shard that finished it, or null: the caller computes it. */
  async batch(b: number): Promise<Float32Array[] | null> {
    for (const s of this.shards) {
      if (b < s.first || b >= s.end) continue;
      const j = b - s.first;
      if (j >= s.store.done && j >= (await s.store.refresh())) continue;
      // A shard that cannot be read (cut short on a shared disk) costs a recomputed batch, not the pass.
      const rows = await s.store.readBatch(j).catch(() => null);
      if (rows) return rows;
    }
    return null;
  }
}

/** Once the main pass is complete, its shard stores hold nothing it lacks. */
export async function removeShards(storeDir: string): Promise<void> {
  await rm(path.join(storeDir, SHARDS_DIR), { recursive: true, force: true });
}
