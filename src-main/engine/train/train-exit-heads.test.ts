import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { randomValues } from '../backend/testing';
import { buildMnistSmall, MNIST_SMALL_EXITS } from '../backbones/mnist-small';
import { unitScaledInput } from '../backbones/preprocess';
import { tmpDir } from '../data/idx-fixtures';
import type { ImageSet } from '../data/types';
import { ConvHead } from '../exits/conv-head';
import { Rng } from '../util/rng';
import { extractFeatures, type FeatureOptions, type SplitFeatures } from './feature-cache';
import { FeatureStore } from './feature-store';
import { gatherRows, StoppedError } from './fit-loop';
import { predictExitHeads, trainExitHeads } from './train-exit-heads';

beforeAll(async () => {
  await initBackend('wasm');
});

const SIDE = 8;
const CHANNELS = 4;

/**
 * Class = the quadrant of an 8×8 map a 2×2 blob sits in (anywhere inside it), on every channel. Every sample has
 * the same blob, so global average pooling sees the same features for every class: only position tells them apart.
 */
function blobSplit(n: number, seed: number): SplitFeatures {
  const rng = new Rng(seed);
  const d = SIDE * SIDE * CHANNELS;
  const raw = randomValues([n, d], seed).map((v) => 0.2 * v);
  const labels = Int32Array.from({ length: n }, () => rng.int(4));
  labels.forEach((q, i) => {
    const top = (q >> 1) * 4 + rng.int(3);
    const left = (q & 1) * 4 + rng.int(3);
    for (let r = top; r < top + 2; r++) for (let c = left; c < left + 2; c++) for (let ch = 0; ch < CHANNELS; ch++) raw[i * d + (r * SIDE + c) * CHANNELS + ch] += 1;
  });
  const gap = new Float32Array(n * CHANNELS);
  for (let i = 0; i < n; i++) for (let p = 0; p < SIDE * SIDE; p++) for (let ch = 0; ch < CHANNELS; ch++) gap[i * CHANNELS + ch] += raw[i * d + p * CHANNELS + ch] / (SIDE * SIDE);
  return {
    n,
    labels,
    indices: Int32Array.from({ length: n }, (_, i) => i),
    features: [gap],
    dims: [CHANNELS],
    raw: [raw],
    rawDims: [d],
    rawShapes: [[SIDE, SIDE, CHANNELS]],
    rawStore: null,
    finalLogits: new Float32Array(n * 4),
    classes: 4,
    penultimate: null,
    penultimateDim: 0,
  };
}

function accuracy(logits: Float32Array, labels: Int32Array, classes: number): number {
  let right = 0;
  labels.forEach((y, i) => {
    const row = Array.from(logits.subarray(i * classes, (i + 1) * classes));
    if (row.indexOf(Math.max(...row)) === y) right++;
  });
  return right / labels.length;
}

describe('exit heads of every kind', () => {
  it('a conv head learns where a blob is, which a linear head on globally pooled features cannot', async () => {
    const train = blobSplit(320, 1);
    const test = blobSplit(200, 2);
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const conv = await trainExitHeads(train, { kind: 'conv', epochs: 12, seed: 5, batchSize: 32, onProgress: (_k, done, _t, loss) => loss !== undefined && progress.push(done) });
    const linear = await trainExitHeads(train, { kind: 'linear', epochs: 12, seed: 5, batchSize: 32 });
    expect(conv[0]).toBeInstanceOf(ConvHead);
    expect([conv[0].reads, linear[0].reads, linear[0].kind]).toEqual(['raw', 'pooled', 'linear']);
    expect(progress.at(-1)).toBe(12 * 10);

    const [convLogits] = await predictExitHeads(conv, test);
    const [linearLogits] = await predictExitHeads(linear, test);
    expect(accuracy(convLogits, test.labels, 4)).toBeGreaterThan(0.9);
    expect(accuracy(linearLogits, test.labels, 4)).toBeLessThan(0.45);

    // The batched prediction is the head applied to those rows.
    const rows = [3, 0, 7];
    const direct = tf.tidy(() => conv[0].apply({ act: tf.tensor4d(gatherRows(test.raw![0], test.rawDims[0], rows), [3, SIDE, SIDE, CHANNELS]) }));
    const want = (await direct.data()) as Float32Array;
    direct.dispose();
    rows.forEach((r, i) => Array.from(convLogits.subarray(r * 4, r * 4 + 4)).forEach((v, j) => expect(v).toBeCloseTo(want[i * 4 + j], 4)));

    [...conv, ...linear].forEach((h) => h.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops between batches when asked', async () => {
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const run = trainExitHeads(blobSplit(64, 3), { kind: 'conv', epochs: 5, seed: 1, batchSize: 8, signal: controller.signal, onProgress: (_k, done) => done === 3 && controller.abort() });
    await expect(run).rejects.toBeInstanceOf(StoppedError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('conv heads streamed from the feature store', () => {
  const n = 40;
  const rng = new Rng(9);
  const set: ImageSet = { images: Uint8Array.from({ length: n * 784 }, () => rng.int(256)), labels: Int32Array.from({ length: n }, (_, i) => i % 10), count: n };
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const base: FeatureOptions = { exitLayers: [...MNIST_SMALL_EXITS], pooling: 'gap', grid: 1, keepRaw: true, makeInput: unitScaledInput(28, 28, 1), batchSize: 16 };

  it('keeps raw activations over the budget on disk and trains from there exactly as from memory', async () => {
    const backbone = buildMnistSmall(4);
    const memory = await extractFeatures(backbone, set, idx, base);
    await expect(extractFeatures(backbone, set, idx, { ...base, rawMemoryBudget: 1024 })).rejects.toThrow(/memory budget/);
    const storeDir = path.join(tmpDir('leenet-heads-'), 'store');
    const disk = await extractFeatures(backbone, set, idx, { ...base, storeDir, rawMemoryBudget: 1024 });
    expect(disk.raw).toBeNull();
    expect(disk.rawShapes).toEqual([
      [28, 28, 8],
      [14, 14, 16],
      [7, 7, 32],
    ]);
    expect(Array.from(disk.features[2])).toEqual(Array.from(memory.features[2]));
    const order = [17, 3, 4, 5, 39, 0];
    expect(Array.from(await disk.rawStore!.read(1, order))).toEqual(Array.from(gatherRows(memory.raw![1], memory.rawDims[1], order)));
    await expect(disk.rawStore!.read(0, [2, n])).rejects.toThrow(/not on disk/);

    // A resumed pass reads the in-memory arrays back and leaves the raw ones on disk.
    const again = await extractFeatures(backbone, set, idx, { ...base, storeDir, rawMemoryBudget: 1024 });
    expect(again.raw).toBeNull();
    expect(Array.from(again.finalLogits)).toEqual(Array.from(memory.finalLogits));

    const opts = { kind: 'conv' as const, epochs: 2, seed: 3, batchSize: 8 };
    const before = tf.memory().numTensors;
    const fromMemory = await trainExitHeads(memory, opts);
    const fromDisk = await trainExitHeads(disk, opts);
    const [a, b] = [await predictExitHeads(fromMemory, memory), await predictExitHeads(fromDisk, disk)];
    a.forEach((logits, k) => expect(Array.from(b[k])).toEqual(Array.from(logits)));
    [...fromMemory, ...fromDisk].forEach((h) => h.dispose());
    expect(tf.memory().numTensors).toBe(before);
    backbone.dispose();
    await FeatureStore.remove(path.dirname(storeDir));
  });
});
