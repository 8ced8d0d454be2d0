import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { loadMnist } from '../data/mnist';
import { backboneSpec } from './catalog';
import { provideBackbone } from './provide';

describe('provideBackbone', () => {
  it('disposes the model it trained when it cannot be cached, and says why', async () => {
    await initBackend('wasm');
    const mnist = loadMnist();
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'leenet-provide-'));
    // `backbones` is a file, so the trained model has nowhere to go: a failure after training.
    writeFileSync(path.join(cacheDir, 'backbones'), 'not a folder');
    const before = tf.memory().numTensors;
    const provision = provideBackbone({
      spec: backboneSpec('mnist-small'),
      dataset: mnist,
      trainIdx: Int32Array.from({ length: 64 }, (_, i) => i),
      // A split no shipped weights were trained on.
      seed: 987_654,
      epochs: 1,
      cacheDir,
    });
    await expect(provision).rejects.toThrow(/ENOTDIR|not a directory|EEXIST/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
