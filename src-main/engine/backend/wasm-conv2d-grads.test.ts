import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { memorySnapshot, randomValues, relError, runOn } from './testing';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
interface Case { x: Shape4; filter: Shape4; strides: number | [number, number]; pad: Pad; dataFormat?: 'NHWC' | 'NCHW' }

const CASES: Case[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { x: [3, 9, 8, 2], filter: [3, 3, 2, 5], strides: 2, pad: 'valid' },
  { x: [2, 5, 5, 4], filter: [1, 1, 4, 3], strides: 1, pad: 'valid' },
  { x: [2, 5, 6, 4], filter: [1, 1, 4, 3], strides: 2, pad: 'same' },
  { x: [2, 11, 11, 3], filter: [7, 7, 3, 2], strides: 2, pad: 'same' },
  { x: [1, 9, 10, 2], filter: [7, 7, 2, 3], strides: 1, pad: 'valid' },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 2], strides: [2, 1], pad: 1 },
  { x: [2, 6, 7, 2], filter: [3, 2, 2, 3], strides: 2, pad: [[0, 0], [0, 3], [2, 1], [0, 0]] },
  { x: [2, 3, 6, 5], filter: [3, 3, 3, 4], strides: 1, pad: 'same', dataFormat: 'NCHW' },
];

function describeCase(c: Case): string {
  return `x=${JSON.stringify(c.x)} f=${JSON.stringify(c.filter)} s=${JSON.stringify(c.strides)} pad=${JSON.stringify(c.pad)} ${c.dataFormat ?? 'NHWC'}`;
}

function dyShape(c: Case): Shape4 {
  const nchw = c.dataFormat === 'NCHW';
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, undefined, false,
    nchw ? 'channelsFirst' : 'channelsLast');
  return info.outShape;
}

function backpropFilter(c: Case): tf.Tensor {
  const x = tf.tensor4d(randomValues(c.x, 1), c.x);
  const dy = tf.tensor4d(randomValues(dyShape(c), 2), dyShape(c));
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: c.dataFormat ?? 'NHWC', dimRoundingMode: undefined, filterShape: c.filter };
  return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function backpropInput(c: Case): tf.Tensor {
  const dy = tf.tensor4d(randomValues(dyShape(c), 3), dyShape(c));
  const filter = tf.tensor4d(randomValues(c.filter, 4), c.filter);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: c.dataFormat ?? 'NHWC', dimRoundingMode: undefined, inputShape: c.x };
  return tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

describe('wasm Conv2D gradient kernels', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(CASES.map((c) => [describeCase(c), c] as const))('Conv2DBackpropFilter matches cpu: %s', async (_, c) => {
    const [wasm] = await runOn('wasm', () => backpropFilter(c));
    const [cpu] = await runOn('cpu', () => backpropFilter(c));
    expect(wasm.length).toBe(c.filter.reduce((a, b) => a * b));
    expect(relError(wasm, cpu)).toBeLessThan(1e-4);
  });

  it.each(CASES.map((c) => [describeCase(c), c] as const))('Conv2DBackpropInput matches cpu: %s', async (_, c) => {
    const [wasm] = await runOn('wasm', () => backpropInput(c));
    const [cpu] = await runOn('cpu', () => backpropInput(c));
    expect(wasm.length).toBe(c.x.reduce((a, b) => a * b));
    expect(relError(wasm, cpu)).toBeLessThan(1e-4);
  });

  it('leaves no tensors, buffers or bytes behind across repeated calls', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(randomValues([2, 9, 9, 3], 5), [2, 9, 9, 3]);
    const w = tf.tensor4d(randomValues([3, 3, 3, 4], 6), [3, 3, 3, 4]);
    const lossGrads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'))));
    tf.dispose(lossGrads([x, w]));
    const before = memorySnapshot();
    for (let i = 0; i < 5; i++) {
      const grads = lossGrads([x, w]);
      await grads[1].data();
      tf.dispose(grads);
    }
    for (const c of CASES.slice(0, 3)) {
      tf.tidy(() => {
        backpropFilter(c);
        backpropInput(c);
      });
    }
    expect(memorySnapshot()).toEqual(before);
    tf.dispose([x, w]);
  });
});
