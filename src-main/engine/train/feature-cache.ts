import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/types';
import { poolFeatures, pooledSize, type PoolingKind } from '../exits/pooling';
import { throwIfAborted } from './fit-loop';

/** Everything the later phases need from one pass of the frozen backbone over one split. */
export interface SplitFeatures {
  n: number;
  labels: Int32Array;
  /** Indices into the dataset set these samples came from. */
  indices: Int32Array;
  /** Pooled activation at each early exit, row-major [n, dims[k]]. */
  features: Float32Array[];
  dims: number[];
  /** Flattened raw activation at each early exit (only when a gate needs it), row-major [n, rawDims[k]]. */
  raw: Float32Array[] | null;
  rawDims: number[];
  /** The backbone's own classifier, row-major [n, classes]. */
  finalLogits: Float32Array;
  classes: number;
}

export interface FeatureOptions {
  exitLayers: string[];
  pooling: PoolingKind;
  grid: number;
  keepRaw: boolean;
  batchSize?: number;
  /** Converts a batch of samples to the backbone's input tensor (scaling, normalisation, resizing). */
  makeInput: (set: ImageSet, idx: Int32Array) => tf.Tensor4D;
  onBatch?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** A model that returns the activation at every exit layer and the final logits, sharing one forward pass. */
export function exitModel(backbone: tf.LayersModel, exitLayers: string[]): tf.LayersModel {
  const outputs = [...exitLayers.map((name) => backbone.getLayer(name).output as tf.SymbolicTensor), backbone.outputs[0]];
  return tf.model({ inputs: backbone.inputs, outputs });
}

export async function extractFeatures(backbone: tf.LayersModel, set: ImageSet, indices: Int32Array, opts: FeatureOptions): Promise<SplitFeatures> {
  const model = exitModel(backbone, opts.exitLayers);
  const n = indices.length;
  const shapes = opts.exitLayers.map((name) => (backbone.getLayer(name).outputShape as number[]).slice(1));
  const dims = shapes.map((s) => pooledSize(opts.pooling, opts.grid, s));
  const rawDims = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const classes = (backbone.outputs[0].shape[1] ?? 0) as number;
  const features = dims.map((d) => new Float32Array(n * d));
  const raw = opts.keepRaw ? rawDims.map((d) => new Float32Array(n * d)) : null;
  const finalLogits = new Float32Array(n * classes);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = set.labels[indices[i]];
  const batchSize = opts.batchSize ?? 256;
  const batches = Math.ceil(n / batchSize);
  for (let b = 0; b < batches; b++) {
    throwIfAborted(opts.signal);
    const start = b * batchSize;
    const idx = indices.subarray(start, Math.min(n, start + batchSize));
    const outs = tf.tidy(() => {
      const acts = model.predict(opts.makeInput(set, idx)) as tf.Tensor[];
      const pooled = opts.exitLayers.map((_, k) => poolFeatures(acts[k] as tf.Tensor4D, opts.pooling, opts.grid));
      const flat = raw ? opts.exitLayers.map((_, k) => acts[k].reshape([idx.length, -1])) : [];
      return [...pooled, ...flat, acts[acts.length - 1]];
    });
    const data = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(outs);
    dims.forEach((d, k) => features[k].set(data[k], start * d));
    if (raw) rawDims.forEach((d, k) => raw[k].set(data[dims.length + k], start * d));
    finalLogits.set(data[data.length - 1], start * classes);
    opts.onBatch?.(b + 1, batches);
    if (b % 4 === 3) await new Promise((r) => setImmediate(r));
  }
  return { n, labels, indices, features, dims, raw, rawDims, finalLogits, classes };
}
