import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { backboneSpec } from '../backbones/catalog';
import { MNIST_SMALL_PRESET_EXITS } from '../backbones/mnist-small';
import { tmpDir } from '../data/idx-fixtures';
import { loadMnist } from '../data/mnist';
import type { ImageSet } from '../data/types';
import { extractFeatures, type FeatureOptions, type SplitFeatures } from './feature-cache';
import { fillFeatureShard } from './feature-shard-fill';
import { passLayout } from './feature-pass';
import { SHARDS_DIR, ShardBatches, shardDir, shardRange } from './feature-shards';
import { StoppedError } from './fit-loop';

const spec = backboneSpec('mnist-small');
let backbone: tf.LayersModel;
let set: ImageSet;
// 150 images in batches of 16: 10 batches, the last one of 6 rows.
const idx = Int32Array.from({ length: 150 }, (_, i) => 3 * i);
const BATCHES = 10;
let inputs = 0;
// Raw activations kept on disk only (budget 0), so shards must carry arrays with no memory copy too.
const opts: FeatureOptions = {
  exitLayers: MNIST_SMALL_PRESET_EXITS.slice(0, 3),
  pooling: 'adaptive',
  grid: 2,
  keepRaw: true,
  rawMemoryBudget: 0,
  batchSize: 16,
  penultimate: spec.penultimate,
  // Counts batches the backbone actually ran on.
  makeInput: (s, i) => {
    inputs++;
    return spec.makeInput(s, i);
  },
};
let plain: SplitFeatures;

beforeAll(async () => {
  await initBackend('wasm');
  backbone = spec.build(3, 10);
  set = loadMnist().train;
  plain = await extractFeatures(backbone, set, idx, { ...opts, rawMemoryBudget: undefined });
});

const fill = (storeDir: string, index: number, of: number, extra: Partial<FeatureOptions> = {}) => fillFeatureShard(backbone, set, idx, { ...opts, ...extra, storeDir }, { index, of });

/** The main pass over `storeDir`, with how many batches the backbone ran for it. */
async function mainPass(storeDir: string): Promise<{ f: SplitFeatures; computed: number }> {
  const before = inputs;
  const f = await extractFeatures(backbone, set, idx, { ...opts, storeDir });
  return { f, computed: inputs - before };
}

