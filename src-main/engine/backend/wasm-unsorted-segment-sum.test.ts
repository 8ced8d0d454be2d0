import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { memorySnapshot, randomValues, relError, runOn } from './testing';

describe('wasm UnsortedSegmentSum', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('matches cpu, dropping out-of-range ids, for float32 and int32', async () => {
    const ids = [0, 3, 3, -1, 5, 1];
    const f = () => tf.unsortedSegmentSum(tf.tensor3d(randomValues([6, 2, 3], 9), [6, 2, 3]), tf.tensor1d(ids, 'int32'), 4);
    const i = () => tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [6, 2], 'int32'), tf.tensor1d(ids, 'int32'), 4);
    const [wasmF, wasmI] = await runOn('wasm', () => [f(), i()]);
    const [cpuF, cpuI] = await runOn('cpu', () => [f(), i()]);
    expect(relError(wasmF, cpuF)).toBeLessThan(1e-6);
    expect(Array.from(wasmI)).toEqual(Array.from(cpuI));
    expect(Array.from(wasmI)).toEqual([1, 2, 11, 12, 0, 0, 8, 10]);
  });

  it('makes tf.gather differentiable on wasm, without leaks', async () => {
    const grad = () => tf.grad((a: tf.Tensor) => tf.sum(tf.square(tf.gather(a, tf.tensor1d([2, 0, 2], 'int32'), 1))))(
      tf.tensor2d(randomValues([3, 4], 10), [3, 4]));
    const [wasm] = await runOn('wasm', grad);
    const [cpu] = await runOn('cpu', grad);
    expect(relError(wasm, cpu)).toBeLessThan(1e-6);
    await tf.setBackend('wasm');
    const before = memorySnapshot();
    for (let k = 0; k < 3; k++) tf.dispose(tf.tidy(grad));
    expect(memorySnapshot()).toEqual(before);
  });
});
