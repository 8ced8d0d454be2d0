import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { backboneSpec } from '../backbones/catalog';
import { loadMnist } from '../data/mnist';
import { backboneAccuracy, trainBackbone } from './train-backbone';

describe('backbone training on wasm (real MNIST images)', () => {
  it('learns, and holds the tensor count constant from batch to batch', async () => {
    await initBackend('wasm');
    const spec = backboneSpec('mnist-small');
    const mnist = loadMnist();
    const model = spec.build(1, 10);
    const idx = Int32Array.from({ length: 1280 }, (_, i) => i);
    const held = Int32Array.from({ length: 500 }, (_, i) => 2000 + i);
    const counts: number[] = [];
    const losses: number[] = [];
    await trainBackbone(model, mnist.train, idx, {
      epochs: 2,
      seed: 1,
      batchSize: 64,
      makeInput: spec.makeInput,
      onProgress: (_done, _total, loss) => {
        counts.push(tf.memory().numTensors);
        if (loss !== undefined) losses.push(loss);
      },
    });
    expect(counts).toHaveLength(40);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(losses[losses.length - 1]).toBeLessThan(0.75 * losses[0]);
    // 1280 images, 2 epochs: far from converged (batch-norm statistics barely settled), yet above chance on unseen images.
    expect(await backboneAccuracy(model, mnist.train, held, spec.makeInput)).toBeGreaterThan(0.15);
    model.dispose();
  });
});