/** Bit for bit (and far quicker than comparing a million floats one by one). */
const bits = (a: Float32Array | null) => (a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') : null);

async function expectSameAsPlain(f: SplitFeatures): Promise<void> {
  f.features.forEach((a, k) => expect(bits(a), `exit${k}`).toBe(bits(plain.features[k])));
  expect(bits(f.finalLogits)).toBe(bits(plain.finalLogits));
  expect(bits(f.penultimate)).toBe(bits(plain.penultimate));
  expect(f.raw).toBeNull();
  const all = Int32Array.from({ length: f.n }, (_, i) => i);
  for (let k = 0; k < f.rawDims.length; k++) expect(bits(await f.rawStore!.read(k, all)), `raw${k}`).toBe(bits(plain.raw![k]));
}

describe('shardRange', () => {
  it('cuts B batches into n contiguous ranges covering each once, sizes differing by at most one', () => {
    expect([0, 1, 2].map((index) => shardRange({ index, of: 3 }, 10))).toEqual([
      { first: 0, end: 3 },
      { first: 3, end: 6 },
      { first: 6, end: 10 },
    ]);
    // More shards than batches: some shards are empty, none overlap.
    expect([0, 1, 2, 3, 4].map((index) => shardRange({ index, of: 5 }, 2))).toEqual([
      { first: 0, end: 0 },
      { first: 0, end: 0 },
      { first: 0, end: 1 },
      { first: 1, end: 1 },
      { first: 1, end: 2 },
    ]);
    for (let b = 0; b <= 13; b++) {
      for (let n = 1; n <= 17; n++) {
        const ranges = Array.from({ length: n }, (_, index) => shardRange({ index, of: n }, b));
        ranges.forEach((r, i) => expect(r.first).toBe(i === 0 ? 0 : ranges[i - 1].end));
        expect(ranges[n - 1].end).toBe(b);
        const sizes = ranges.map((r) => r.end - r.first);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
    expect(shardRange({ index: 0, of: 1 }, 0)).toEqual({ first: 0, end: 0 });
    for (const bad of [{ index: 2, of: 2 }, { index: -1, of: 2 }, { index: 0, of: 0 }, { index: 0.5, of: 2 }]) expect(() => shardRange(bad, 10)).toThrow(/does not exist/);
  });
});

describe('a feature pass filled in shards', () => {
  it('two shards, then the main pass copies every batch and computes none, bit for bit the unsharded pass', async () => {
    const storeDir = path.join(tmpDir('leenet-shard-'), 'store');
    const a = await fill(storeDir, 0, 2);
    const b = await fill(storeDir, 1, 2);
    expect([a, b]).toEqual([
      { batches: 5, computed: 5 },
      { batches: 5, computed: 5 },
    ]);
    const { f, computed } = await mainPass(storeDir);
    expect(computed).toBe(0);
    expect(f).toMatchObject({ reusedBatches: 0, shardBatches: BATCHES });
    await expectSameAsPlain(f);
    // Complete, the main store drops its shards; a shard job run late finds its batches done and writes nothing.
    expect(existsSync(path.join(storeDir, SHARDS_DIR))).toBe(false);
    expect(await fill(storeDir, 1, 2)).toEqual({ batches: 5, computed: 0 });
    expect(existsSync(path.join(storeDir, SHARDS_DIR))).toBe(false);
  });

  it('with only shard 1 of 2 done, computes shard 0’s batches and copies shard 1’s', async () => {
    const storeDir = path.join(tmpDir('leenet-shard-'), 'store');
    await fill(storeDir, 1, 2);
    const { f, computed } = await mainPass(storeDir);
    expect(computed).toBe(5);
    expect(f).toMatchObject({ reusedBatches: 0, shardBatches: 5 });
    await expectSameAsPlain(f);
  });

  it('ignores shards of another layout: other arrays, or a meta that does not match its range', async () => {
    const storeDir = path.join(tmpDir('leenet-shard-'), 'store');
    // Shard 0 without the raw arrays; shard 1 claims one row more than its range holds.
    await fill(storeDir, 0, 2, { keepRaw: false });
    await fill(storeDir, 1, 2);
    const meta = path.join(shardDir(storeDir, { index: 1, of: 2 }), 'meta.json');
    writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), n: 71 }));
    const { f, computed } = await mainPass(storeDir);
    expect(computed).toBe(BATCHES);
    expect(f.shardBatches).toBe(0);
    await expectSameAsPlain(f);
  });

  it('a stopped shard resumes where it stopped when run again', async () => {
    const storeDir = path.join(tmpDir('leenet-shard-'), 'store');
    const controller = new AbortController();
    // Shard 2 of 3 covers batches 6-9.
    const stopped = fill(storeDir, 2, 3, { signal: controller.signal, onBatch: (done) => done === 2 && controller.abort() });
    await expect(stopped).rejects.toBeInstanceOf(StoppedError);
    // A main pass looking on meanwhile sees the shard's finished batches, and the rest once the shard goes on.
    const shards = await ShardBatches.open(storeDir, passLayout(backbone, opts).arrays, idx.length, 16);
    expect(await shards.batch(7)).not.toBeNull();
    expect(await shards.batch(8)).toBeNull();
    const seen: number[] = [];
    expect(await fill(storeDir, 2, 3, { onBatch: (done, total) => seen.push(done, total) })).toEqual({ batches: 4, computed: 2 });
    expect(seen).toEqual([2, 4, 3, 4, 4, 4]);
    expect(await shards.batch(9)).not.toBeNull();
    const { f, computed } = await mainPass(storeDir);
    expect(computed).toBe(6);
    expect(f.shardBatches).toBe(4);
    await expectSameAsPlain(f);
  });

  it('keeps no tensors across batches, shards filled or copied', async () => {
    const storeDir = path.join(tmpDir('leenet-shard-'), 'store');
    const before = tf.memory().numTensors;
    await fill(storeDir, 0, 3);
    await fill(storeDir, 2, 3);
    expect(tf.memory().numTensors).toBe(before);
    await mainPass(storeDir);
    expect(tf.memory().numTensors).toBe(before);
  });
});
