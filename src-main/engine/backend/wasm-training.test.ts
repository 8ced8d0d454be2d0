import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { memorySnapshot, randomValues, relError, runOn, wasmHeapBytes } from './testing';

/** Everything a small CNN backward pass touches on wasm, checked against the cpu backend's own kernels. */

const X_SHAPE: [number, number, number, number] = [4, 10, 10, 3];
const LABELS = [0, 3, 1, 4];

function opsNetGrads(): tf.Tensor[] {
  const x = tf.tensor4d(randomValues(X_SHAPE, 21), X_SHAPE);
  const params = [
    tf.tensor4d(randomValues([3, 3, 3, 6], 22), [3, 3, 3, 6]),
    tf.tensor1d(randomValues([6], 23)),
    tf.tensor4d(randomValues([3, 3, 6, 8], 24), [3, 3, 6, 8]),
    tf.tensor4d(randomValues([3, 3, 8, 1], 25), [3, 3, 8, 1]),
    tf.tensor4d(randomValues([1, 1, 8, 8], 26), [1, 1, 8, 8]),
    tf.tensor2d(randomValues([8, 5], 27), [8, 5]),
  ];
  const loss = (...p: tf.Tensor[]) => {
    const [w1, b1, w2, wd, w3, dense] = p as [tf.Tensor4D, tf.Tensor1D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor2D];
    let h = tf.relu(tf.add(tf.conv2d(x, w1, 1, 'same'), b1)) as tf.Tensor4D;
    h = tf.maxPool(tf.conv2d(h, w2, 2, 'valid'), 2, 1, 'same');
    h = tf.add(h, tf.depthwiseConv2d(h, wd, 1, 'same'));
    h = tf.avgPool(tf.elu(tf.conv2d(h, w3, 1, 'valid')), 2, 2, 'same');
    const logits = tf.matMul(tf.mean(h, [1, 2]), dense);
    const picked = tf.gather(logits, tf.tensor1d([0, 2, 2, 3], 'int32'));
    return tf.add(tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(LABELS, 'int32'), 5), picked), tf.mean(tf.square(logits))) as tf.Scalar;
  };
  return tf.grads(loss)(params);
}

function residualModel(): tf.LayersModel {
  const conv = (filters: number, kernelSize: number, strides = 1) =>
    tf.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false });
  const input = tf.input({ shape: X_SHAPE.slice(1) });
  const stem = tf.layers.reLU().apply(tf.layers.batchNormalization().apply(conv(8, 3).apply(input))) as tf.SymbolicTensor;
  const pooled = tf.layers.maxPooling2d({ poolSize: 2 }).apply(stem) as tf.SymbolicTensor;
  let y = conv(16, 3, 2).apply(pooled) as tf.SymbolicTensor;
  y = tf.layers.reLU().apply(tf.layers.batchNormalization().apply(y)) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization().apply(conv(16, 3).apply(y)) as tf.SymbolicTensor;
  const skip = conv(16, 1, 2).apply(pooled) as tf.SymbolicTensor;
  let h = tf.layers.reLU().apply(tf.layers.add().apply([y, skip])) as tf.SymbolicTensor;
  h = tf.layers.separableConv2d({ filters: 8, kernelSize: 3, padding: 'same' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.globalAveragePooling2d({}).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 5 }).apply(h) as tf.SymbolicTensor });
}

function layersGrads(model: tf.LayersModel, weights: Float32Array[]): tf.Tensor[] {
  model.setWeights(weights.map((w, i) => tf.tensor(w, model.getWeights()[i].shape)));
  const x = tf.tensor4d(randomValues(X_SHAPE, 31), X_SHAPE);
  const labels = tf.oneHot(tf.tensor1d(LABELS, 'int32'), 5);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
  return vars.map((v) => grads[v.name]);
}

describe('training a small CNN on wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('tf.grads of a conv net built from ops equal the cpu result', async () => {
    const wasm = await runOn('wasm', opsNetGrads);
    const cpu = await runOn('cpu', opsNetGrads);
    expect(wasm).toHaveLength(6);
    wasm.forEach((g, i) => expect(relError(g, cpu[i]), `param ${i}`).toBeLessThan(1e-4));
  });

  it('a ResNet-style tf.layers model (batch norm, relu, pooling, add, separable conv, dense, softmax CE) has the same gradients as on cpu', async () => {
    await tf.setBackend('wasm');
    const model = residualModel();
    const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
    const wasm = await runOn('wasm', () => layersGrads(model, weights));
    const cpu = await runOn('cpu', () => layersGrads(model, weights));
    expect(wasm.length).toBe(model.trainableWeights.length);
    // batch norm divides by a batch standard deviation, which amplifies float32 rounding a little
    wasm.forEach((g, i) => expect(relError(g, cpu[i]), model.trainableWeights[i].name).toBeLessThan(1e-3));
    model.dispose();
  });

  it('training steps on wasm leak no tensors, backend buffers or wasm heap', async () => {
    await tf.setBackend('wasm');
    const model = residualModel();
    const optimizer = tf.train.adam(1e-3);
    const x = tf.tensor4d(randomValues(X_SHAPE, 41), X_SHAPE);
    const labels = tf.oneHot(tf.tensor1d(LABELS, 'int32'), 5);
    const step = () => optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    step(); // Adam creates its moment slots on the first step
    step();
    const before = memorySnapshot();
    const heapBefore = wasmHeapBytes();
    for (let i = 0; i < 10; i++) step();
    expect(memorySnapshot()).toEqual(before);
    expect(wasmHeapBytes()).toBe(heapBefore);
    tf.dispose([x, labels]);
    optimizer.dispose();
    model.dispose();
  });
});
