import type * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import type { SweepConfig } from '../config';
import { loadDataset } from '../data/load-dataset';
import type { ImageDataset } from '../data/types';
import { pooledSize } from '../exits/pooling';
import { pretrainedPath } from '../weights/pretrained';
import { backboneSpec, type BackboneSpec } from './catalog';
import { resolveExitPoints } from './exit-points';
import { forwardBatchSize } from './preprocess';
import { knownThroughput, modelForShapes, type Throughput } from './throughput';
import { classifierOf } from './transfer';
import { runtimeSampleSizes } from '../evaluate/runtime-timer';
import { makeSplit } from '../data/split';
import { trainedBackboneSource } from './provide';

export interface RunEstimate {
  /** Expected wall-clock seconds of the whole sweep on this machine's backend. */
  seconds: number;
  /** Expected peak memory of the engine, in bytes. */
  bytes: number;
  /** What dominates and what to do about it, one sentence each. */
  notes: string[];
  /** Seconds per phase. */
  phases: Record<string, number>;
  images: { train: number; val: number; test: number };
  throughput: Throughput;
}

export interface EstimateOptions {
  cacheDir: string;
  /** The dataset, if already loaded (otherwise its size is looked up or it is scanned). */
  dataset?: ImageDataset;
}

/** Official sizes, so a dataset that is not downloaded yet can still be estimated. */
const KNOWN_SIZES: Record<string, { train: number; test: number; classes: number; inMemoryBytes: number }> = {
  mnist: { train: 60_000, test: 10_000, classes: 10, inMemoryBytes: 70_000 * 784 },
  'fashion-mnist': { train: 60_000, test: 10_000, classes: 10, inMemoryBytes: 70_000 * 784 },
  cifar10: { train: 50_000, test: 10_000, classes: 10, inMemoryBytes: 60_000 * 3072 },
  cifar100: { train: 50_000, test: 10_000, classes: 100, inMemoryBytes: 60_000 * 3072 },
  imagenette: { train: 9_469, test: 3_925, classes: 10, inMemoryBytes: 0 },
};

/** A training step costs this many forward passes (measured on wasm: 3.7× for ResNet-20, 5× for ResNet-56). */
const TRAIN_COST = 4.5;
/**
 * Per training step and per exit, what dispatching the small dense ops costs beyond their FLOPs (measured on wasm:
 * heads about 1.8 ms, gates about 0.7 ms): for heads and gates this, not arithmetic, dominates.
 */
const HEAD_STEP_SECONDS = 0.0018;
const GATE_STEP_SECONDS = 0.0007;
/** Node, the engine and tfjs with its wasm heap before any data: measured at about 170 MB. */
const PROCESS_BYTES = 170e6;
/** The pooled features are read by heads, calibration and gates in copies (logits, summaries, gate inputs). */
const FEATURE_WORKING_SET = 1.4;

/** Per-image cost of decoding, resizing and cropping a 426×320 JPEG in pure JS (measured: 29 ms). */
const DECODE_SECONDS = 0.03;

const shapesMemo = new Map<string, { exitShapes: number[][]; penultimate: number; classes: number }>();

async function modelShapes(spec: BackboneSpec, exits: string[], getModel: () => Promise<tf.LayersModel>) {
  const key = `${spec.name}|${exits.join(',')}`;
  const hit = shapesMemo.get(key);
  if (hit) return hit;
  const model = await getModel();
  const head = classifierOf(model, spec);
  const dims = (name: string) => (model.getLayer(name).outputShape as number[]).slice(1);
  const v = { exitShapes: resolveExitPoints(spec, model, exits).map(dims), penultimate: dims(head.penultimate).reduce((a, b) => a * b, 1), classes: model.outputs[0].shape[1] as number };
  shapesMemo.set(key, v);
  return v;
}

async function datasetSize(config: SweepConfig, dataset?: ImageDataset) {
  const kind = config.dataset.split(':')[0];
  if (dataset) {
    const streamed = !!dataset.train.read;
    return { train: dataset.train.count, test: dataset.test?.count ?? 0, classes: dataset.classNames.length, inMemoryBytes: streamed ? 0 : dataset.train.images.length + (dataset.test?.images.length ?? 0), streamed };
  }
  const known = KNOWN_SIZES[kind];
  if (known) return { ...known, streamed: kind === 'imagenette' };
  const ds = await loadDataset(config.dataset, { download: false });
  return { train: ds.train.count, test: ds.test?.count ?? 0, classes: ds.classNames.length, inMemoryBytes: 0, streamed: true };
}

