import * as tf from '@tensorflow/tfjs';
import type { ExitPoints } from './block-exits';
import { bn, conv, globalAvgPool, linear, maxPool, relu } from './torch-layers';

/**
 * torchvision's DenseNet-121 (growth 32, blocks 6/12/24/16, bottleneck width 4·32, compression 0.5), NHWC.
 * Layer names are the state-dict prefixes (`features.conv0`, `features.denseblock2.denselayer3.norm1`,
 * `features.transition1.conv`, `features.norm5`, `classifier`). A dense block's output (its last concatenation)
 * is named `features.denseblockN`, a transition's output (its average pool) `features.transitionN`.
 */
const GROWTH = 32;
const BLOCKS = [6, 12, 24, 16];
const BN_SIZE = 4;
export const DENSENET121_EXITS = ['features.transition1', 'features.transition2', 'features.transition3', 'features.denseblock4'];
/** Inside a dense block, an exit after every fourth layer: each one alone adds too little to be worth a head. */
const EXIT_EVERY = 4;

/**
 * After the stem (`features.pool0`), every fourth dense layer and each block's end, and every transition. A dense
 * layer's output is its concatenation (`….denselayerL.cat`, the block's name for its last layer); the dense layer's
 * own name is accepted as an alias of it.
 */
export const DENSENET121_EXIT_POINTS: ExitPoints = (() => {
  const candidates = ['features.pool0'];
  const aliases: Record<string, string> = {};
  BLOCKS.forEach((layers, b) => {
    const block = `features.denseblock${b + 1}`;
    for (let l = 1; l <= layers; l++) {
      const out = l === layers ? block : `${block}.denselayer${l}.cat`;
      aliases[`${block}.denselayer${l}`] = out;
      if (l % EXIT_EVERY === 0 || l === layers) candidates.push(out);
    }
    if (b < BLOCKS.length - 1) candidates.push(`features.transition${b + 1}`);
  });
  return { candidates, aliases };
})();

function denseLayer(x: tf.SymbolicTensor, name: string, seed: number): tf.SymbolicTensor {
  let y = relu(bn(x, `${name}.norm1`), `${name}.relu1`);
  y = conv(y, `${name}.conv1`, { filters: BN_SIZE * GROWTH, kernel: 1, seed });
  y = relu(bn(y, `${name}.norm2`), `${name}.relu2`);
  return conv(y, `${name}.conv2`, { filters: GROWTH, kernel: 3, padding: 1, seed: seed + 1 });
}

export function buildDensenet121(seed: number, classes = 1000): tf.LayersModel {
  const input = tf.input({ shape: [224, 224, 3], name: 'input' });
  let x = conv(input, 'features.conv0', { filters: 64, kernel: 7, stride: 2, padding: 3, seed });
  x = maxPool(relu(bn(x, 'features.norm0'), 'features.relu0'), 'features.pool0', 3, 2, 1);
  let channels = 64;
  BLOCKS.forEach((layers, b) => {
    const block = `features.denseblock${b + 1}`;
    for (let l = 0; l < layers; l++) {
      const name = `${block}.denselayer${l + 1}`;
      const fresh = denseLayer(x, name, seed + 1000 * (b + 1) + 2 * l);
      x = tf.layers.concatenate({ name: l === layers - 1 ? block : `${name}.cat`, axis: -1 }).apply([x, fresh]) as tf.SymbolicTensor;
      channels += GROWTH;
    }
    if (b < BLOCKS.length - 1) {
      const t = `features.transition${b + 1}`;
      channels = Math.floor(channels / 2);
      x = conv(relu(bn(x, `${t}.norm`), `${t}.relu`), `${t}.conv`, { filters: channels, kernel: 1, seed: seed + 1000 * (b + 1) + 999 });
      x = tf.layers.averagePooling2d({ name: t, poolSize: 2, strides: 2, padding: 'valid' }).apply(x) as tf.SymbolicTensor;
    }
  });
  x = relu(bn(x, 'features.norm5'), 'relu');
  const logits = linear(globalAvgPool(x, 'avgpool'), 'classifier', classes, seed + 9999);
  return tf.model({ inputs: input, outputs: logits, name: 'densenet121' });
}
