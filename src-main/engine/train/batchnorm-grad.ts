import * as tf from '@tensorflow/tfjs';

/**
 * tfjs's own FusedBatchNorm gradient tiles 1/√(var+ε) to the full activation shape before multiplying; on wasm
 * that Tile was the costliest kernel of a whole training step (~40%). The same derivative with broadcasting
 * multiplies instead. Mathematically identical (verified against the original in batchnorm-grad.test.ts).
 */
export const fusedBatchNormGrad: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const [x, mean, variance, scale] = saved;
    const dyT = dy as tf.Tensor;
    const scaleValue = scale ?? tf.scalar(1);
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor) => (mean.rank === 1 ? tf.sum(t, axes) : t).reshape(mean.shape);
    const xMinusMean = tf.sub(x, mean);
    const dyTimesScale = tf.mul(dyT, scaleValue);
    const rsqrt = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const minusHalfRCube = tf.mul(tf.mul(tf.mul(rsqrt, rsqrt), rsqrt), tf.scalar(-0.5));
    return {
      x: () => tf.mul(tf.mul(dyT, rsqrt), scaleValue).reshape(x.shape),
      mean: () => reduce(tf.mul(tf.neg(rsqrt), dyTimesScale)),
      variance: () => reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScale)),
      scale: () => reduce(tf.mul(dyT, tf.mul(xMinusMean, rsqrt))),
      offset: () => reduce(dyT),
    };
  },
};

let registered = false;

export function registerFastBatchNormGrad(): void {
  if (registered) return;
  tf.registerGradient(fusedBatchNormGrad);
  registered = true;
}
