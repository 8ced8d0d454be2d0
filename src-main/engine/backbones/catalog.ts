import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/types';
import { layerParams } from '../exits/costs';
import { buildMnistSmall, MNIST_SMALL_EXITS } from './mnist-small';

export interface BackboneSpec {
  name: string;
  description: string;
  /** [height, width, channels] the backbone takes. */
  input: [number, number, number];
  /** Exit-point presets: layer names whose output an exit head can read. */
  exits: string[];
  /** Epochs when the engine trains it itself. */
  defaultEpochs: number;
  build: (seed: number, classes: number) => tf.LayersModel;
  /** uint8 pixels of the chosen samples → the backbone's input tensor. */
  makeInput: (set: ImageSet, idx: Int32Array) => tf.Tensor4D;
}

/** Scales uint8 pixels to [0, 1] as a [B, H, W, C] tensor; the set must already have the backbone's shape. */
export function unitScaledInput(h: number, w: number, c: number) {
  return (set: ImageSet, idx: Int32Array): tf.Tensor4D => {
    const size = h * w * c;
    if (set.images.length !== set.count * size) {
      throw new Error(`Images are not ${h}×${w}×${c}: this backbone needs inputs of that shape.`);
    }
    const out = new Float32Array(idx.length * size);
    for (let i = 0; i < idx.length; i++) {
      const src = set.images.subarray(idx[i] * size, idx[i] * size + size);
      const row = i * size;
      for (let j = 0; j < size; j++) out[row + j] = src[j] / 255;
    }
    return tf.tensor4d(out, [idx.length, h, w, c]);
  };
}

const BACKBONES: BackboneSpec[] = [
  {
    name: 'mnist-small',
    description: 'ResNet-style CNN for 28×28 grey images: three residual stages (8/16/32 channels).',
    input: [28, 28, 1],
    exits: [...MNIST_SMALL_EXITS],
    defaultEpochs: 3,
    build: buildMnistSmall,
    makeInput: unitScaledInput(28, 28, 1),
  },
];

export function backboneSpec(name: string): BackboneSpec {
  const spec = BACKBONES.find((b) => b.name === name);
  if (!spec) throw new Error(`Unknown backbone "${name}". Available: ${BACKBONES.map((b) => b.name).join(', ')}.`);
  return spec;
}

export interface BackboneDescriptor {
  name: string;
  description: string;
  input: [number, number, number];
  exits: string[];
  params: number;
}

/** What the UI and `leenet info` show of each backbone. */
export function listBackbones(): BackboneDescriptor[] {
  return BACKBONES.map((b) => {
    const model = b.build(0, 10);
    const params = model.layers.reduce((a, l) => a + layerParams(l), 0);
    model.dispose();
    return { name: b.name, description: b.description, input: b.input, exits: b.exits, params };
  });
}

export interface DatasetDescriptor {
  /** Spec prefix: `mnist`, or `fashion-mnist` which takes `:DIR`. */
  name: string;
  description: string;
  needsDir: boolean;
}

export function listDatasets(): DatasetDescriptor[] {
  return [
    { name: 'mnist', description: 'MNIST handwritten digits, shipped with the app (60k train / 10k test).', needsDir: false },
    {
      name: 'fashion-mnist',
      description: 'Fashion-MNIST: a folder with the four IDX files (raw or .gz).',
      needsDir: true,
    },
  ];
}
