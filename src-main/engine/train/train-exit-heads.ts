import * as tf from '@tensorflow/tfjs';
import { DenseExitHead, type ExitHeadKind, type ExitHeadModel } from '../exits/head-model';
import type { SplitFeatures } from './feature-cache';
import { rawRange, rowsPerBatch } from './raw-rows';
import { trainConvHeads, type ConvHeadTrainOptions } from './train-conv-heads';
import { trainHeads } from './train-heads';

export type ExitHeadTrainOptions = ConvHeadTrainOptions & { kind: ExitHeadKind };

/**
 * One head per early exit, of any kind: dense heads on the pooled features (`trainHeads`), conv heads on the raw
 * activations (`trainConvHeads`, from memory or the split's feature store). Progress and cancellation as trainHeads.
 */
export async function trainExitHeads(train: SplitFeatures, opts: ExitHeadTrainOptions): Promise<ExitHeadModel[]> {
  const { kind, ...rest } = opts;
  if (kind === 'conv') return trainConvHeads(train, rest);
  const nets = await trainHeads(train, { ...rest, kind });
  return nets.map((net) => new DenseExitHead(net));
}

/** Rows per prediction batch for dense heads, which read only small pooled rows. */
const DENSE_PREDICT_BATCH = 1024;

/** Logits of every early exit's head over the split, row-major [n, classes] per exit, batch by batch. */
export async function predictExitHeads(heads: ExitHeadModel[], split: SplitFeatures): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const [k, head] of heads.entries()) {
    const logits = new Float32Array(split.n * head.classes);
    const raw = head.reads === 'raw';
    const batch = raw ? rowsPerBatch(4 * split.rawDims[k], DENSE_PREDICT_BATCH, 64 * 1024 ** 2) : DENSE_PREDICT_BATCH;
    for (let start = 0; start < split.n; start += batch) {
      const end = Math.min(split.n, start + batch);
      const rows = end - start;
      const input = raw
        ? { act: tf.tensor4d(await rawRange(split, k, start, end), [rows, ...split.rawShapes[k]]) }
        : { pooled: tf.tensor2d(split.features[k].subarray(start * split.dims[k], end * split.dims[k]), [rows, split.dims[k]]) };
      let y: tf.Tensor2D;
      try {
        y = head.apply(input);
      } finally {
        tf.dispose(Object.values(input));
      }
      logits.set((await y.data()) as Float32Array, start * head.classes);
      y.dispose();
    }
    out.push(logits);
  }
  return out;
}
