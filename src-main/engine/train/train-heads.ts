import * as tf from '@tensorflow/tfjs';
import { DenseNet } from '../exits/dense-net';
import { Rng } from '../util/rng';
import { fit, gatherRows } from './fit-loop';
import type { SplitFeatures } from './feature-cache';

export type HeadKind = 'linear' | 'mlp';

export const MLP_HIDDEN = 128;

export interface HeadTrainOptions {
  kind: HeadKind;
  epochs: number;
  seed: number;
  batchSize?: number;
  learningRate?: number;
  onProgress?: (exit: number, done: number, total: number, loss: number | undefined) => void;
  signal?: AbortSignal;
}

/**
 * Trains one classifier head per early exit with cross-entropy on the training split's cached features. The heads
 * are independent, but one step updates all of them: the summed loss gives each head exactly its own gradient (and
 * Adam's state is per parameter), while one step instead of one per head cuts the per-step dispatch cost that
 * dominates such small models on CPU backends.
 */
export async function trainHeads(train: SplitFeatures, opts: HeadTrainOptions): Promise<DenseNet[]> {
  const rng = new Rng(opts.seed);
  const heads = train.dims.map((d) => new DenseNet({ inDim: d, hidden: opts.kind === 'mlp' ? MLP_HIDDEN : null, outDim: train.classes }, rng.seed()));
  heads.forEach((h, k) => h.setStandardisation(train.features[k], train.n));
  const optimizer = tf.train.adam(opts.learningRate ?? 2e-3);
  const batchSize = opts.batchSize ?? 256;
  const total = opts.epochs * Math.ceil(train.n / batchSize);
  let done = 0;
  let perHead: tf.Tensor1D | null = null;
  try {
    await fit({
      n: train.n,
      batchSize,
      epochs: opts.epochs,
      rng,
      optimizer,
      varList: heads.flatMap((h) => h.variables),
      reportEvery: 10,
      signal: opts.signal,
      what: 'Head training',
      loss: (idx) => {
        const y = tf.oneHot(tf.tensor1d(Array.from(idx, (i) => train.labels[i]), 'int32'), train.classes);
        const losses = heads.map((head, k) => {
          const x = tf.tensor2d(gatherRows(train.features[k], train.dims[k], idx), [idx.length, train.dims[k]]);
          return tf.losses.softmaxCrossEntropy(y, head.apply(x)) as tf.Scalar;
        });
        perHead?.dispose();
        perHead = tf.keep(tf.stack(losses) as tf.Tensor1D);
        return tf.addN(losses) as tf.Scalar;
      },
      onStep: ({ loss }) => {
        done++;
        // Per-head losses are read back only when the step's loss was (every few steps), to avoid a sync per step.
        const parts = loss !== undefined && perHead ? perHead.dataSync() : null;
        heads.forEach((_, k) => opts.onProgress?.(k, done, total, parts ? parts[k] : undefined));
      },
    });
  } catch (e) {
    heads.forEach((h) => h.dispose());
    throw e;
  } finally {
    (perHead as tf.Tensor1D | null)?.dispose();
    optimizer.dispose();
  }
  return heads;
}

/** Runs a DenseNet over a row-major [n, d] array in batches; returns row-major [n, outDim]. */
export async function predictRows(net: DenseNet, x: Float32Array, n: number, batchSize = 1024): Promise<Float32Array> {
  const d = net.spec.inDim;
  const out = new Float32Array(n * net.spec.outDim);
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const y = tf.tidy(() => net.apply(tf.tensor2d(x.subarray(start * d, end * d), [end - start, d])));
    out.set((await y.data()) as Float32Array, start * net.spec.outDim);
    y.dispose();
  }
  return out;
}
