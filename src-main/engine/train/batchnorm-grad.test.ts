import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerFastBatchNormGrad } from './batchnorm-grad';
import { initBackend } from '../backend';

describe('fast FusedBatchNorm gradient', () => {
  it('equals tfjs’s own gradient for every input', async () => {
    await initBackend('cpu');
    const x = tf.randomNormal([3, 5, 4, 6], 0, 2, 'float32', 1);
    const dy = tf.randomNormal([3, 5, 4, 6], 0, 1, 'float32', 2);
    const mean = tf.randomNormal([6], 0, 1, 'float32', 3);
    const variance = tf.randomUniform([6], 0.5, 2, 'float32', 4);
    const scale = tf.randomNormal([6], 1, 0.3, 'float32', 5);
    const offset = tf.randomNormal([6], 0, 1, 'float32', 6);
    const grads = () =>
      tf.grads((a, b, c, d, e) => tf.batchNorm(a, b, c, e, d, 1e-3).mul(dy).sum())([x, mean, variance, scale, offset]).map((g) => g.arraySync());
    const original = grads();
    registerFastBatchNormGrad();
    const fast = grads();
    const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
    original.forEach((g, i) => {
      const a = flat(g);
      const b = flat(fast[i]);
      expect(b).toHaveLength(a.length);
      a.forEach((v, j) => expect(b[j]).toBeCloseTo(v, 4));
    });
  });
});
