import * as tf from '@tensorflow/tfjs';

/**
 * tf.layers building blocks that compute exactly what their PyTorch counterparts compute, named so that a layer's
 * name is its torchvision state-dict prefix (`layer1.0.conv1` ↔ `layer1.0.conv1.weight`).
 */

export interface ConvArgs {
  filters: number;
  kernel: number;
  stride?: number;
  /** PyTorch's symmetric zero padding. */
  padding?: number;
  bias?: boolean;
  seed: number;
}

/**
 * Conv2d with PyTorch's padding. TF's 'same' pads asymmetrically when the stride is 2 (0 before, 1 after), which
 * shifts every window by a pixel against the PyTorch weights, so anything but stride 1 with (k-1)/2 padding gets
 * an explicit ZeroPadding2D and a 'valid' convolution.
 */
export function conv(x: tf.SymbolicTensor, name: string, a: ConvArgs): tf.SymbolicTensor {
  const stride = a.stride ?? 1;
  const pad = a.padding ?? 0;
  const same = stride === 1 && 2 * pad === a.kernel - 1;
  const input = same || pad === 0 ? x : (tf.layers.zeroPadding2d({ name: `${name}.pad`, padding: pad }).apply(x) as tf.SymbolicTensor);
  return tf.layers
    .conv2d({
      name,
      filters: a.filters,
      kernelSize: a.kernel,
      strides: stride,
      padding: same ? 'same' : 'valid',
      useBias: a.bias ?? false,
      kernelInitializer: tf.initializers.heNormal({ seed: a.seed }),
    })
    .apply(input) as tf.SymbolicTensor;
}

/** BatchNorm2d with PyTorch's epsilon (1e-5) and its momentum 0.1 (TF counts momentum the other way round). */
export function bn(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers.batchNormalization({ name, momentum: 0.9, epsilon: 1e-5 }).apply(x) as tf.SymbolicTensor;
}

export function relu(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers.reLU({ name }).apply(x) as tf.SymbolicTensor;
}

/**
 * MaxPool2d(kernel, stride, padding). Zero padding stands in for PyTorch's -inf padding: every caller pools a ReLU
 * output (≥ 0) and each window holds at least one real value, so the maximum is the same.
 */
export function maxPool(x: tf.SymbolicTensor, name: string, kernel: number, stride: number, padding = 0): tf.SymbolicTensor {
  const input = padding ? (tf.layers.zeroPadding2d({ name: `${name}.pad`, padding }).apply(x) as tf.SymbolicTensor) : x;
  return tf.layers.maxPooling2d({ name, poolSize: kernel, strides: stride, padding: 'valid' }).apply(input) as tf.SymbolicTensor;
}

export function linear(x: tf.SymbolicTensor, name: string, units: number, seed: number): tf.SymbolicTensor {
  return tf.layers.dense({ name, units, kernelInitializer: tf.initializers.glorotUniform({ seed }) }).apply(x) as tf.SymbolicTensor;
}

export function globalAvgPool(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers.globalAveragePooling2d({ name }).apply(x) as tf.SymbolicTensor;
}
