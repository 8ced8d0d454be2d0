import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/types';
import { layerParams } from '../exits/costs';
import { buildCifarResnet, CIFAR_RESNET_DEPTHS, CIFAR_RESNET_EXITS, cifarResnetExitPoints } from './cifar-resnet';
import { buildDensenet121, DENSENET121_EXIT_POINTS, DENSENET121_EXITS } from './densenet121';
import { DECLARED_EXIT_COSTS } from './declared-exit-costs';
import { buildMnistSmall, MNIST_SMALL_EXIT_CANDIDATES, MNIST_SMALL_PRESET_EXITS } from './mnist-small';
import { CIFAR_32, IMAGENET_224, normalisedInput, unitScaledInput, type Preprocessing } from './preprocess';
import { buildResnet50, RESNET50_EXIT_POINTS, RESNET50_EXITS } from './resnet50';
import { tfjsBackboneSpec } from './tfjs-backbone';
import { isBackboneName } from './names';
import { buildVgg11, VGG11_EXIT_CANDIDATES, VGG11_EXITS } from './vgg11';

export { unitScaledInput };

/** Where an architecture's pretrained weights can be fetched from, as a PyTorch state dict in safetensors. */
export interface PretrainedSource {
  url: string;
  /** Classes of the published classifier (1000 for ImageNet). */
  classes: number;
  /** Pinned SHA-256 of the file where known; otherwise the hub's own content hash is checked. */
  sha256?: string;
}

export interface BackboneSpec {
  name: string;
  description: string;
  /** [height, width, channels] the backbone takes. */
  input: [number, number, number];
  /** Exit-point presets: layer names whose output an exit head can read. */
  exits: string[];
  /**
   * Where exits may go, in depth order, presets included: what `leenet info` and the setup form offer (any other layer
   * name is still accepted). Absent: every layer with a 4-D output (see `exit-points.ts`).
   */
  exitCandidates?: string[];
  /** Other names for candidates, e.g. a stage's last block under its block name (`layer1.2` for `layer1`). */
  exitAliases?: Record<string, string>;
  /** Each candidate's share of the FLOPs where building the model just to list them is slow (a test checks each). */
  exitCosts?: Record<string, number>;
  /** Epochs when the engine trains it itself. */
  defaultEpochs: number;
  build: (seed: number, classes: number) => tf.LayersModel;
  /** uint8 pixels of the chosen samples → the backbone's input tensor. */
  makeInput: (set: ImageSet, idx: Int32Array) => tf.Tensor4D;
  /** Resize/crop/normalisation it expects; absent: pixels scaled to [0, 1] at the input size. */
  preprocess?: Preprocessing;
  /** Trainable parameters as PyTorch counts them (declared so listing needs no model; a test checks each). */
  params?: number;
  /** The final classifier's layer and the layer feeding it: the transfer step retrains one on the other. */
  classifier?: string;
  penultimate?: string;
  /** Too big to train from scratch on a CPU: the engine needs pretrained weights. */
  needsWeights?: boolean;
  pretrained?: PretrainedSource;
  /** State-dict names other checkpoints use for this architecture's layers (e.g. timm's VGG head). */
  keyAliases?: Record<string, string>;
  /** A LayersModel folder on disk (`tfjs:DIR`): loaded, never built. */
  modelDir?: string;
}

/** The public hub's copies of torchvision's weights (timm `*.tv_in1k`); `$LEENET_HUB_URL` points at a mirror. */
const hub = (repo: string) => `${process.env.LEENET_HUB_URL ?? 'https://huggingface.co'}/timm/${repo}/resolve/main/model.safetensors`;

const CIFAR_RESNET_PARAMS: Record<(typeof CIFAR_RESNET_DEPTHS)[number], number> = { 20: 269_722, 32: 464_154, 44: 658_586, 56: 853_018 };

