import * as tf from '@tensorflow/tfjs';
import { batchOf } from '../data/batches';
import type { ImageDataset, ImageSet } from '../data/types';
import { throwIfAborted } from '../train/fit-loop';
import { Rng } from '../util/rng';
import type { BackboneSpec } from './catalog';
import { forwardBatchSize } from './preprocess';

export type EvalSplit = 'test' | 'train';

export interface BackboneEvaluation {
  accuracy: number;
  n: number;
  correct: number;
  /** Which set was read: `test`, or `train` (also for a single-split image folder, read whole). */
  split: EvalSplit;
  /** How the 1000-way ImageNet classifier was scored on an ImageNet subset, if it was. */
  classMap: 'imagenet-subset' | null;
  seconds: number;
  imagesPerSecond: number;
}

export interface EvalOptions {
  split?: EvalSplit;
  /** At most this many samples, a seeded class-balanced choice. */
  limit?: number;
  /** At most this many samples of each class. */
  perClass?: number;
  seed?: number;
  onBatch?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** A seeded subset: at most `perClass` of each class, then at most `limit` in all, drawn round-robin over classes. */
export function evalSubset(set: ImageSet, opts: Pick<EvalOptions, 'limit' | 'perClass' | 'seed'>): Int32Array {
  const rng = new Rng(opts.seed ?? 0);
  const byClass = new Map<number, number[]>();
  for (const i of rng.permutation(set.count)) {
    const l = set.labels[i];
    const list = byClass.get(l) ?? [];
    if (opts.perClass === undefined || list.length < opts.perClass) list.push(i);
    byClass.set(l, list);
  }
  const lists = [...byClass.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
  const out: number[] = [];
  const limit = opts.limit ?? Infinity;
  for (let round = 0; out.length < limit && lists.some((l) => round < l.length); round++) {
    for (const l of lists) if (round < l.length && out.length < limit) out.push(l[round]);
  }
  return Int32Array.from(out).sort();
}

/**
 * Top-1 accuracy of the backbone's own classifier. A 1000-way ImageNet classifier on an ImageNet subset
 * (Imagenette) is scored among that subset's classes only; any other class-count mismatch has no answer here.
 */
export async function evaluateBackbone(model: tf.LayersModel, spec: BackboneSpec, dataset: ImageDataset, opts: EvalOptions = {}): Promise<BackboneEvaluation> {
  const split: EvalSplit = opts.split === 'train' || !dataset.test ? 'train' : 'test';
  const set = split === 'test' ? dataset.test! : dataset.train;
  const classes = model.outputs[0].shape[1] as number;
  const own = dataset.classNames.length;
  const subset = classes !== own && classes === 1000 && dataset.imagenetIndex ? dataset.imagenetIndex : null;
  if (classes !== own && !subset) {
    throw new Error(
      `${spec.name}'s classifier has ${classes} classes and ${dataset.name} has ${own}: its own classifier cannot be scored here. A sweep trains a new one on its frozen features (the transfer step).`,
    );
  }
  const idx = evalSubset(set, opts);
  const batch = forwardBatchSize(spec.input);
  const batches = Math.ceil(idx.length / batch);
  const started = performance.now();
  let correct = 0;
  const pick = subset ? tf.tensor1d(subset, 'int32') : null;
  try {
    for (let b = 0; b < batches; b++) {
      throwIfAborted(opts.signal);
      const part = await batchOf(set, idx.subarray(b * batch, (b + 1) * batch));
      const pred = tf.tidy(() => {
        const logits = model.predict(spec.makeInput(part.set, part.idx)) as tf.Tensor2D;
        return (pick ? tf.gather(logits, pick, 1) : logits).argMax(1);
      });
      const p = await pred.data();
      pred.dispose();
      for (let i = 0; i < part.idx.length; i++) if (p[i] === part.set.labels[part.idx[i]]) correct++;
      opts.onBatch?.(b + 1, batches);
    }
  } finally {
    pick?.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return { accuracy: idx.length ? correct / idx.length : 0, n: idx.length, correct, split, classMap: subset ? 'imagenet-subset' : null, seconds, imagesPerSecond: idx.length / Math.max(seconds, 1e-9) };
}
