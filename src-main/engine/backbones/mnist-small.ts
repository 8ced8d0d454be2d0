import * as tf from '@tensorflow/tfjs';

/**
 * `mnist-small`: a ResNet-style CNN for 28×28×1 inputs. Three stages of one residual block each
 * (8, 16, 32 channels; the last two halve the resolution), then global average pooling and the classifier.
 * Layer names are stable: exit points and cached weights refer to them.
 */
export const MNIST_SMALL_STAGES = [
  { name: 'stage1', channels: 8, stride: 1 },
  { name: 'stage2', channels: 16, stride: 2 },
  { name: 'stage3', channels: 32, stride: 2 },
] as const;

export const MNIST_SMALL_EXITS = MNIST_SMALL_STAGES.map((s) => s.name);
/**
 * The preset exits: the stem and the middle of the first block too, because a first exit at the end of stage 1
 * costs 41 % of the model and caps every speedup at 2.4× (the stem exit costs 3 % and gets 96 % right on MNIST).
 */
export const MNIST_SMALL_PRESET_EXITS = ['stem', 'stage1_relu1', ...MNIST_SMALL_EXITS];
/** The stem, then inside each block (after its first convolution) and at its end. */
export const MNIST_SMALL_EXIT_CANDIDATES = ['stem', ...MNIST_SMALL_STAGES.flatMap((s) => [`${s.name}_relu1`, s.name])];

function convBn(x: tf.SymbolicTensor, name: string, filters: number, kernel: number, stride: number, seed: number) {
  const conv = tf.layers
    .conv2d({
      name: `${name}_conv`,
      filters,
      kernelSize: kernel,
      strides: stride,
      padding: 'same',
      useBias: false,
      kernelInitializer: tf.initializers.heNormal({ seed }),
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.layers.batchNormalization({ name: `${name}_bn`, momentum: 0.9, epsilon: 1e-5 }).apply(conv) as tf.SymbolicTensor;
}

function residualBlock(x: tf.SymbolicTensor, name: string, filters: number, stride: number, inChannels: number, seed: number) {
  const a = tf.layers.reLU({ name: `${name}_relu1` }).apply(convBn(x, `${name}_a`, filters, 3, stride, seed)) as tf.SymbolicTensor;
  const b = convBn(a, `${name}_b`, filters, 3, 1, seed + 1);
  const shortcut = stride === 1 && inChannels === filters ? x : convBn(x, `${name}_proj`, filters, 1, stride, seed + 2);
  const sum = tf.layers.add({ name: `${name}_add` }).apply([b, shortcut]) as tf.SymbolicTensor;
  // The stage's output layer carries the stage name so exits can find it.
  return tf.layers.reLU({ name }).apply(sum) as tf.SymbolicTensor;
}

export function buildMnistSmall(seed: number, numClasses = 10): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1], name: 'input' });
  let x = tf.layers.reLU({ name: 'stem' }).apply(convBn(input, 'stem', 8, 3, 1, seed)) as tf.SymbolicTensor;
  let channels = 8;
  MNIST_SMALL_STAGES.forEach((stage, i) => {
    x = residualBlock(x, stage.name, stage.channels, stage.stride, channels, seed + 10 * (i + 1));
    channels = stage.channels;
  });
  const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ name: 'classifier', units: numClasses, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }) })
    .apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'mnist-small' });
}
