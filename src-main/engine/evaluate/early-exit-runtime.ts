import * as tf from '@tensorflow/tfjs';
import type { DenseNet } from '../exits/dense-net';
import type { GateInputKind } from '../exits/gate-inputs';
import { poolFeatures, type PoolingKind } from '../exits/pooling';
import { SegmentedBackbone } from './segmented-backbone';

export interface EarlyExitModel {
  backbone: tf.LayersModel;
  exitLayers: string[];
  heads: DenseNet[];
  gates: DenseNet[];
  pooling: PoolingKind;
  grid: number;
  /** What the gates read (default `pooled`), as in the cached evaluation. */
  gateInput?: GateInputKind;
  threshold?: number;
}

/** The gate's input on the live path, built exactly as `buildGateInputs` builds it from the cache. */
function gateInput(kind: GateInputKind, act: tf.Tensor, pooled: tf.Tensor2D, headLogits: tf.Tensor2D): tf.Tensor2D {
  if (kind === 'pooled') return pooled;
  if (kind === 'flatten') return act.reshape([act.shape[0], -1]);
  const classes = headLogits.shape[1];
  const logp = tf.logSoftmax(headLogits);
  const p = tf.exp(logp);
  const entropy = tf.neg(tf.sum(tf.mul(p, logp), 1, true)).div(classes > 1 ? Math.log(classes) : 1);
  const { values } = tf.topk(p, Math.min(2, classes));
  const [top1, top2] = tf.split(values, values.shape[1], 1);
  return tf.concat([pooled, top1, entropy, top2 ? top1.sub(top2) : tf.zerosLike(top1)], 1) as tf.Tensor2D;
}

export interface EarlyExitOutput {
  /** Predicted class per sample. */
  prediction: Int32Array;
  /** Exit index per sample (the last = the backbone's classifier). */
  exit: Int32Array;
}

/**
 * Real early-exit inference on one batch: run a segment, let the samples whose gate exceeds the threshold leave
 * with their head's prediction, shrink the batch, go on. Every gate input of the cached evaluation is supported.
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
    const logits = pooled ? model.heads[k].apply(pooled) : act;
    const pred = tf.tidy(() => logits.argMax(1));
    const leave = pooled
      ? tf.tidy(() => {
          const input = gateInput(model.gateInput ?? 'pooled', act, pooled, logits as tf.Tensor2D);
          return tf.sigmoid(model.gates[k].apply(input)).reshape([-1]).greater(threshold);
        })
      : null;
    if (pooled) tf.dispose([pooled, logits]);
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
