import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { memorySnapshot, randomValues, relError, runOn } from './testing';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number;

// Inputs are centred on zero so that some pooling windows hold only negative values: the case the stock wasm
// MaxPoolGrad (tfjs 4.22) gets wrong.
const CASES: [Shape4, number, number, Pad][] = [
  [[2, 5, 5, 3], 2, 2, 'valid'],
  [[2, 6, 6, 3], 2, 2, 'same'],
  [[2, 5, 7, 2], 2, 1, 'same'],
  [[1, 7, 7, 4], 3, 2, 'same'],
  [[3, 8, 8, 1], 3, 1, 'valid'],
  [[2, 6, 6, 2], 3, 2, 1],
];

function poolGrad([shape, k, s, pad]: (typeof CASES)[number]): tf.Tensor {
  const x = tf.tensor4d(randomValues(shape, 7), shape);
  const y = tf.maxPool(x, k, s, pad);
  const dy = tf.tensor(randomValues(y.shape, 8), y.shape);
  return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, k, s, pad), dy)))(x);
}

describe('wasm MaxPoolGrad', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(CASES.map((c) => [JSON.stringify(c), c] as const))('matches cpu for negative windows too: %s', async (_, c) => {
    const [wasm] = await runOn('wasm', () => poolGrad(c));
    const [cpu] = await runOn('cpu', () => poolGrad(c));
    expect(relError(wasm, cpu)).toBeLessThan(1e-6);
  });

  it('sends the gradient of an all-negative window to its maximum', async () => {
    const [wasm] = await runOn('wasm', () =>
      tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(tf.tensor4d([-4, -1, -3, -2], [1, 2, 2, 1])));
    expect(Array.from(wasm)).toEqual([0, 1, 0, 0]);
  });

  it('leaks nothing', async () => {
    await tf.setBackend('wasm');
    tf.dispose(tf.tidy(() => poolGrad(CASES[0])));
    const before = memorySnapshot();
    for (let i = 0; i < 3; i++) tf.dispose(tf.tidy(() => poolGrad(CASES[1])));
    expect(memorySnapshot()).toEqual(before);
  });
});