/** Whether trained weights for this run's split exist already (the split is made as the sweep makes it). */
async function readyBackbone(config: SweepConfig, spec: BackboneSpec, dataset: ImageDataset, cacheDir: string): Promise<'shipped' | 'cache' | null> {
  const split = makeSplit(dataset, { seed: config.seed, valShare: config.valShare, mode: config.splitMode, limit: config.limit, perClass: config.perClass });
  return trainedBackboneSource({ spec, dataset, trainIdx: split.train, seed: config.seed, epochs: config.epochs.backbone, cacheDir });
}

const fmtFlops = (f: number) => (f >= 1e8 ? `${(f / 1e9).toFixed(2)} GFLOPs` : `${(f / 1e6).toFixed(1)} MFLOPs`);

const fmtTime = (s: number) => (s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);

/**
 * Time and memory a sweep will take here, before it starts: the backbone's forward throughput measured on the
 * active backend (once, then remembered), the split sizes, and the exits' feature sizes. Training from scratch is
 * counted as TRAIN_COST forward passes per image and epoch; heads and gates by their FLOPs at the rate the backbone achieved.
 */
export async function estimateRun(config: SweepConfig, opts: EstimateOptions): Promise<RunEstimate> {
  const spec = backboneSpec(config.backbone);
  const exits = config.exits.length ? config.exits : spec.exits;
  const size = await datasetSize(config, opts.dataset);
  const hasTest = size.test > 0 && config.splitMode === 'official';
  let pool = hasTest ? size.train : Math.round(size.train * 0.8);
  let test = hasTest ? size.test : size.train - pool;
  if (config.perClass !== undefined) {
    pool = Math.min(pool, config.perClass * size.classes);
    test = Math.min(test, config.perClass * size.classes);
  }
  if (config.limit !== undefined) {
    pool = Math.min(pool, config.limit);
    test = Math.min(test, config.limit);
  }
  const val = Math.round(pool * config.valShare);
  const train = pool - val;
  // Built at most once, and only when neither the throughput nor the shapes are known yet.
  let model: tf.LayersModel | undefined;
  const getModel = async () => (model ??= await modelForShapes(spec));
  let throughput: Throughput;
  let shapes: Awaited<ReturnType<typeof modelShapes>>;
  try {
    throughput = await knownThroughput(spec, opts.cacheDir, getModel);
    shapes = await modelShapes(spec, exits, getModel);
  } finally {
    model?.dispose();
  }
  const ips = throughput.imagesPerSecond;
  const flopRate = throughput.flopsPerImage * ips;
  const images = train + val + test;
  const dims = shapes.exitShapes.map((s) => pooledSize(config.pooling, config.poolGrid, s));
  const sumDims = dims.reduce((a, b) => a + b, 0);
  // A classifier for other classes is replaced (ImageNet weights on CIFAR); weights for the dataset's own classes are kept.
  const transfer = shapes.classes !== size.classes;
  const trainable = !config.weights && !spec.needsWeights && !spec.modelDir;
  // Shipped or cached weights for exactly this split: nothing to train (needs the data to know the split).
  const ready = trainable && opts.dataset ? await readyBackbone(config, spec, opts.dataset, opts.cacheDir) : null;
  const trainsBackbone = trainable && !ready;
  const phases: Record<string, number> = {};
  const notes: string[] = [];
  if (trainsBackbone) phases.backbone = (TRAIN_COST * config.epochs.backbone * train) / ips;
  phases.features = images / ips + (size.streamed ? images * DECODE_SECONDS : 0);
  const hidden = config.head === 'mlp' ? 128 : 0;
  const headFlops = (d: number) => 6 * (hidden ? d * hidden + hidden * size.classes : d * size.classes);
  // Heads and gates are retrained once per seed; shared gate models (auto: two) train once for every α.
  const headSteps = config.seeds * config.epochs.heads * Math.ceil(train / 256);
  phases.heads = (config.seeds * config.epochs.heads * train * dims.reduce((a, d) => a + headFlops(d), 0)) / flopRate + headSteps * dims.length * HEAD_STEP_SECONDS;
  if (transfer) phases.transfer = (config.epochs.heads * train * headFlops(shapes.penultimate)) / flopRate;
  const gateRows = config.gateSplit === 'train' ? train : val;
  const gateModels = config.gateTarget === 'leenet' ? config.alphas.length : config.gateTarget === 'auto' ? 2 : 1;
  const gateSteps = config.seeds * gateModels * config.epochs.gates * Math.ceil(gateRows / 512);
  phases.gates = (config.seeds * gateModels * config.epochs.gates * gateRows * 6 * sumDims) / flopRate + gateSteps * dims.length * GATE_STEP_SECONDS;
  // As the sweep times it: the latency profile (four passes of one batch through segments and the whole model), the
  // plain backbone once (a warm-up and two timed passes, batched and one image at a time), and per α the same for
  // early exit, which costs about half the full model at the budgets users pick.
  const sizes = runtimeSampleSizes(forwardBatchSize(spec.input));
  const timedImages = 3 * (Math.min(test, sizes.images) + Math.min(test, sizes.single));
  phases.runtime = (8 * sizes.batch + timedImages + config.alphas.length * 0.5 * timedImages) / ips;
  const seconds = Object.values(phases).reduce((a, b) => a + b, 0);

  const featureBytes = 4 * images * (sumDims + (transfer ? shapes.penultimate : 0) + (config.gateInput === 'flatten' ? shapes.exitShapes.reduce((a, s) => a + s.reduce((p, d) => p * d, 1), 0) : 0));
  const weightBytes = 4 * throughput.params * (trainsBackbone ? 4 : 1.1);
  const activationBytes = 3 * forwardBatchSize(spec.input) * throughput.peakActivationBytes;
  const bytes = PROCESS_BYTES + size.inMemoryBytes + FEATURE_WORKING_SET * featureBytes + weightBytes + activationBytes;

  notes.push(`${spec.name} runs at ${ips.toFixed(ips < 10 ? 1 : 0)} images/s on ${throughput.backend} (${fmtFlops(throughput.flopsPerImage)} per image).`);
  notes.push(`The frozen backbone sees ${images.toLocaleString('en')} images once (${train} train, ${val} validation, ${test} test): ${fmtTime(phases.features)}.`);
  if (phases.backbone) notes.push(`Training ${spec.name} on the split first (${config.epochs.backbone} epochs${opts.dataset ? '' : ', unless cached'}): ${fmtTime(phases.backbone)}.`);
  if (ready) notes.push(`Trained ${spec.name} weights for this split are ${ready === 'shipped' ? 'shipped with the workbench' : 'cached'}: no backbone training.`);
  if (spec.needsWeights && !config.weights && !existsSync(pretrainedPath(spec, opts.cacheDir))) {
    notes.push(`Its ImageNet weights (${Math.round((throughput.params * 4) / 1e6)} MB) are downloaded first, once.`);
  }
  if (transfer) notes.push(`A new ${size.classes}-class classifier is trained on its frozen features (transfer step).`);
  if (size.streamed) notes.push('Images are decoded from disk batch by batch; only the pooled features stay in memory.');
  if (seconds > 3600 && config.limit === undefined) notes.push(`That is long on this machine: --limit N (e.g. ${Math.max(100, Math.round((images * 600) / seconds / 2))}) sweeps a subset in about 10 minutes.`);
  if (featureBytes > 4e9) notes.push(`The cached features need ${(featureBytes / 1e9).toFixed(1)} GB: --pooling gap or fewer exits make them much smaller.`);
  return { seconds, bytes, notes, phases, images: { train, val, test }, throughput };
}

/** The estimate as the CLI prints it before a sweep. */
export function describeEstimate(e: RunEstimate): string {
  const mb = e.bytes / 1e6;
  const memory = mb >= 1000 ? `${(mb / 1000).toFixed(1)} GB` : `${Math.round(mb)} MB`;
  return [`Estimate: about ${fmtTime(e.seconds)} and ${memory} of memory.`, ...e.notes.map((n) => `  ${n}`)].join('\n');
}
