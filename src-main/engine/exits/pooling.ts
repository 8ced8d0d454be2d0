import * as tf from '@tensorflow/tfjs';

export type PoolingKind = 'adaptive' | 'gap' | 'flatten';

/**
 * Weights of PyTorch's adaptive average pooling along one axis: output cell i averages input positions
 * floor(i·n/out) … ceil((i+1)·n/out) - 1, so the windows overlap when n is not a multiple of out.
 */
export function adaptivePoolMatrix(n: number, out: number): Float32Array {
  const m = new Float32Array(n * out); // [n, out]
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * n) / out);
    const end = Math.ceil(((i + 1) * n) / out);
    for (let k = start; k < end; k++) m[k * out + i] = 1 / (end - start);
  }
  return m;
}

/** Length of the pooled feature vector for an activation of shape [h, w, c]. */
export function pooledSize(kind: PoolingKind, grid: number, [h, w, c]: readonly number[]): number {
  if (kind === 'gap') return c;
  if (kind === 'flatten') return h * w * c;
  return Math.min(grid, h) * Math.min(grid, w) * c;
}

/** Pools a [B, H, W, C] activation to [B, D] (D from `pooledSize`). Caller owns the result; intermediates are freed. */
export function poolFeatures(x: tf.Tensor4D, kind: PoolingKind, grid: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    if (kind === 'flatten') return x.reshape([b, h * w * c]);
    if (kind === 'gap') return x.mean([1, 2]) as tf.Tensor2D;
    const gh = Math.min(grid, h);
    const gw = Math.min(grid, w);
    if (h % gh === 0 && w % gw === 0) {
      return tf.avgPool(x, [h / gh, w / gw], [h / gh, w / gw], 'valid').reshape([b, gh * gw * c]);
    }
    // Two 2-D matmuls (pool W, then H) keep this on kernels every backend has.
    const pw = tf.tensor2d(adaptivePoolMatrix(w, gw), [w, gw]);
    const ph = tf.tensor2d(adaptivePoolMatrix(h, gh), [h, gh]);
    const byW = tf.matMul(x.transpose([0, 3, 1, 2]).reshape([b * c * h, w]), pw); // [b·c·h, gw]
    const byH = tf.matMul(byW.reshape([b * c, h, gw]).transpose([0, 2, 1]).reshape([b * c * gw, h]), ph); // [b·c·gw, gh]
    return byH.reshape([b, c, gw, gh]).transpose([0, 3, 2, 1]).reshape([b, gh * gw * c]);
  });
}
