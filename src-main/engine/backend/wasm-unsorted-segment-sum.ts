import * as tf from '@tensorflow/tfjs';
import { compositeKernel } from './composite-kernel';

/**
 * out[s, ...] = Σ_{i: ids[i] = s} x[i, ...]; ids outside [0, numSegments) are dropped, as in TensorFlow.
 *
 * Missing on wasm, and it is the gradient of tf.gather, so any loss that gathers (per-sample exit picks, label
 * lookups) fails to differentiate there without it. A plain loop: it is memory-bound and its inputs are small.
 */
export function unsortedSegmentSum(x: tf.Tensor, segmentIds: tf.Tensor, numSegments: number): tf.Tensor {
  const ids = segmentIds.dataSync();
  const values = x.dataSync() as Float32Array | Int32Array;
  const inner = ids.length === 0 ? 0 : values.length / ids.length;
  const out = values instanceof Int32Array ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    for (let k = 0, from = i * inner, to = s * inner; k < inner; k++) out[to + k] += values[from + k];
  }
  return tf.tensor(out, [numSegments, ...x.shape.slice(segmentIds.rank)], x.dtype);
}

export const wasmUnsortedSegmentSum: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: compositeKernel((inputs, attrs) => {
    const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
    return unsortedSegmentSum(inputs.x, inputs.segmentIds, numSegments);
  }),
};
