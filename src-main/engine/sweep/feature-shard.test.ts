import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../config';
import type { SweepEvent } from '../sweep-types';
import { extractFeatures, type SplitFeatures } from '../train/feature-cache';
import { SHARDS_DIR } from '../train/feature-shards';
import { backbonePhase } from './backbone-phase';
import { dataPhase } from './data-phase';
import { featureParts } from './feature-parts';
import { runFeatureShard } from './feature-shard';
import { featuresPhase } from './features-phase';
import { sweepSpec, type SweepContext } from './sweep-context';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

// 600 samples: train 540, val 60, test 600, in forward batches of 256 — 3 + 1 + 3 batches.
const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0], limit: 600, epochs: { backbone: 1, heads: 1, gates: 1 }, seed: 4 });

function context(cacheDir: string, logs: string[]): SweepContext {
  return { config, spec: sweepSpec(config), batchSize: 256, cacheDir, emit: (e) => e.type === 'log' && logs.push(e.message), timings: {} };
}

describe('runFeatureShard on a small MNIST subset', () => {
  it('two shards fill the sweep’s stores: its features phase computes no batch and matches an unsharded pass bit for bit', async () => {
    const cacheDir = tmp('leenet-cache-');
    const events: SweepEvent[] = [];
    const options = { workspace: tmp('leenet-ws-'), cacheDir, backend: 'wasm', onEvent: (e: SweepEvent) => events.push(e) };
    const first = await runFeatureShard(config, { ...options, shard: { index: 0, of: 2 } });
    const phases = events.flatMap((e) => (e.type === 'phase' ? [e.phase] : []));
    expect(phases).toEqual(['data', 'backbone', 'features']);
    const second = await runFeatureShard(config, { ...options, shard: { index: 1, of: 2 } });
    // Shard 0 has train's batch 0, no val batch and test's batch 0; shard 1 the rest.
    expect(first).toEqual({ batches: 2, computed: 2 });
    expect(second).toEqual({ batches: 5, computed: 5 });
    const progress = events.flatMap((e) => (e.type === 'progress' && e.phase === 'features' ? [[e.done, e.total]] : []));
    expect(progress.at(-1)).toEqual([5, 5]);

    const logs: string[] = [];
    const ctx = context(cacheDir, logs);
    const data = await dataPhase(ctx);
    const backbone = await backbonePhase(ctx, data);
    const features = await featuresPhase(ctx, data, backbone);
    expect(logs).toContainEqual('Feature cache: 0 of 7 batches of the backbone pass read back, 7 taken from shards other workers filled, not recomputed.');
    const splits: SplitFeatures[] = [features.train, features.val, features.test];
    expect(splits.map((f) => f.shardBatches)).toEqual([3, 1, 3]);
    // The same passes without a store, run here: every bit the same.
    const parts = featureParts(ctx, data, backbone);
    for (const [i, p] of parts.entries()) {
      const plain = await extractFeatures(backbone.model, p.set, p.idx, { ...p.options, storeDir: undefined });
      splits[i].features.forEach((a, k) => expect(bits(a), `${p.role} exit${k}`).toBe(bits(plain.features[k])));
      expect(bits(splits[i].finalLogits), p.role).toBe(bits(plain.finalLogits));
      expect(existsSync(path.join(p.options.storeDir!, SHARDS_DIR))).toBe(false);
    }
    backbone.model.dispose();

    // A shard job that runs after the sweep finds its batches done.
    const tensors = tf.memory().numTensors;
    expect(await runFeatureShard(config, { ...options, shard: { index: 1, of: 2 } })).toEqual({ batches: 5, computed: 0 });
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('skips passes that are not kept on disk, saying so', async () => {
    // Flatten gates on 28×28 images: every pass is cheaper to redo than to read back.
    const flatten = { ...config, gateInput: 'flatten' as const };
    const logs: string[] = [];
    const result = await runFeatureShard(flatten, { workspace: tmp('leenet-ws-'), cacheDir: tmp('leenet-cache-'), backend: 'wasm', shard: { index: 0, of: 3 }, onEvent: (e) => e.type === 'log' && logs.push(e.message) });
    expect(result).toEqual({ batches: 0, computed: 0 });
    expect(logs.filter((m) => / pass is not kept on disk/.test(m))).toHaveLength(3);
  });

  it('refuses a shard that does not exist before loading anything', async () => {
    await expect(runFeatureShard(config, { workspace: tmp('leenet-ws-'), shard: { index: 2, of: 2 } })).rejects.toThrow(/Shard 2 of 2 does not exist/);
  });
});
