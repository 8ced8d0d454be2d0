import * as tf from '@tensorflow/tfjs';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/**
 * The input gradient of a strided, padded conv is a stride-1 conv of dy — with zeros inserted between its rows and
 * columns — against the flipped filter. Doing it this way runs on XNNPACK; the stock wasm Conv2DBackpropInput is a
 * scalar loop about 12× slower than the forward conv.
 *
 * `conv` receives the zero-stuffed dy and the explicit padding; it applies the flipped filter with the forward
 * dilation. Negative padding (explicit forward pads larger than the kernel reach) becomes a crop of the output.
 */
export function transposedConvNHWC(
  dy: tf.Tensor4D,
  info: Conv2DInfo,
  conv: (dyStuffed: tf.Tensor4D, pad: tf.backend_util.ExplicitPadding) => tf.Tensor4D,
): tf.Tensor4D {
  const { strideHeight: sh, strideWidth: sw } = info;
  const stuffed = stuffZeros(dy, sh, sw);
  const [padH0, padH1] = sidePads(info.inHeight, info.effectiveFilterHeight, info.padInfo.top, stuffed.shape[1]);
  const [padW0, padW1] = sidePads(info.inWidth, info.effectiveFilterWidth, info.padInfo.left, stuffed.shape[2]);
  const out = conv(stuffed, [[0, 0], [Math.max(padH0, 0), Math.max(padH1, 0)], [Math.max(padW0, 0), Math.max(padW1, 0)], [0, 0]]);
  if (out.shape[1] === info.inHeight && out.shape[2] === info.inWidth) return out;
  return tf.slice(out, [0, Math.max(-padH0, 0), Math.max(-padW0, 0), 0], [-1, info.inHeight, info.inWidth, -1]);
}

/** [B, OH, OW, C] → [B, OH·sh, OW·sw, C] with dy at every stride-th position, zeros elsewhere. */
function stuffZeros(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [b, oh, ow, c] = dy.shape;
  const spread = tf.pad(tf.reshape(dy, [b, oh, 1, ow, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return tf.reshape(spread, [b, oh * sh, ow * sw, c]);
}

/** Padding before/after the stuffed dy so that a stride-1 conv with the effective kernel yields `inSize` rows. */
function sidePads(inSize: number, effectiveK: number, padBefore: number, stuffedSize: number): [number, number] {
  const before = effectiveK - 1 - padBefore;
  return [before, inSize + effectiveK - 1 - stuffedSize - before];
}

/** [KH, KW, ...] reversed along both spatial axes. */
export function flipSpatial(filter: tf.Tensor4D): tf.Tensor4D {
  return tf.reverse(filter, [0, 1]);
}
