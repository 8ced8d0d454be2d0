import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { backboneSpec } from './catalog';
import { measureThroughput } from './throughput';

describe('measureThroughput', () => {
  it('frees its input batch when the model cannot run it', async () => {
    await initBackend('wasm');
    // A model for other inputs than the spec's 28×28×1 images: predict throws on the first batch.
    const wrong = tf.sequential({ layers: [tf.layers.dense({ inputShape: [5], units: 2 })] });
    const before = tf.memory().numTensors;
    await expect(measureThroughput(backboneSpec('mnist-small'), wrong, 2)).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
    wrong.dispose();
  });
});
