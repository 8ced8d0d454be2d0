import * as tf from '@tensorflow/tfjs';
import { compositeKernel } from './composite-kernel';
import { cropTaps } from './wasm-conv2d-backprop-filter';
import { flipSpatial, transposedConvNHWC } from './transposed-conv';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/**
 * dW[kh,kw,c,m] = Σ_{b,oh,ow} x[b, oh·s+kh·d−top, ow·s+kw·d−left, c] · dy[b,oh,ow,c·M+m].
 *
 * As for the dense conv, the reduction is itself a convolution, here a depthwise one: (b, c) pairs become the
 * channels of a single image x' = [1, H, W, B·C], dy' = [OH, OW, B·C, M] is the filter (dilated by the forward
 * stride, strided by the forward dilation); summing the B copies of each tap afterwards gives the gradient.
 */
export function depthwiseBackpropFilterNHWC(x: tf.Tensor4D, dy: tf.Tensor4D, info: Conv2DInfo): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const [kh, kw, , m] = info.filterShape;
  const { top, bottom, left, right } = info.padInfo;
  const xT = tf.reshape<tf.Rank.R4>(tf.transpose(x, [1, 2, 0, 3]), [1, h, w, b * c]);
  const dyT = tf.reshape<tf.Rank.R4>(tf.transpose(dy, [1, 2, 0, 3]), [info.outHeight, info.outWidth, b * c, m]);
  const raw = tf.depthwiseConv2d(xT, dyT, [info.dilationHeight, info.dilationWidth],
    [[0, 0], [top, bottom], [left, right], [0, 0]], 'NHWC', [info.strideHeight, info.strideWidth]);
  const [, th, tw] = raw.shape;
  const summed = tf.sum(tf.reshape(raw, [1, th, tw, b, c * m]), 3);
  return tf.reshape(cropTaps(summed, kh, kw), [kh, kw, c, m]);
}

/** dx[b,h,w,c] = Σ_m (dy[..., c·M+m] ⋆ flipped W[:, :, c, m]), via one depthwise conv over C·M channels. */
export function depthwiseBackpropInputNHWC(dy: tf.Tensor4D, filter: tf.Tensor4D, info: Conv2DInfo): tf.Tensor4D {
  const [kh, kw, c, m] = filter.shape;
  const flipped = tf.reshape<tf.Rank.R4>(flipSpatial(filter), [kh, kw, c * m, 1]);
  const dilations: [number, number] = [info.dilationHeight, info.dilationWidth];
  const perMultiplier = transposedConvNHWC(dy, info,
    (stuffed, pad) => tf.depthwiseConv2d(stuffed, flipped, 1, pad, 'NHWC', dilations));
  if (m === 1) return perMultiplier;
  const [b, h, w] = perMultiplier.shape;
  return tf.sum(tf.reshape(perMultiplier, [b, h, w, c, m]), 4);
}

function depthwiseInfo(
  inShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  a: tf.DepthwiseConv2dNativeBackpropFilterAttrs | tf.DepthwiseConv2dNativeBackpropInputAttrs,
): Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(inShape, filterShape, a.strides, a.dilations, a.pad, a.dimRoundingMode, true);
}

export const wasmDepthwiseBackpropFilter: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: compositeKernel((inputs, attrs) => {
    const a = attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
    const x = inputs.x as tf.Tensor4D;
    return depthwiseBackpropFilterNHWC(x, inputs.dy as tf.Tensor4D, depthwiseInfo(x.shape, a.filterShape, a));
  }),
};

export const wasmDepthwiseBackpropInput: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: compositeKernel((inputs, attrs) => {
    const a = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
    const filter = inputs.filter as tf.Tensor4D;
    return depthwiseBackpropInputNHWC(inputs.dy as tf.Tensor4D, filter, depthwiseInfo(a.inputShape, filter.shape, a));
  }),
};
