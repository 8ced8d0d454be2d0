import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/types';
import { Rng } from '../util/rng';
import { registerFastBatchNormGrad } from './batchnorm-grad';
import { fit } from './fit-loop';

export interface BackboneTrainOptions {
  epochs: number;
  seed: number;
  batchSize?: number;
  learningRate?: number;
  makeInput: (set: ImageSet, idx: Int32Array) => tf.Tensor4D;
  onProgress?: (done: number, total: number, loss: number | undefined) => void;
  signal?: AbortSignal;
}

/** Trains a backbone end to end with cross-entropy (batch norm in training mode) on the given samples. */
export async function trainBackbone(model: tf.LayersModel, set: ImageSet, indices: Int32Array, opts: BackboneTrainOptions): Promise<void> {
  registerFastBatchNormGrad();
  const classes = model.outputs[0].shape[1] as number;
  const batchSize = opts.batchSize ?? 64;
  const base = opts.learningRate ?? 2e-3;
  const optimizer = new ScheduledAdam(base);
  const total = opts.epochs * Math.ceil(indices.length / batchSize);
  let done = 0;
  try {
    await fit({
      n: indices.length,
      batchSize,
      epochs: opts.epochs,
      rng: new Rng(opts.seed),
      optimizer,
      varList: model.trainableWeights.map((w) => w.read() as tf.Variable),
      reportEvery: 10,
      signal: opts.signal,
      what: 'Backbone training',
      loss: (idx) => {
        const sel = idx.map((i) => indices[i]);
        const x = opts.makeInput(set, sel);
        const y = tf.oneHot(tf.tensor1d(Array.from(sel, (i) => set.labels[i]), 'int32'), classes);
        const logits = model.apply(x, { training: true }) as tf.Tensor;
        return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
      },
      onStep: ({ loss }) => {
        // Cosine decay to zero: a constant Adam step leaves the last epoch's weights noisy (≈1 point of accuracy).
        optimizer.setLearningRate(0.5 * base * (1 + Math.cos((Math.PI * done) / total)));
        opts.onProgress?.(++done, total, loss);
      },
    });
  } finally {
    optimizer.dispose();
  }
}

/** Adam whose learning rate can follow a schedule (tfjs keeps it protected). */
class ScheduledAdam extends tf.AdamOptimizer {
  constructor(learningRate: number) {
    super(learningRate, 0.9, 0.999, 1e-7);
  }

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }
}

/** Top-1 accuracy of the backbone's own classifier on the given samples. */
export async function backboneAccuracy(
  model: tf.LayersModel,
  set: ImageSet,
  indices: Int32Array,
  makeInput: (set: ImageSet, idx: Int32Array) => tf.Tensor4D,
  batchSize = 256,
): Promise<number> {
  let right = 0;
  for (let start = 0; start < indices.length; start += batchSize) {
    const idx = indices.subarray(start, Math.min(indices.length, start + batchSize));
    const pred = tf.tidy(() => (model.predict(makeInput(set, idx)) as tf.Tensor).argMax(1));
    const p = await pred.data();
    pred.dispose();
    for (let i = 0; i < idx.length; i++) if (p[i] === set.labels[idx[i]]) right++;
  }
  return right / Math.max(1, indices.length);
}
