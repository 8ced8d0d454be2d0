import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../util/rng';

export class StoppedError extends Error {
  constructor() {
    super('Stopped by the user.');
    this.name = 'StoppedError';
  }
}

/** A loss became NaN or infinite: training cannot go on. The message names what was training and what to try. */
export class NumericalError extends Error {
  constructor(what: string, loss: number, epoch: number, batch: number) {
    super(`${what}: the loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}. The run stopped there and keeps what finished; try a lower learning rate or fewer epochs, or check the inputs for NaN.`);
    this.name = 'NumericalError';
  }
}

/** Throws NumericalError for a loss that is not a finite number. */
export function checkLoss(loss: number | undefined, what: string, epoch: number, batch: number): void {
  if (loss !== undefined && !Number.isFinite(loss)) throw new NumericalError(what, loss, epoch, batch);
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StoppedError();
}

export interface FitOptions {
  /** Number of samples; batches are index slices of a fresh permutation each epoch. */
  n: number;
  batchSize: number;
  epochs: number;
  rng: Rng;
  optimizer: tf.Optimizer;
  varList: tf.Variable[];
  /** Builds the batch's scalar loss from the sample indices; runs inside the optimizer's tidy. */
  loss: (idx: Int32Array) => tf.Scalar;
  /** Called after every step with the step's loss (read back only every `reportEvery` steps to avoid syncs). */
  onStep?: (step: { epoch: number; batch: number; batches: number; loss: number | undefined }) => void;
  reportEvery?: number;
  signal?: AbortSignal;
  /** What is training, for the message when its loss turns NaN or infinite (e.g. "Gate training (α = 0.5)"). */
  what?: string;
}

/**
 * The one training loop every phase uses (backbone, heads, gates): seeded shuffling, one optimizer for the whole
 * phase, cancellation checked between batches, and no tensor outliving its step.
 */
export async function fit(opts: FitOptions): Promise<{ lastLoss: number }> {
  const batches = Math.ceil(opts.n / opts.batchSize);
  const reportEvery = opts.reportEvery ?? 1;
  let lastLoss = NaN;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = opts.rng.permutation(opts.n);
    for (let b = 0; b < batches; b++) {
      throwIfAborted(opts.signal);
      const idx = order.subarray(b * opts.batchSize, Math.min(opts.n, (b + 1) * opts.batchSize));
      const cost = opts.optimizer.minimize(() => opts.loss(idx), true, opts.varList);
      let loss: number | undefined;
      if (cost) {
        if (b % reportEvery === 0 || b === batches - 1) {
          loss = (await cost.data())[0];
          lastLoss = loss;
        }
        cost.dispose();
        // Checked where the loss is read anyway: a NaN is caught within one report interval, at no extra sync.
        checkLoss(loss, opts.what ?? 'Training', epoch, b);
      }
      opts.onStep?.({ epoch, batch: b, batches, loss });
      // Yield so a worker can receive a stop message and a CLI can redraw its bar.
      if (b % 8 === 7) await new Promise((r) => setImmediate(r));
    }
  }
  return { lastLoss };
}

/** Copies rows `idx` of a row-major [n, d] array into a new [idx.length, d] array. */
export function gatherRows(src: Float32Array, d: number, idx: ArrayLike<number>): Float32Array {
  const out = new Float32Array(idx.length * d);
  for (let i = 0; i < idx.length; i++) out.set(src.subarray(idx[i] * d, idx[i] * d + d), i * d);
  return out;
}
