import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitProbabilities, leenetLoss } from './leenet-loss';
import { initBackend } from '../backend';

beforeAll(async () => {
  await initBackend('cpu');
});

// A 3-exit toy batch (2 gates + the final classifier), computed by hand:
// sample 1: g = (0.2, 0.5) → p = (0.2, 0.4, 0.4); CE term 0.2·1 + 0.4·0.5 + 0.4·0.1 = 0.44;  cost term 0.4·0.4 + 0.4·1 = 0.56
// sample 2: g = (0.9, 0.1) → p = (0.9, 0.01, 0.09); CE term 1.8 + 0.01 + 0.027 = 1.837;    cost term 0.004 + 0.09 = 0.094
// mean CE term 1.1385, mean cost term 0.327.
const gates = () => tf.tensor2d([[0.2, 0.5], [0.9, 0.1]]);
const ce = () => tf.tensor2d([[1.0, 0.5, 0.1], [2.0, 1.0, 0.3]]);
const costs = () => tf.tensor1d([0, 0.4, 1]);

describe('leenetLoss', () => {
  it('gives the exit distribution p_i = g_i·Π(1-g_j), last exit Π(1-g_j)', () => {
    const p = exitProbabilities(gates()).arraySync();
    expect(p[0]).toEqual([expect.closeTo(0.2, 6), expect.closeTo(0.4, 6), expect.closeTo(0.4, 6)]);
    expect(p[1]).toEqual([expect.closeTo(0.9, 6), expect.closeTo(0.01, 6), expect.closeTo(0.09, 6)]);
  });

  it.each([
    [0, 1.1385],
    [0.5, 0.5 * 1.1385 + 0.5 * 0.327],
    [1, 0.327],
  ])('α = %s matches the hand-computed value', (alpha, expected) => {
    const loss = leenetLoss(gates(), ce(), costs(), alpha);
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('pushes gates open when α = 1 and towards the cheapest-correct exit when α = 0', () => {
    const g = tf.variable(tf.tensor2d([[0.5, 0.5]]));
    const grad = (alpha: number) =>
      (tf.grad((x: tf.Tensor) => leenetLoss(x as tf.Tensor2D, tf.tensor2d([[3, 0.1, 0.1]]), costs(), alpha))(g) as tf.Tensor2D).arraySync()[0];
    // Cost only: opening the first gate (cost 0) lowers the loss.
    expect(grad(1)[0]).toBeLessThan(0);
    // Accuracy only, first head bad: opening the first gate raises the loss.
    expect(grad(0)[0]).toBeGreaterThan(0);
    g.dispose();
  });

  it('one early exit: the gradient is the closed form (1-α)(CE₀ − CE₁) + α(c₀ − c₁) per sample, over n', () => {
    const g = tf.tensor2d([[0.3], [0.8]]);
    const ce = tf.tensor2d([
      [0.2, 1.0],
      [2.0, 0.5],
    ]);
    const costs = tf.tensor1d([0, 1]);
    const alpha = 0.4;
    const grad = tf.grad((x: tf.Tensor) => leenetLoss(x as tf.Tensor2D, ce, costs, alpha))(g).dataSync();
    expect(grad[0]).toBeCloseTo(((1 - alpha) * (0.2 - 1.0) + alpha * (0 - 1)) / 2, 6);
    expect(grad[1]).toBeCloseTo(((1 - alpha) * (2.0 - 0.5) + alpha * (0 - 1)) / 2, 6);
    tf.dispose([g, ce, costs]);
  });
});
