import * as tf from '@tensorflow/tfjs';
import { batchOf } from '../data/batches';
import type { ImageSet } from '../data/types';
import { poolFeatures, pooledSize, type PoolingKind } from '../exits/pooling';

/** What decides which arrays a backbone pass yields and their widths. */
export interface PassOptions {
  exitLayers: string[];
  pooling: PoolingKind;
  grid: number;
  keepRaw: boolean;
  /** Also keep this layer's output (the transfer step trains a new classifier on it). */
  penultimate?: string;
}

/** The arrays of one pass: `arrays` lists every one a batch yields, in the order batches and stores hold them. */
export interface PassLayout {
  dims: number[];
  rawDims: number[];
  rawShapes: [number, number, number][];
  classes: number;
  penultimateDim: number;
  /** exit0…, raw0… (with keepRaw), final, penultimate (when asked for). */
  arrays: { name: string; dim: number }[];
}

export function passLayout(backbone: tf.LayersModel, opts: PassOptions): PassLayout {
  const shapes = opts.exitLayers.map((name) => (backbone.getLayer(name).outputShape as number[]).slice(1));
  const dims = shapes.map((s) => pooledSize(opts.pooling, opts.grid, s));
  const rawDims = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const rawShapes = shapes.map(([h, w, c]) => [h, w, c] as [number, number, number]);
  const classes = (backbone.outputs[0].shape[1] ?? 0) as number;
  const penultimateDim = opts.penultimate ? (backbone.getLayer(opts.penultimate).outputShape as number[]).slice(1).reduce((a, b) => a * b, 1) : 0;
  const arrays = [
    ...dims.map((dim, k) => ({ name: `exit${k}`, dim })),
    ...(opts.keepRaw ? rawDims.map((dim, k) => ({ name: `raw${k}`, dim })) : []),
    { name: 'final', dim: classes },
    ...(opts.penultimate ? [{ name: 'penultimate', dim: penultimateDim }] : []),
  ];
  return { dims, rawDims, rawShapes, classes, penultimateDim, arrays };
}

/** A model that returns the activation at every exit layer and the final logits, sharing one forward pass. */
export function exitModel(backbone: tf.LayersModel, exitLayers: string[], penultimate?: string): tf.LayersModel {
  const extra = penultimate ? [backbone.getLayer(penultimate).output as tf.SymbolicTensor] : [];
  const outputs = [...exitLayers.map((name) => backbone.getLayer(name).output as tf.SymbolicTensor), backbone.outputs[0], ...extra];
  return tf.model({ inputs: backbone.inputs, outputs });
}

export interface BatchOptions extends PassOptions {
  batchSize: number;
  /** Converts a batch of samples to the backbone's input tensor (scaling, normalisation, resizing). */
  makeInput: (set: ImageSet, idx: Int32Array) => tf.Tensor4D;
}

/**
 * Runs the backbone on batch b of `indices` (rows b·batchSize …): that batch's rows of every array of `passLayout`,
 * in its order. A batch's outputs depend only on its own rows, so any process computing batch b gets the same bits.
 */
export function batchRunner(backbone: tf.LayersModel, set: ImageSet, indices: Int32Array, opts: BatchOptions): (b: number) => Promise<Float32Array[]> {
  const model = exitModel(backbone, opts.exitLayers, opts.penultimate);
  const lastExit = opts.exitLayers.length;
  return async (b) => {
    const start = b * opts.batchSize;
    // A set streamed from disk decodes just this batch here.
    const batch = await batchOf(set, indices.subarray(start, Math.min(indices.length, start + opts.batchSize)));
    const rows = batch.idx.length;
    const outs = tf.tidy(() => {
      const acts = model.predict(opts.makeInput(batch.set, batch.idx)) as tf.Tensor[];
      const pooled = opts.exitLayers.map((_, k) => poolFeatures(acts[k] as tf.Tensor4D, opts.pooling, opts.grid));
      const flat = opts.keepRaw ? opts.exitLayers.map((_, k) => acts[k].reshape([rows, -1])) : [];
      const extra = opts.penultimate ? [acts[lastExit + 1].reshape([rows, -1])] : [];
      return [...pooled, ...flat, acts[lastExit], ...extra];
    });
    try {
      return await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
    } finally {
      tf.dispose(outs);
    }
  };
}
