import * as tf from '@tensorflow/tfjs';

/** Backends whose tensors live in this process's memory: rows are copied there faster than their Gather kernel runs. */
const HOST_MEMORY_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * Rows `keep` (ascending indices along axis 0) of `t`, as a new tensor. On wasm, tfjs's Gather costs about 100 ns
 * per element — for a 64-image batch of 28×28×8 activations more than the convolutions it saves — so there each row,
 * one contiguous block, is copied with a typed-array `set`; other backends keep their own Gather.
 */
export function takeRows(t: tf.Tensor, keep: Int32Array): tf.Tensor {
  if (!HOST_MEMORY_BACKENDS.has(tf.getBackend()) || t.dtype !== 'float32') return tf.tidy(() => tf.gather(t, tf.tensor1d(keep, 'int32')));
  const row = t.size / Math.max(1, t.shape[0]);
  const src = t.dataSync() as Float32Array;
  const out = new Float32Array(keep.length * row);
  keep.forEach((r, i) => out.set(src.subarray(r * row, (r + 1) * row), i * row));
  return tf.tensor(out, [keep.length, ...t.shape.slice(1)], 'float32');
}
