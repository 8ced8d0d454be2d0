import * as tf from '@tensorflow/tfjs';
import type { LoadedEarlyExitModel } from './load-early-exit-model';

export interface TimedPredictions {
  n: number;
  prediction: Int32Array;
  confidence: Float32Array;
  exit: Int32Array;
  /** Wall-clock ms per image: early exit, and the plain backbone (every segment, no exit) on the same batches. */
  msPerImage: number;
  fullMsPerImage: number;
  batchSize: number;
}

/**
 * Runs the model over `n` images in batches of `batchSize` (each batch built by `batch(start, end)`), timing early
 * exit and the plain backbone on the same tensors, alternately; one warm-up batch of each is not counted.
 */
export async function timePredictions(model: LoadedEarlyExitModel, n: number, batchSize: number, batch: (start: number, end: number) => Promise<tf.Tensor4D>): Promise<TimedPredictions> {
  const prediction = new Int32Array(n);
  const confidence = new Float32Array(n);
  const exit = new Int32Array(n);
  let early = 0;
  let full = 0;
  const first = await batch(0, Math.min(n, batchSize));
  try {
    await model.predictBatch(first);
    await model.predictFull(first);
  } finally {
    first.dispose();
  }
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const x = await batch(start, end);
    try {
      let t = performance.now();
      const out = await model.predictBatch(x);
      early += performance.now() - t;
      t = performance.now();
      await model.predictFull(x);
      full += performance.now() - t;
      prediction.set(out.prediction, start);
      confidence.set(out.confidence, start);
      exit.set(out.exit, start);
    } finally {
      x.dispose();
    }
  }
  return { n, prediction, confidence, exit, msPerImage: early / Math.max(1, n), fullMsPerImage: full / Math.max(1, n), batchSize };
}
