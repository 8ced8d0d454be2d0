import * as tf from '@tensorflow/tfjs';
import { DenseNet } from '../exits/dense-net';
import type { GateInputs } from '../exits/gate-inputs';
import { Rng } from '../util/rng';
import { fit, gatherRows } from './fit-loop';
import { predictRows } from './train-heads';
import { leenetLossParts } from './leenet-loss';

/** Default gate batch size; the sweep's progress accounting uses it too. */
export const GATE_BATCH = 512;

/** `leenet`: the seed's loss over all gates at once; `correct`: each gate learns P(its exit's prediction is right). */
export type GateTarget = 'leenet' | 'correct';

/** L2 penalty on gate weights: the gates are fitted on the validation split, often a few thousand samples. */
const WEIGHT_DECAY = 1e-3;

export interface GateTrainOptions {
  target?: GateTarget;
  /** Per early exit, 1 where its head is right: the `correct` target. */
  correct?: Uint8Array[];
  alpha: number;
  /** Normalised cost of each exit, the last one included (first 0, last 1). */
  costs: number[];
  epochs: number;
  seed: number;
  batchSize?: number;
  learningRate?: number;
  /** `parts`: the LEENet loss's expected cross-entropy and expected cost, on the steps whose loss is read. */
  onProgress?: (done: number, total: number, loss: number | undefined, parts?: LossParts) => void;
  signal?: AbortSignal;
}

/** The LEENet loss's two terms, as numbers. */
export interface LossParts {
  ce: number;
  cost: number;
}

/**
 * Trains all gates together. With the LEENet loss the heads are frozen: their cross-entropies enter as constants
 * (`ce[k][i]`, every exit including the last), so gradients reach the gate parameters only. With the `correct`
 * target each gate is a logistic model of its own exit's correctness (EENet's and JEI-DNN's exit predictors);
 * α then plays no part in training — the sweep picks each α's threshold on validation.
 */
export async function trainGates(inputs: GateInputs, ce: Float32Array[], opts: GateTrainOptions): Promise<DenseNet[]> {
  const rng = new Rng(opts.seed);
  const gates = inputs.dims.map((d) => new DenseNet({ inDim: d, hidden: null, outDim: 1 }, rng.seed()));
  gates.forEach((g, k) => g.setStandardisation(inputs.x[k], inputs.n));
  const optimizer = tf.train.adam(opts.learningRate ?? 0.05);
  const costs = tf.tensor1d(opts.costs);
  const exits = ce.length;
  const target = opts.target ?? 'leenet';
  const correct = target === 'correct' ? opts.correct : undefined;
  if (target === 'correct' && correct?.length !== gates.length) throw new Error("The correct target needs each early exit's correctness.");
  const weights = gates.flatMap((g) => g.variables.filter((v) => v.shape.length === 2));
  // Large batches: the gate problem is small and smooth, and per-step dispatch dominates on CPU backends.
  const batchSize = opts.batchSize ?? GATE_BATCH;
  const total = opts.epochs * Math.ceil(inputs.n / batchSize);
  let done = 0;
  // The latest step's [expected CE, expected cost], kept past the optimizer's tidy until its loss is read.
  let parts: tf.Tensor1D | null = null;
  try {
    await fit({
      n: inputs.n,
      batchSize,
      epochs: opts.epochs,
      rng,
      optimizer,
      varList: gates.flatMap((g) => g.variables),
      reportEvery: 10,
      signal: opts.signal,
      what: target === 'leenet' ? `Gate training with the LEENet loss (α = ${opts.alpha})` : 'Gate training (P(correct) / P(safe) gates)',
      loss: (idx) => {
        const z = tf.concat(
          gates.map((gate, k) => gate.apply(tf.tensor2d(gatherRows(inputs.x[k], inputs.dims[k], idx), [idx.length, inputs.dims[k]]))),
          1,
        ) as tf.Tensor2D;
        const decay = tf.addN(weights.map((w) => tf.sum(tf.square(w)))).mul(WEIGHT_DECAY);
        if (correct) {
          const y = new Float32Array(idx.length * gates.length);
          for (let i = 0; i < idx.length; i++) for (let k = 0; k < gates.length; k++) y[i * gates.length + k] = correct[k][idx[i]];
          return tf.losses.sigmoidCrossEntropy(tf.tensor2d(y, [idx.length, gates.length]), z).add(decay) as tf.Scalar;
        }
        const ceBatch = new Float32Array(idx.length * exits);
        for (let i = 0; i < idx.length; i++) for (let k = 0; k < exits; k++) ceBatch[i * exits + k] = ce[k][idx[i]];
        const terms = leenetLossParts(tf.sigmoid(z) as tf.Tensor2D, tf.tensor2d(ceBatch, [idx.length, exits]), costs);
        parts?.dispose();
        parts = tf.keep(tf.stack([terms.ce, terms.cost]) as tf.Tensor1D);
        return terms.ce.mul(1 - opts.alpha).add(terms.cost.mul(opts.alpha)).add(decay) as tf.Scalar;
      },
      onStep: ({ loss }) => {
        // Read where the loss was read: the step has finished computing, so this costs no extra wait.
        const values = loss !== undefined && parts ? parts.dataSync() : null;
        opts.onProgress?.(++done, total, loss, values ? { ce: values[0], cost: values[1] } : undefined);
      },
    });
  } catch (e) {
    gates.forEach((g) => g.dispose());
    throw e;
  } finally {
    optimizer.dispose();
    costs.dispose();
    (parts as tf.Tensor1D | null)?.dispose();
  }
  return gates;
}

/** Gate probabilities g_k for every sample, per early exit. */
export async function predictGates(gates: DenseNet[], inputs: GateInputs): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let k = 0; k < gates.length; k++) {
    const logits = await predictRows(gates[k], inputs.x[k], inputs.n);
    out.push(logits.map((z) => 1 / (1 + Math.exp(-z))));
  }
  return out;
}
