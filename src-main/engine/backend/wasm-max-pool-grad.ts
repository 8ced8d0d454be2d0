import * as tf from '@tensorflow/tfjs';
import { compositeKernel } from './composite-kernel';

/**
 * dx receives each dy value at the first maximum of its pooling window (row-major order, padding skipped), the
 * same rule as the cpu backend and TensorFlow.
 *
 * Replaces the stock wasm MaxPoolGrad of tfjs 4.22, which routes the gradient to the wrong element when every
 * value in a window is negative (conv → max-pool before the activation, or after batch norm). Found by
 * wasm-training.test.ts; a JS loop over the NHWC data is as fast as its scalar C++ and has no such case.
 */
export function maxPoolGradNHWC(dy: tf.Tensor4D, x: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const xs = x.dataSync() as Float32Array;
  const dys = dy.dataSync() as Float32Array;
  const dx = new Float32Array(xs.length);
  const [, h, w, c] = x.shape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const best = new Float32Array(c);
  const bestAt = new Int32Array(c);
  let o = 0;
  for (let b = 0; b < info.batchSize; b++) {
    for (let i = 0; i < oh; i++) {
      const r0 = i * sh - info.padInfo.top;
      for (let j = 0; j < ow; j++, o += c) {
        const c0 = j * sw - info.padInfo.left;
        best.fill(-Infinity);
        bestAt.fill(-1);
        for (let r = Math.max(r0, 0); r < Math.min(r0 + kh, h); r++) {
          for (let col = Math.max(c0, 0); col < Math.min(c0 + kw, w); col++) {
            const base = ((b * h + r) * w + col) * c;
            for (let k = 0; k < c; k++) {
              if (xs[base + k] > best[k]) {
                best[k] = xs[base + k];
                bestAt[k] = base + k;
              }
            }
          }
        }
        for (let k = 0; k < c; k++) if (bestAt[k] >= 0) dx[bestAt[k]] += dys[o + k];
      }
    }
  }
  return tf.tensor4d(dx, x.shape);
}

export const wasmMaxPoolGrad: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: compositeKernel((inputs, attrs) => {
    const a = attrs as unknown as tf.MaxPoolGradAttrs;
    const x = inputs.input as tf.Tensor4D;
    const info = tf.backend_util.computePool2DInfo(x.shape, a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
    return maxPoolGradNHWC(inputs.dy as tf.Tensor4D, x, info);
  }),
};