const BACKBONES: BackboneSpec[] = [
  {
    name: 'mnist-small',
    description: 'ResNet-style CNN for 28×28 grey images: three residual stages (8/16/32 channels).',
    input: [28, 28, 1],
    exits: [...MNIST_SMALL_PRESET_EXITS],
    exitCandidates: MNIST_SMALL_EXIT_CANDIDATES,
    defaultEpochs: 3,
    build: buildMnistSmall,
    makeInput: unitScaledInput(28, 28, 1),
    classifier: 'classifier',
    penultimate: 'pool',
  },
  ...CIFAR_RESNET_DEPTHS.map(
    (depth): BackboneSpec => ({
      name: `resnet${depth}`,
      description: `CIFAR ResNet-${depth} (He et al.): 32×32 RGB, three stages of ${(depth - 2) / 6} basic blocks (16/32/64 channels), option-A shortcuts.`,
      input: [32, 32, 3],
      exits: [...CIFAR_RESNET_EXITS],
      exitCandidates: cifarResnetExitPoints(depth).candidates,
      exitAliases: cifarResnetExitPoints(depth).aliases,
      defaultEpochs: 10,
      build: (seed, classes) => buildCifarResnet(depth, seed, classes),
      makeInput: normalisedInput(CIFAR_32, 3),
      preprocess: CIFAR_32,
      params: CIFAR_RESNET_PARAMS[depth],
      classifier: 'linear',
      penultimate: 'avgpool',
    }),
  ),
  {
    name: 'resnet50',
    description: 'torchvision ResNet-50 (ImageNet, 224×224): exits after layer1-4. Needs pretrained weights.',
    input: [224, 224, 3],
    exits: [...RESNET50_EXITS],
    exitCandidates: RESNET50_EXIT_POINTS.candidates,
    exitAliases: RESNET50_EXIT_POINTS.aliases,
    exitCosts: DECLARED_EXIT_COSTS.resnet50,
    defaultEpochs: 1,
    build: buildResnet50,
    makeInput: normalisedInput(IMAGENET_224, 3),
    preprocess: IMAGENET_224,
    params: 25_557_032,
    classifier: 'fc',
    penultimate: 'avgpool',
    needsWeights: true,
    pretrained: { url: hub('resnet50.tv_in1k'), classes: 1000 },
  },
  {
    name: 'vgg11',
    description: 'torchvision VGG-11 (ImageNet, 224×224): exits at the five pooling stages. Needs pretrained weights.',
    input: [224, 224, 3],
    exits: [...VGG11_EXITS],
    exitCandidates: VGG11_EXIT_CANDIDATES,
    exitCosts: DECLARED_EXIT_COSTS.vgg11,
    defaultEpochs: 1,
    build: buildVgg11,
    makeInput: normalisedInput(IMAGENET_224, 3),
    preprocess: IMAGENET_224,
    params: 132_863_336,
    classifier: 'classifier.6',
    penultimate: 'classifier.4',
    needsWeights: true,
    pretrained: { url: hub('vgg11.tv_in1k'), classes: 1000 },
    keyAliases: { 'pre_logits.fc1': 'classifier.0', 'pre_logits.fc2': 'classifier.3', 'head.fc': 'classifier.6' },
  },
  {
    name: 'densenet121',
    description: 'torchvision DenseNet-121 (ImageNet, 224×224): exits after each transition and the last dense block. Needs pretrained weights.',
    input: [224, 224, 3],
    exits: [...DENSENET121_EXITS],
    exitCandidates: DENSENET121_EXIT_POINTS.candidates,
    exitAliases: DENSENET121_EXIT_POINTS.aliases,
    exitCosts: DECLARED_EXIT_COSTS.densenet121,
    defaultEpochs: 1,
    build: buildDensenet121,
    makeInput: normalisedInput(IMAGENET_224, 3),
    preprocess: IMAGENET_224,
    params: 7_978_856,
    classifier: 'classifier',
    penultimate: 'avgpool',
    needsWeights: true,
    pretrained: { url: hub('densenet121.tv_in1k'), classes: 1000 },
  },
];

export const BACKBONE_NAMES = BACKBONES.map((b) => b.name);
export { isBackboneName };

export function backboneSpec(name: string): BackboneSpec {
  if (name.startsWith('tfjs:')) return tfjsBackboneSpec(name.slice('tfjs:'.length));
  const spec = BACKBONES.find((b) => b.name === name);
  if (!spec) throw new Error(`Unknown backbone "${name}". Available: ${BACKBONE_NAMES.join(', ')}, or tfjs:DIR (a LayersModel folder).`);
  return spec;
}

/** Trainable parameters of a built model, as PyTorch counts them. */
export function countParams(model: tf.LayersModel): number {
  return model.layers.reduce((a, l) => a + layerParams(l), 0);
}

export interface BackboneDescriptor {
  name: string;
  description: string;
  input: [number, number, number];
  exits: string[];
  params: number;
}

/** What the UI and `leenet info` show of each backbone (the big ones are not built just to be listed). */
export function listBackbones(): BackboneDescriptor[] {
  return BACKBONES.map((b) => {
    let params = b.params;
    if (params === undefined) {
      const model = b.build(0, 10);
      params = countParams(model);
      model.dispose();
    }
    return { name: b.name, description: b.description, input: b.input, exits: b.exits, params };
  });
}

export interface DatasetDescriptor {
  /** Spec prefix: `mnist`, or e.g. `cifar10` which takes `:DIR`. */
  name: string;
  description: string;
  needsDir: boolean;
  /** The images it brings [height, width, channels]; null where they are decoded at the backbone's own size. */
  images: [number, number, number] | null;
}

export function listDatasets(): DatasetDescriptor[] {
  return [
    { name: 'mnist', description: 'MNIST handwritten digits, shipped with the app (60k train / 10k test).', needsDir: false, images: [28, 28, 1] },
    { name: 'fashion-mnist', description: 'Fashion-MNIST: a folder with the four IDX files (raw or .gz).', needsDir: true, images: [28, 28, 1] },
    { name: 'cifar10', description: 'CIFAR-10 binary version: data_batch_1..5.bin, test_batch.bin, batches.meta.txt (downloaded when missing and online).', needsDir: true, images: [32, 32, 3] },
    { name: 'cifar100', description: 'CIFAR-100 binary version: train.bin, test.bin, fine_label_names.txt (fine labels; downloaded when missing and online).', needsDir: true, images: [32, 32, 3] },
    { name: 'imagefolder', description: 'Images in class folders (JPEG/PNG): DIR/<class>/*, or DIR/train + DIR/val (or test).', needsDir: true, images: null },
    { name: 'imagenette', description: 'Imagenette (10 ImageNet classes, imagenette2-320): DIR/{train,val}/<wnid>/*.JPEG (downloaded when missing and online).', needsDir: true, images: null },
  ];
}
