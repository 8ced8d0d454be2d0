import * as tf from '@tensorflow/tfjs';
import { ConvHead, convHeadSpec, type ConvHeadShapeOptions } from '../exits/conv-head';
import { Rng } from '../util/rng';
import { registerFastBatchNormGrad } from './batchnorm-grad';
import type { SplitFeatures } from './feature-cache';
import { checkLoss, throwIfAborted } from './fit-loop';
import { rawReader, rowsPerBatch } from './raw-rows';
import type { HeadTrainOptions } from './train-heads';

export type ConvHeadTrainOptions = Omit<HeadTrainOptions, 'kind'> & ConvHeadShapeOptions;

/** SDN trains its heads with batches of 128; more rows per step buy little on 2 CPU cores. */
const CONV_BATCH = 128;
const REPORT_EVERY = 10;

/**
 * Trains one conv head per early exit on the frozen backbone's raw activations, from memory or streamed from the
 * feature store. The loop is fit()'s (seeded permutation per epoch, one Adam for all heads, a summed loss so each
 * head gets exactly its own gradient, cancellation between batches) with one difference: a batch is loaded
 * asynchronously, and the next one is read from disk while the current one trains.
 */
export async function trainConvHeads(train: SplitFeatures, opts: ConvHeadTrainOptions): Promise<ConvHead[]> {
  registerFastBatchNormGrad();
  const read = rawReader(train);
  const rng = new Rng(opts.seed);
  const heads = train.rawShapes.map((shape) => new ConvHead(convHeadSpec(shape, train.classes, opts), rng.seed()));
  const optimizer = tf.train.adam(opts.learningRate ?? 2e-3);
  const batchSize = opts.batchSize ?? rowsPerBatch(4 * train.rawDims.reduce((a, b) => a + b, 0), CONV_BATCH);
  const batches = Math.ceil(train.n / batchSize);
  const total = opts.epochs * batches;
  const varList = heads.flatMap((h) => h.variables);
  const load = (idx: Int32Array) => {
    const p = Promise.all(heads.map((_, k) => read(k, idx))).then((x) => ({ idx, x }));
    // A prefetch abandoned by a stop or an error must not surface as an unhandled rejection.
    p.catch(() => undefined);
    return p;
  };
  let done = 0;
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      const order = rng.permutation(train.n);
      const slice = (b: number) => order.subarray(b * batchSize, Math.min(train.n, (b + 1) * batchSize));
      let next = load(slice(0));
      for (let b = 0; b < batches; b++) {
        throwIfAborted(opts.signal);
        const { idx, x } = await next;
        if (b + 1 < batches) next = load(slice(b + 1));
        const report = b % REPORT_EVERY === 0 || b === batches - 1;
        let perHead: tf.Tensor1D | null = null;
        const cost = optimizer.minimize(
          () => {
            const y = tf.oneHot(tf.tensor1d(Array.from(idx, (i) => train.labels[i]), 'int32'), train.classes);
            const losses = heads.map((head, k) => {
              const act = tf.tensor4d(x[k], [idx.length, ...train.rawShapes[k]]);
              return tf.losses.softmaxCrossEntropy(y, head.trainLogits(act)) as tf.Scalar;
            });
            if (report) perHead = tf.keep(tf.stack(losses) as tf.Tensor1D);
            return tf.addN(losses) as tf.Scalar;
          },
          false,
          varList,
        );
        done++;
        // Losses are read back only every few steps: each read is a sync that stalls the pipeline.
        const parts = perHead ? ((await (perHead as tf.Tensor1D).data()) as Float32Array) : null;
        (perHead as tf.Tensor1D | null)?.dispose();
        cost?.dispose();
        parts?.forEach((loss, k) => checkLoss(loss, `Conv head training (exit ${k + 1})`, epoch, b));
        heads.forEach((_, k) => opts.onProgress?.(k, done, total, parts ? parts[k] : undefined));
        // Yield so a worker can receive a stop message and a CLI can redraw its bar.
        if (b % 8 === 7) await new Promise((r) => setImmediate(r));
      }
    }
  } catch (e) {
    heads.forEach((h) => h.dispose());
    throw e;
  } finally {
    optimizer.dispose();
  }
  return heads;
}
