import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DenseNet } from '../exits/dense-net';
import type { GateInputs } from '../exits/gate-inputs';
import { Rng } from '../util/rng';
import { gatherRows } from './fit-loop';
import { leenetLoss } from './leenet-loss';
import { predictGates, trainGates } from './train-gates';
import { initBackend } from '../backend';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Two early exits on random features; exit 0's head is right exactly where feature 0 is positive. */
function toyProblem(n: number) {
  const rng = new Rng(3);
  const dims = [4, 6];
  const x = dims.map((d) => Float32Array.from({ length: n * d }, () => rng.next() * 2 - 1));
  const inputs: GateInputs = { n, x, dims };
  const ce = [
    Float32Array.from({ length: n }, (_, i) => (x[0][i * 4] > 0 ? 0.01 : 4)),
    Float32Array.from({ length: n }, () => 1),
    Float32Array.from({ length: n }, () => 0.5),
  ];
  return { inputs, ce };
}

describe('gate training', () => {
  it('gradients of the LEENet loss reach only the gate parameters', () => {
    const { inputs, ce } = toyProblem(32);
    const head = new DenseNet({ inDim: 4, hidden: null, outDim: 3 }, 1); // a frozen head, present in the engine
    const gates = inputs.dims.map((d, k) => new DenseNet({ inDim: d, hidden: null, outDim: 1 }, 10 + k));
    const idx = Int32Array.from({ length: 32 }, (_, i) => i);
    const ceBatch = tf.tensor2d(Array.from({ length: 32 }, (_, i) => ce.map((c) => c[i])));
    const { grads } = tf.variableGrads(() =>
      leenetLoss(
        tf.sigmoid(tf.concat(gates.map((g, k) => g.apply(tf.tensor2d(gatherRows(inputs.x[k], inputs.dims[k], idx), [32, inputs.dims[k]]))), 1)) as tf.Tensor2D,
        ceBatch,
        tf.tensor1d([0, 0.5, 1]),
        0.5,
      ),
    );
    const gateVars = new Set(gates.flatMap((g) => g.variables.map((v) => v.name)));
    expect(Object.keys(grads).sort()).toEqual([...gateVars].sort());
    for (const v of head.variables) expect(grads[v.name]).toBeUndefined();
    expect(Object.values(grads).some((g) => g.abs().max().dataSync()[0] > 0)).toBe(true);
    tf.dispose(Object.values(grads));
    [head, ...gates].forEach((n) => n.dispose());
    ceBatch.dispose();
  });

  it('learns to exit early where the early head is right (α = 0.3), and frees every tensor', async () => {
    const { inputs, ce } = toyProblem(512);
    const before = tf.memory().numTensors;
    const perBatch: number[] = [];
    const gates = await trainGates(inputs, ce, {
      alpha: 0.3,
      costs: [0, 0.5, 1],
      epochs: 40,
      seed: 1,
      batchSize: 64,
      learningRate: 0.05,
      onProgress: () => perBatch.push(tf.memory().numTensors),
    });
    // Constant across batches: nothing accumulates step to step.
    expect(new Set(perBatch.slice(1)).size).toBe(1);
    const probs = await predictGates(gates, inputs);
    let agree = 0;
    for (let i = 0; i < inputs.n; i++) if (probs[0][i] > 0.5 === inputs.x[0][i * 4] > 0) agree++;
    expect(agree / inputs.n).toBeGreaterThan(0.9);
    gates.forEach((g) => g.dispose());
    // A whole α leaves nothing behind once its gates are disposed.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports the loss as its two terms, expected cross-entropy and expected cost, whenever it reads the loss', async () => {
    const { inputs, ce } = toyProblem(256);
    const steps: { loss: number | undefined; parts?: { ce: number; cost: number } }[] = [];
    const gates = await trainGates(inputs, ce, { alpha: 0.4, costs: [0, 0.5, 1], epochs: 3, seed: 2, batchSize: 64, onProgress: (_d, _t, loss, parts) => steps.push({ loss, parts }) });
    const read = steps.filter((s) => s.loss !== undefined);
    expect(read.length).toBeGreaterThan(0);
    expect(steps.every((s) => (s.loss === undefined) === (s.parts === undefined))).toBe(true);
    for (const { loss, parts } of read) {
      // The expected cost lies between the cheapest and the dearest exit; CE between the toy's extremes.
      expect(parts!.cost).toBeGreaterThanOrEqual(0);
      expect(parts!.cost).toBeLessThanOrEqual(1);
      expect(parts!.ce).toBeGreaterThanOrEqual(0.01);
      expect(parts!.ce).toBeLessThanOrEqual(4);
      // The loss is their α-weighted sum plus a small weight decay.
      const combined = 0.6 * parts!.ce + 0.4 * parts!.cost;
      expect(loss! - combined).toBeGreaterThanOrEqual(0);
      expect(loss! - combined).toBeLessThan(0.05);
    }
    gates.forEach((g) => g.dispose());
  });

  it('α = 1 sends everything out of the first exit; α = 0 keeps the samples its first head gets wrong', async () => {
    const { inputs, ce } = toyProblem(256);
    const share = async (alpha: number) => {
      const gates = await trainGates(inputs, ce, { alpha, costs: [0, 0.5, 1], epochs: 30, seed: 2, batchSize: 64, learningRate: 0.05 });
      const probs = await predictGates(gates, inputs);
      gates.forEach((g) => g.dispose());
      return probs[0].filter((p) => p > 0.5).length / inputs.n;
    };
    expect(await share(1)).toBeGreaterThan(0.95);
    const s0 = await share(0);
    expect(s0).toBeGreaterThan(0.3);
    expect(s0).toBeLessThan(0.7);
  });

  it('the correct target: each gate learns P(its exit is right) on a hand-built cache, whatever α', async () => {
    const { inputs, ce } = toyProblem(600);
    // Exit 0 is right where feature 0 is positive; exit 1 is right everywhere but where its feature 2 is very low.
    const correct = [
      Uint8Array.from({ length: 600 }, (_, i) => (inputs.x[0][i * 4] > 0 ? 1 : 0)),
      Uint8Array.from({ length: 600 }, (_, i) => (inputs.x[1][i * 6 + 2] > -0.6 ? 1 : 0)),
    ];
    const before = tf.memory().numTensors;
    const train = (alpha: number) => trainGates(inputs, ce, { target: 'correct', correct, alpha, costs: [0, 0.5, 1], epochs: 40, seed: 1, batchSize: 100 });
    const gates = await train(0.2);
    const probs = await predictGates(gates, inputs);
    for (const [k, truth] of correct.entries()) {
      let agree = 0;
      for (let i = 0; i < 600; i++) agree += (probs[k][i] > 0.5 ? 1 : 0) === truth[i] ? 1 : 0;
      expect(agree / 600, `exit ${k}`).toBeGreaterThan(0.9);
    }
    // Calibrated-ish: the mean predicted probability tracks the base rate.
    const mean = probs[1].reduce((a, b) => a + b, 0) / 600;
    expect(mean).toBeCloseTo(correct[1].reduce((a, b) => a + b, 0) / 600, 1);
    // α plays no part in training this target.
    const other = await train(0.9);
    expect(Array.from((await predictGates(other, inputs))[0])).toEqual(Array.from(probs[0]));
    [...gates, ...other].forEach((g) => g.dispose());
    expect(tf.memory().numTensors).toBe(before);
    await expect(trainGates(inputs, ce, { target: 'correct', alpha: 0, costs: [0, 0.5, 1], epochs: 1, seed: 1 })).rejects.toThrow(/correctness/);
  });
});
