import * as tf from '@tensorflow/tfjs';
import { residualStageExits, type ExitPoints } from './block-exits';
import { bn, conv, globalAvgPool, linear, maxPool, relu } from './torch-layers';

/**
 * torchvision's ResNet-50 (v1.5: the stride sits on the 3×3 convolution of a bottleneck), NHWC. Layer names are
 * the torchvision state-dict prefixes (`conv1`, `layer3.4.bn2`, `layer2.0.downsample.0`, `fc`); a stage's last
 * bottleneck output is named after the stage (`layer1` … `layer4`), the exit presets.
 */
export const RESNET50_EXITS = ['layer1', 'layer2', 'layer3', 'layer4'];
const STAGES = [
  { blocks: 3, planes: 64, stride: 1 },
  { blocks: 4, planes: 128, stride: 2 },
  { blocks: 6, planes: 256, stride: 2 },
  { blocks: 3, planes: 512, stride: 2 },
];
const EXPANSION = 4;

/** After the stem (`maxpool`) and after every bottleneck; `layerS.<last>` is an alias of `layerS`. */
export const RESNET50_EXIT_POINTS: ExitPoints = (() => {
  const blocks = residualStageExits(STAGES.map((s) => s.blocks));
  return { candidates: ['maxpool', ...blocks.candidates], aliases: blocks.aliases };
})();

function bottleneck(x: tf.SymbolicTensor, name: string, out: string, inPlanes: number, planes: number, stride: number, seed: number) {
  let y = relu(bn(conv(x, `${name}.conv1`, { filters: planes, kernel: 1, seed }), `${name}.bn1`), `${name}.relu1`);
  y = relu(bn(conv(y, `${name}.conv2`, { filters: planes, kernel: 3, stride, padding: 1, seed: seed + 1 }), `${name}.bn2`), `${name}.relu2`);
  y = bn(conv(y, `${name}.conv3`, { filters: planes * EXPANSION, kernel: 1, seed: seed + 2 }), `${name}.bn3`);
  const shortcut =
    stride !== 1 || inPlanes !== planes * EXPANSION
      ? bn(conv(x, `${name}.downsample.0`, { filters: planes * EXPANSION, kernel: 1, stride, seed: seed + 3 }), `${name}.downsample.1`)
      : x;
  return relu(tf.layers.add({ name: `${name}.add` }).apply([y, shortcut]) as tf.SymbolicTensor, out);
}

export function buildResnet50(seed: number, classes = 1000): tf.LayersModel {
  const input = tf.input({ shape: [224, 224, 3], name: 'input' });
  let x = relu(bn(conv(input, 'conv1', { filters: 64, kernel: 7, stride: 2, padding: 3, seed }), 'bn1'), 'relu');
  x = maxPool(x, 'maxpool', 3, 2, 1);
  let inPlanes = 64;
  STAGES.forEach((stage, s) => {
    for (let b = 0; b < stage.blocks; b++) {
      const name = `layer${s + 1}.${b}`;
      const out = b === stage.blocks - 1 ? `layer${s + 1}` : name;
      x = bottleneck(x, name, out, inPlanes, stage.planes, b === 0 ? stage.stride : 1, seed + 100 * (s + 1) + 4 * b);
      inPlanes = stage.planes * EXPANSION;
    }
  });
  const logits = linear(globalAvgPool(x, 'avgpool'), 'fc', classes, seed + 999);
  return tf.model({ inputs: input, outputs: logits, name: 'resnet50' });
}
