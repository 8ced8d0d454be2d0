import * as tf from '@tensorflow/tfjs';
import type { DenseNet } from '../exits/dense-net';
import type { ExitHeadModel } from '../exits/head-model';
import { gateRows, type ExitSignals, type GateInputKind } from '../exits/gate-inputs';
import { summariseLogits, type LogitSummary } from './logit-summary';
import { scaleLogits } from '../calibration/temperature';
import { poolFeatures, type PoolingKind } from '../exits/pooling';
import type { SegmentRunner } from './segmented-backbone';

/**
 * How a sample decides to leave: learned gates above a threshold, or a classic rule on the exit's calibrated
 * softmax — max probability at least a threshold, normalised entropy at most one, or k consecutive exits agreeing.
 */
export type ExitRule = { kind: 'gates'; threshold: number } | { kind: 'max-softmax'; threshold: number } | { kind: 'entropy'; threshold: number } | { kind: 'patience'; k: number };

export interface EarlyExitModel {
  /** The backbone whole: what the full-model timing runs. */
  backbone?: tf.LayersModel;
  exitLayers: string[];
  heads: ExitHeadModel[];
  /** Learned gates (empty for the classic rules). */
  gates: DenseNet[];
  pooling: PoolingKind;
  grid: number;
  /** What the gates read (default `pooled`), as in the cached evaluation. */
  gateInput?: GateInputKind;
  /** The gates' threshold (default 0.5) when no `rule` is given. */
  threshold?: number;
  rule?: ExitRule;
  /** Per exit (the last included), the temperature its logits are divided by before any rule reads a probability. */
  temperatures?: number[];
}

/** Exit signals of the rows still in the batch, gathered from per-batch arrays indexed by the original row. */
function signalsOf(all: ExitSignals[], rows: Int32Array): ExitSignals[] {
  return all.map((s) => ({
    prediction: Int32Array.from(rows, (r) => s.prediction[r]),
    logOdds: Float32Array.from(rows, (r) => s.logOdds[r]),
    gap: Float32Array.from(rows, (r) => s.gap[r]),
    entropy: Float32Array.from(rows, (r) => s.entropy[r]),
  }));
}

/** This exit's calibrated summary of the rows still in the batch, spread over the whole batch into `history[k]`. */
function summarise(model: EarlyExitModel, k: number, logits: Float32Array, classes: number, history: ExitSignals[], rows: Int32Array, n: number): LogitSummary {
  const now = summariseLogits(scaleLogits(logits, model.temperatures?.[k] ?? 1), rows.length, classes, new Int32Array(rows.length));
  // Later exits gather these for the rows that stay (gate inputs, patience).
  const full: ExitSignals = { prediction: new Int32Array(n), logOdds: new Float32Array(n), gap: new Float32Array(n), entropy: new Float32Array(n) };
  rows.forEach((r, i) => {
    full.prediction[r] = now.prediction[i];
    full.logOdds[r] = now.logOdds[i];
    full.gap[r] = now.gap[i];
    full.entropy[r] = now.entropy[i];
  });
  history[k] = full;
  return now;
}

/**
 * The gate's input on the live path. Uncertainty features are computed from the logits read back, with the same
 * code as the cached evaluation (`gateRows`), so both decide alike to the last bit.
 */
async function gateInput(model: EarlyExitModel, k: number, act: tf.Tensor, pooled: tf.Tensor2D, history: ExitSignals[], rows: Int32Array): Promise<tf.Tensor2D> {
  const kind = model.gateInput ?? 'pooled';
  if (kind === 'pooled') return pooled.clone();
  if (kind === 'flatten') return act.reshape([act.shape[0], -1]);
  const d = pooled.shape[1];
  const pooledRows = kind === 'both' ? ((await pooled.data()) as Float32Array) : null;
  const x = gateRows(kind, pooledRows, d, signalsOf(history.slice(0, k + 1), rows), k, rows.length);
  return tf.tensor2d(x, [rows.length, x.length / Math.max(1, rows.length)]);
}

