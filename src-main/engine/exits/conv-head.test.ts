import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { buildMnistSmall, MNIST_SMALL_EXITS } from '../backbones/mnist-small';
import { randomValues, relError, runOn } from '../backend/testing';
import { ConvHead, convHeadCost, convHeadSpec } from './conv-head';
import { exitCosts } from './exit-costs';
import { denseHeadCost } from './head-model';

describe('conv head shape and cost', () => {
  it('strides on large maps, caps its width, and pools to a grid with no all-padding cell', () => {
    expect(convHeadSpec([20, 20, 8], 10)).toEqual({ inShape: [20, 20, 8], width: 8, stride: 2, window: [3, 3], grid: [4, 4], classes: 10 });
    expect(convHeadSpec([7, 7, 32], 10)).toMatchObject({ width: 32, stride: 1, window: [2, 2], grid: [4, 4] });
    expect(convHeadSpec([56, 56, 256], 1000)).toMatchObject({ width: 64, stride: 2, window: [7, 7], grid: [4, 4] });
    expect(convHeadSpec([5, 3, 16], 10)).toMatchObject({ stride: 1, window: [2, 1], grid: [3, 3] });
    expect(convHeadSpec([2, 2, 4], 10, { grid: 2, maxWidth: 2 })).toMatchObject({ width: 2, window: [1, 1], grid: [2, 2] });
  });

  it('counts FLOPs and parameters by hand for a 20×20×8 exit', () => {
    const spec = convHeadSpec([20, 20, 8], 10);
    // conv 10·10·8 outputs × 2·9·8, BN 2 per output, ReLU 1, max and avg over the 12×12 padded map, mix 3 per
    // pooled value, classifier 2·128·10 + 10.
    expect(convHeadCost(spec, 'flops')).toBe(800 * 144 + 1600 + 800 + 2 * 12 * 12 * 8 + 3 * 128 + 2570);
    // kernel 3·3·8·8, BN scale and shift, the mix, classifier 128·10 + 10.
    expect(convHeadCost(spec, 'params')).toBe(576 + 16 + 1 + 1290);
  });

  it('exit costs take the head cost from the head, and pooling only where something reads it', async () => {
    await initBackend('cpu');
    const backbone = buildMnistSmall(0);
    const shapes = MNIST_SMALL_EXITS.map((e) => (backbone.getLayer(e).outputShape as number[]).slice(1));
    const conv = shapes.map((s) => {
      const spec = convHeadSpec(s, 10);
      return { classes: 10, reads: 'raw' as const, cost: (m: 'flops' | 'params') => convHeadCost(spec, m) };
    });
    const dense = [128, 256, 512].map((d) => denseHeadCost({ inDim: d, hidden: null, outDim: 10 }));
    const base = { backbone, exitLayers: [...MNIST_SMALL_EXITS], pooling: 'adaptive' as const, gateDims: [7, 8, 9], model: 'flops' as const };
    const withConv = exitCosts({ ...base, heads: conv, gateInput: 'uncertainty' });
    const withDense = exitCosts({ ...base, heads: dense, gateInput: 'uncertainty' });
    const act = shapes[0].reduce((a, b) => a * b, 1);
    expect(withConv.raw[0] - withDense.raw[0]).toBe(convHeadCost(convHeadSpec(shapes[0], 10), 'flops') - dense[0].cost('flops') - act);
    // A gate reading pooled features pays for the pooling even when the head does not.
    const pooledConv = exitCosts({ ...base, heads: conv, gateInput: 'pooled' });
    const pooledDense = exitCosts({ ...base, heads: dense, gateInput: 'pooled' });
    expect(pooledConv.raw[0] - pooledDense.raw[0]).toBe(convHeadCost(convHeadSpec(shapes[0], 10), 'flops') - dense[0].cost('flops'));
    backbone.dispose();
  });
});

describe('conv head on tensors', () => {
  const X: [number, number, number, number] = [6, 18, 18, 5];
  const labels = [0, 1, 2, 0, 1, 2];

  /** Gradients of a training-mode step (batch norm on batch statistics) for every trainable variable. */
  const grads = () => {
    const head = new ConvHead(convHeadSpec(X.slice(1), 3), 7);
    const x = tf.tensor4d(randomValues(X, 3), X);
    const { grads: g } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), head.trainLogits(x)) as tf.Scalar,
      head.variables,
    );
    const out = head.variables.map((v) => g[v.name]);
    head.dispose();
    return out;
  };

  it('trains on wasm: its gradients match the cpu backend’s', async () => {
    const cpu = await runOn('cpu', grads);
    const wasm = await runOn('wasm', grads);
    expect(wasm).toHaveLength(6);
    wasm.forEach((g, i) => {
      expect(g.some((v) => v !== 0)).toBe(true);
      expect(relError(g, cpu[i])).toBeLessThan(1e-3);
    });
  });

  it('infers with the running statistics and frees every intermediate', async () => {
    await initBackend('wasm');
    const head = new ConvHead(convHeadSpec(X.slice(1), 3), 7);
    const x = tf.tensor4d(randomValues(X, 4), X);
    const before = tf.memory().numTensors;
    const y = head.apply({ act: x });
    expect(y.shape).toEqual([6, 3]);
    y.dispose();
    tf.dispose(tf.tidy(() => head.trainLogits(x)));
    expect(tf.memory().numTensors).toBe(before);
    // One training-mode pass moved the running statistics: inference now differs from the fresh head's.
    const fresh = new ConvHead(convHeadSpec(X.slice(1), 3), 7);
    const [a, b] = [head.apply({ act: x }), fresh.apply({ act: x })];
    expect(relError(a.dataSync() as Float32Array, b.dataSync() as Float32Array)).toBeGreaterThan(1e-4);
    const wrong = tf.zeros([1, 4, 4, 5]) as tf.Tensor4D;
    expect(() => head.apply({ act: wrong })).toThrow(/was given/);
    tf.dispose([a, b, x, wrong]);
    head.dispose();
    fresh.dispose();
  });
});
