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

/** Trains one classifier head per early exit with cross-entropy on the training split's cached features. */
export async function trainHeads(train: SplitFeatures, opts: HeadTrainOptions): Promise<DenseNet[]> {
  const rng = new Rng(opts.seed);
  const heads: DenseNet[] = [];
  try {
    for (let k = 0; k < train.features.length; k++) {
      const d = train.dims[k];
      const head = new DenseNet({ inDim: d, hidden: opts.kind === 'mlp' ? MLP_HIDDEN : null, outDim: train.classes }, rng.seed());
      heads.push(head);
      head.setStandardisation(train.features[k], train.n);
      const optimizer = tf.train.adam(opts.learningRate ?? 1e-3);
      const batchSize = opts.batchSize ?? 128;
      const total = opts.epochs * Math.ceil(train.n / batchSize);
      let done = 0;
      try {
        await fit({
          n: train.n,
          batchSize,
          epochs: opts.epochs,
          rng,
          optimizer,
          varList: head.variables,
          reportEvery: 10,
          signal: opts.signal,
          loss: (idx) => {
            const x = tf.tensor2d(gatherRows(train.features[k], d, idx), [idx.length, d]);
            const y = tf.oneHot(tf.tensor1d(Array.from(idx, (i) => train.labels[i]), 'int32'), train.classes);
            return tf.losses.softmaxCrossEntropy(y, head.apply(x)) as tf.Scalar;
          },
          onStep: ({ loss }) => opts.onProgress?.(k, ++done, total, loss),
        });
      } finally {
        optimizer.dispose();
      }
    }
  } catch (e) {
    heads.forEach((h) => h.dispose());
    throw e;
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
