import * as tf from '@tensorflow/tfjs';
import type { DenseNet } from '../exits/dense-net';
import { poolFeatures, type PoolingKind } from '../exits/pooling';
import { SegmentedBackbone } from './segmented-backbone';

export interface EarlyExitModel {
  backbone: tf.LayersModel;
  exitLayers: string[];
  heads: DenseNet[];
  gates: DenseNet[];
  pooling: PoolingKind;
  grid: number;
  threshold?: number;
}

export interface EarlyExitOutput {
  /** Predicted class per sample. */
  prediction: Int32Array;
  /** Exit index per sample (the last = the backbone's classifier). */
  exit: Int32Array;
}

/**
 * Real early-exit inference on one batch: run a segment, let the samples whose gate exceeds the threshold leave
 * with their head's prediction, shrink the batch, go on. Only the pooled-feature gate input is supported here
 * (the default); the others need the head's output or the raw activation first, which this path also computes.
 */
export async function earlyExitBatch(model: EarlyExitModel, seg: SegmentedBackbone, x: tf.Tensor4D): Promise<EarlyExitOutput> {
  const n = x.shape[0];
  const prediction = new Int32Array(n);
  const exit = new Int32Array(n);
  let rows = Int32Array.from({ length: n }, (_, i) => i);
  let state = new Map<string, tf.Tensor>([[model.backbone.inputLayers[0].name, x]]);
  const threshold = model.threshold ?? 0.5;
  for (let k = 0; k < seg.count && rows.length > 0; k++) {
    const isLast = k === seg.count - 1;
    // Outside tidy: the segment's outputs live in `state` until the batch shrinks.
    const act = seg.run(k, state);
    // The last segment ends in the classifier: everyone left leaves there, no gate to ask.
    const pooled = isLast ? null : poolFeatures(act as tf.Tensor4D, model.pooling, model.grid);
    const pred = tf.tidy(() => (pooled ? model.heads[k].apply(pooled) : act).argMax(1));
    const leave = pooled ? tf.tidy(() => tf.sigmoid(model.gates[k].apply(pooled)).reshape([-1]).greater(threshold)) : null;
    pooled?.dispose();
    const [p, l] = await Promise.all([pred.data(), leave ? leave.data() : Promise.resolve(null)]);
    tf.dispose(leave ? [pred, leave] : [pred]);
    const stay: number[] = [];
    const next: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      if (isLast || (l && l[i])) {
        prediction[rows[i]] = p[i];
        exit[rows[i]] = k;
      } else {
        stay.push(i);
        next.push(rows[i]);
      }
    }
    const old = state;
    state = new Map();
    if (!isLast && stay.length > 0) {
      const keep = tf.tensor1d(stay, 'int32');
      state = seg.shrink(k, old, keep);
      keep.dispose();
    }
    // The input belongs to the caller; everything else in the old state was made here, and is copied or done with.
    for (const t of old.values()) if (t !== x) t.dispose();
    rows = Int32Array.from(next);
  }
  for (const t of state.values()) if (t !== x) t.dispose();
  return { prediction, exit };
}

export interface RuntimeMeasurement {
  /** Wall-clock ms per image, early exit (batch-shrinking) and the full backbone on the same batches. */
  earlyMsPerImage: number;
  fullMsPerImage: number;
  /** full / early: the speedup actually measured. */
  speedup: number;
  images: number;
  batchSize: number;
}

/**
 * Times early exit against the plain backbone on the same inputs. Each batch runs `repeats` times, alternating the
 * two paths, and the fastest of each is kept: other work on the machine only ever adds time, so the minimum is the
 * steadiest estimate of what the code itself costs. A warm-up run of each path is not counted.
 */
export async function measureRuntime(model: EarlyExitModel, batches: tf.Tensor4D[], repeats = 3): Promise<RuntimeMeasurement> {
  const seg = new SegmentedBackbone(model.backbone, model.exitLayers);
  const full = async (x: tf.Tensor4D) => {
    const y = model.backbone.predict(x) as tf.Tensor;
    await y.data();
    y.dispose();
  };
  const time = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };
  await earlyExitBatch(model, seg, batches[0]);
  await full(batches[0]);
  let early = 0;
  let plain = 0;
  let images = 0;
  for (const x of batches) {
    let bestEarly = Infinity;
    let bestFull = Infinity;
    for (let r = 0; r < repeats; r++) {
      bestEarly = Math.min(bestEarly, await time(() => earlyExitBatch(model, seg, x)));
      bestFull = Math.min(bestFull, await time(() => full(x)));
    }
    early += bestEarly;
    plain += bestFull;
    images += x.shape[0];
  }
  return { earlyMsPerImage: early / images, fullMsPerImage: plain / images, speedup: plain / early, images, batchSize: batches[0].shape[0] };
}
