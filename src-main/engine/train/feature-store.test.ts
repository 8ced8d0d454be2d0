import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { buildCifarResnet } from '../backbones/cifar-resnet';
import { CIFAR_32, normalisedInput } from '../backbones/preprocess';
import { cifarRecords } from '../data/cifar-fixtures';
import { readCifarRecords } from '../data/cifar';
import { tmpDir } from '../data/idx-fixtures';
import { extractFeatures, type FeatureOptions } from './feature-cache';
import { StoppedError } from './fit-loop';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('feature pass kept on disk', () => {
  it('resumes after a stop from the first missing batch and gives the same features', async () => {
    const file = path.join(tmpDir('leenet-fs-'), 'batch.bin');
    writeFileSync(file, cifarRecords(Array.from({ length: 22 }, (_, i) => [i % 10])));
    const set = readCifarRecords([file], 1, 0, 10);
    const model = buildCifarResnet(20, 2, 10);
    const idx = Int32Array.from({ length: 22 }, (_, i) => i);
    const base: FeatureOptions = { exitLayers: ['layer1', 'layer3'], pooling: 'gap', grid: 1, keepRaw: false, makeInput: normalisedInput(CIFAR_32, 3), batchSize: 4, penultimate: 'avgpool' };
    const plain = await extractFeatures(model, set, idx, base);

    const storeDir = path.join(tmpDir('leenet-fs-'), 'store');
    const controller = new AbortController();
    await expect(
      extractFeatures(model, set, idx, { ...base, storeDir, signal: controller.signal, onBatch: (done) => done === 3 && controller.abort() }),
    ).rejects.toBeInstanceOf(StoppedError);
    expect(JSON.parse(readFileSync(path.join(storeDir, 'meta.json'), 'utf8')).done).toBe(3);

    const seen: number[] = [];
    const resumed = await extractFeatures(model, set, idx, { ...base, storeDir, onBatch: (done) => seen.push(done) });
    expect(seen).toEqual([3, 4, 5, 6]); // batches 1-3 read back, 4-6 computed
    expect(Array.from(resumed.features[1])).toEqual(Array.from(plain.features[1]));
    expect(Array.from(resumed.finalLogits)).toEqual(Array.from(plain.finalLogits));
    expect(Array.from(resumed.penultimate!)).toEqual(Array.from(plain.penultimate!));

    // A finished pass is read back whole, without running the backbone.
    const again: number[] = [];
    const cached = await extractFeatures(model, set, idx, { ...base, storeDir, onBatch: (done) => again.push(done) });
    expect(again).toEqual([6]);
    expect(Array.from(cached.features[0])).toEqual(Array.from(plain.features[0]));
    model.dispose();
  });
});
