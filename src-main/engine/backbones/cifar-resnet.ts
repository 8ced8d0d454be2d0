import * as tf from '@tensorflow/tfjs';
import { residualStageExits, type ExitPoints } from './block-exits';
import { ChannelPadShortcut } from './channel-pad-shortcut';
import { bn, conv, globalAvgPool, linear, relu } from './torch-layers';

/**
 * The CIFAR ResNets of He et al. (2016) as in the widely used PyTorch implementation (akamaster/pytorch_resnet_cifar10):
 * a 3×3 stem of 16 channels, three stages of n basic blocks with 16/32/64 channels (depth 6n + 2), parameter-free
 * "option A" shortcuts, global average pooling and `linear`. Layer names are the state-dict prefixes
 * (`conv1`, `bn1`, `layer1.0.conv1`, …, `linear`); a stage's last block output is named after the stage (`layer1`).
 */
export const CIFAR_RESNET_DEPTHS = [20, 32, 44, 56] as const;
export type CifarResnetDepth = (typeof CIFAR_RESNET_DEPTHS)[number];
export const CIFAR_RESNET_EXITS = ['layer1', 'layer2', 'layer3'];

/** After the stem (`relu`) and after every block; `layerS.(n-1)` is an alias of `layerS`. */
export function cifarResnetExitPoints(depth: CifarResnetDepth): ExitPoints {
  const n = (depth - 2) / 6;
  const blocks = residualStageExits([n, n, n]);
  return { candidates: ['relu', ...blocks.candidates], aliases: blocks.aliases };
}

function basicBlock(x: tf.SymbolicTensor, name: string, out: string, inPlanes: number, planes: number, stride: number, seed: number) {
  let y = relu(bn(conv(x, `${name}.conv1`, { filters: planes, kernel: 3, stride, padding: 1, seed }), `${name}.bn1`), `${name}.relu1`);
  y = bn(conv(y, `${name}.conv2`, { filters: planes, kernel: 3, padding: 1, seed: seed + 1 }), `${name}.bn2`);
  const shortcut =
    stride !== 1 || inPlanes !== planes ? (new ChannelPadShortcut({ name: `${name}.shortcut`, pad: planes / 4 }).apply(x) as tf.SymbolicTensor) : x;
  const sum = tf.layers.add({ name: `${name}.add` }).apply([y, shortcut]) as tf.SymbolicTensor;
  return relu(sum, out);
}

export function buildCifarResnet(depth: CifarResnetDepth, seed: number, classes = 10): tf.LayersModel {
  const n = (depth - 2) / 6;
  const input = tf.input({ shape: [32, 32, 3], name: 'input' });
  let x = relu(bn(conv(input, 'conv1', { filters: 16, kernel: 3, padding: 1, seed }), 'bn1'), 'relu');
  let inPlanes = 16;
  [16, 32, 64].forEach((planes, s) => {
    for (let b = 0; b < n; b++) {
      const name = `layer${s + 1}.${b}`;
      const stride = s > 0 && b === 0 ? 2 : 1;
      x = basicBlock(x, name, b === n - 1 ? `layer${s + 1}` : name, inPlanes, planes, stride, seed + 100 * (s + 1) + 2 * b);
      inPlanes = planes;
    }
  });
  const logits = linear(globalAvgPool(x, 'avgpool'), 'linear', classes, seed + 999);
  return tf.model({ inputs: input, outputs: logits, name: `resnet${depth}` });
}
