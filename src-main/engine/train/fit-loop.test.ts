import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { Rng } from '../util/rng';
import { fit, NumericalError } from './fit-loop';
import { trainGates } from './train-gates';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('numerical faults', () => {
  it('a loss that turns NaN stops training within one report interval, naming what was training', async () => {
    const w = tf.variable(tf.scalar(1));
    const optimizer = tf.train.sgd(0.1);
    let steps = 0;
    const run = fit({
      n: 100,
      batchSize: 10,
      epochs: 3,
      rng: new Rng(1),
      optimizer,
      varList: [w],
      reportEvery: 4,
      what: 'Probe training (α = 0.7)',
      // Finite for 5 steps, then NaN for good.
      loss: () => (++steps > 5 ? w.mul(NaN).sum() : w.square().sum()) as tf.Scalar,
    });
    await expect(run).rejects.toThrow(NumericalError);
    await expect(run).rejects.toThrow(/^Probe training \(α = 0\.7\): the loss became NaN at epoch 1, batch 9\. The run stopped there/);
    // Read back every 4th batch: the NaN from step 6 is seen at step 9, the next report.
    expect(steps).toBe(9);
    optimizer.dispose();
    w.dispose();
  });

  it('gate training on inputs with a NaN reports the gates and the α, and frees its tensors', async () => {
    const n = 64;
    const x = Float32Array.from({ length: n * 4 }, (_, i) => (i === 7 ? NaN : Math.sin(i)));
    const ce = [0, 1].map(() => Float32Array.from({ length: n }, (_, i) => (i % 3) / 2));
    const before = tf.memory().numTensors;
    await expect(trainGates({ n, x: [x], dims: [4] }, ce, { alpha: 0.3, costs: [0, 1], epochs: 2, seed: 1 })).rejects.toThrow(/^Gate training with the LEENet loss \(α = 0\.3\): the loss became NaN/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