/** Which of the rows still in the batch leave at exit k under a classic rule. */
function ruleLeaves(rule: Exclude<ExitRule, { kind: 'gates' }>, k: number, now: LogitSummary, history: ExitSignals[], rows: Int32Array): boolean[] {
  if (rule.kind === 'max-softmax') return Array.from(now.maxProb, (p) => p >= rule.threshold);
  if (rule.kind === 'entropy') return Array.from(now.entropy, (h) => h <= rule.threshold);
  return Array.from(rows, (r, i) => {
    if (k + 1 < rule.k) return false;
    for (let j = k - rule.k + 1; j < k; j++) if (history[j].prediction[r] !== now.prediction[i]) return false;
    return true;
  });
}

export interface EarlyExitOutput {
  /** Predicted class per sample. */
  prediction: Int32Array;
  /** Calibrated softmax probability of that class at the exit taken. */
  confidence: Float32Array;
  /** Exit index per sample (the last = the backbone's classifier). */
  exit: Int32Array;
}

/**
 * Real early-exit inference on one batch: run a segment, let the samples the rule lets go leave with their head's
 * prediction, shrink the batch, go on. Every gate input and every rule of the cached evaluation is supported.
 */
export async function earlyExitBatch(model: EarlyExitModel, seg: SegmentRunner, x: tf.Tensor4D): Promise<EarlyExitOutput> {
  const n = x.shape[0];
  const prediction = new Int32Array(n);
  const confidence = new Float32Array(n);
  const exit = new Int32Array(n);
  let rows = Int32Array.from({ length: n }, (_, i) => i);
  let state = new Map<string, tf.Tensor>([[seg.inputName, x]]);
  const rule: ExitRule = model.rule ?? { kind: 'gates', threshold: model.threshold ?? 0.5 };
  const history: ExitSignals[] = [];
  try {
    for (let k = 0; k < seg.count && rows.length > 0; k++) {
      const isLast = k === seg.count - 1;
      // Outside tidy: the segment's outputs live in `state` until the batch shrinks.
      const act = seg.run(k, state);
      // Tensors made for this exit's decision, freed however it ends.
      const made: tf.Tensor[] = [];
      const keep = <T extends tf.Tensor>(t: T): T => {
        made.push(t);
        return t;
      };
      let now: LogitSummary;
      let leaves: boolean[] | null = null;
      try {
        // The last segment ends in the classifier: everyone left leaves there, no rule to ask.
        const pooled = isLast ? null : keep(poolFeatures(act as tf.Tensor4D, model.pooling, model.grid));
        const logits = pooled ? keep(model.heads[k].apply({ act: act as tf.Tensor4D, pooled })) : (act as tf.Tensor2D);
        now = summarise(model, k, (await logits.data()) as Float32Array, logits.shape[1], history, rows, n);
        if (pooled && rule.kind === 'gates') {
          const input = keep(await gateInput(model, k, act, pooled, history, rows));
          const z = keep(tf.tidy(() => model.gates[k].apply(input).reshape([-1])));
          // The sigmoid as predictGates takes it (float64, stored as float32), so both paths compare the same numbers.
          leaves = Array.from(await z.data(), (v) => Math.fround(1 / (1 + Math.exp(-v))) > rule.threshold);
        } else if (pooled && rule.kind !== 'gates') leaves = ruleLeaves(rule, k, now, history, rows);
      } finally {
        tf.dispose(made);
      }
      const stay: number[] = [];
      const next: number[] = [];
      for (let i = 0; i < rows.length; i++) {
        if (isLast || (leaves && leaves[i])) {
          prediction[rows[i]] = now.prediction[i];
          confidence[rows[i]] = now.maxProb[i];
          exit[rows[i]] = k;
        } else {
          stay.push(i);
          next.push(rows[i]);
        }
      }
      // Nobody left: the state goes on as it is (a gather of every row would copy every live activation for nothing).
      if (isLast || stay.length < rows.length) {
        const shrunk = !isLast && stay.length > 0 ? seg.shrink(k, state, Int32Array.from(stay)) : new Map<string, tf.Tensor>();
        // The input belongs to the caller; everything else in the old state was made here, and is copied or done with.
        for (const t of state.values()) if (t !== x) t.dispose();
        state = shrunk;
        rows = Int32Array.from(next);
      }
    }
  } finally {
    for (const t of state.values()) if (t !== x) t.dispose();
  }
  return { prediction, confidence, exit };
}
