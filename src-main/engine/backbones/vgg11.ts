import * as tf from '@tensorflow/tfjs';
import { conv, linear, maxPool, relu } from './torch-layers';

/**
 * torchvision's VGG-11 (configuration "A", no batch norm), NHWC, at 224×224 where its AdaptiveAvgPool2d(7) is the
 * identity. Layer names are torchvision's `features.N` / `classifier.N` indices; the five pooling layers
 * (`features.2`, `.5`, `.10`, `.15`, `.20`) are the exit presets.
 */
const CFG: (number | 'M')[] = [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'];
export const VGG11_EXITS = ['features.2', 'features.5', 'features.10', 'features.15', 'features.20'];
/**
 * After every convolution: its ReLU, or the pooling layer that follows it (as cheap, with a quarter of the features).
 * Indexed as the builder below indexes the layers.
 */
export const VGG11_EXIT_CANDIDATES: string[] = [];
for (let c = 0, i = 0; c < CFG.length; c++) {
  if (CFG[c] === 'M') VGG11_EXIT_CANDIDATES.push(`features.${i}`);
  else if (CFG[c + 1] !== 'M') VGG11_EXIT_CANDIDATES.push(`features.${i + 1}`);
  i += CFG[c] === 'M' ? 1 : 2;
}

export function buildVgg11(seed: number, classes = 1000): tf.LayersModel {
  const input = tf.input({ shape: [224, 224, 3], name: 'input' });
  let x: tf.SymbolicTensor = input;
  let i = 0;
  for (const v of CFG) {
    if (v === 'M') {
      x = maxPool(x, `features.${i}`, 2, 2);
      i += 1;
    } else {
      x = relu(conv(x, `features.${i}`, { filters: v, kernel: 3, padding: 1, bias: true, seed: seed + i }), `features.${i + 1}`);
      i += 2;
    }
  }
  // PyTorch flattens channels first: permuting to NCHW makes classifier.0 a plain transpose of torchvision's weight.
  x = tf.layers.permute({ name: 'to_nchw', dims: [3, 1, 2] }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  x = relu(linear(x, 'classifier.0', 4096, seed + 100), 'classifier.1');
  x = tf.layers.dropout({ name: 'classifier.2', rate: 0.5, seed: seed + 101 }).apply(x) as tf.SymbolicTensor;
  x = relu(linear(x, 'classifier.3', 4096, seed + 102), 'classifier.4');
  x = tf.layers.dropout({ name: 'classifier.5', rate: 0.5, seed: seed + 103 }).apply(x) as tf.SymbolicTensor;
  const logits = linear(x, 'classifier.6', classes, seed + 104);
  return tf.model({ inputs: input, outputs: logits, name: 'vgg11' });
}
