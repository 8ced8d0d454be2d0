import type { EvalSplit } from '../evaluate/baselines';
import { evaluateDecisions, toPoint } from '../evaluate/metrics';
import type { DenseNet } from '../exits/dense-net';
import { gateDecisions } from '../policies/exit-rules';
import { gateThresholds } from '../policies/operating-points';
import type { GateModelTarget, PolicyBundleContent } from '../runs/policy-bundle';
import type { FrontierPoint } from '../sweep-types';
import { GATE_BATCH, predictGates, trainGates } from '../train/train-gates';
import { addGateModel, savedGates } from './checkpoint';
import type { FitContext } from './fit-context';
import type { TrainedExits } from './heads-phase';

/** One trained set of gates with its probabilities on both splits and its validation threshold candidates. */
export interface GateModel {
  target: GateModelTarget;
  gates: DenseNet[];
  val: Float32Array[];
  test: Float32Array[];
  thresholds: number[];
}

/** Val and test points of one operating point, kept as a pair so the envelope chosen on val marks both. */
export interface PointPair {
  val: FrontierPoint;
  test: FrontierPoint;
}

/** Where each gate model's training lands in the gates phase's progress: model m of `models`. */
export interface GateSlot {
  m: number;
  models: number;
}

/**
 * Trains one gate model — the shared `correct`/`safe` model, or α's LEENet-loss gates — or reads it back from the
 * checkpoint; adds it to the bundle (checkpointing when it was trained) and predicts both splits.
 */
export async function trainGateModel(ctx: FitContext, exits: TrainedExits, bundle: PolicyBundleContent | null, target: GateModelTarget, alpha: number, slot: GateSlot): Promise<GateModel> {
  const { config } = ctx;
  const { fit } = exits.summaries;
  const inputs = exits.gateInputs;
  const last = fit[fit.length - 1].correct;
  // `safe`: leaving at k loses nothing against the last exit — right there, or the last exit is wrong anyway.
  const labels = (t: 'correct' | 'safe') => fit.slice(0, -1).map((s) => (t === 'safe' ? s.correct.map((c, i) => (c || !last[i] ? 1 : 0)) : s.correct));
  const steps = config.epochs.gates * Math.ceil(inputs.fit.n / GATE_BATCH);
  const modelAlpha = target === 'leenet' ? alpha : null;
  const saved = ctx.resume ? savedGates(ctx.resume, target, modelAlpha) : null;
  const gates =
    saved ??
    (await trainGates(
      inputs.fit,
      fit.map((s) => s.ce),
      {
        target: target === 'leenet' ? 'leenet' : 'correct',
        correct: target === 'leenet' ? undefined : labels(target),
        alpha,
        costs: exits.costs.normalised,
        epochs: config.epochs.gates,
        seed: config.seed + 2 + 1000 * ctx.repetition,
        onProgress: (done, _total, loss, parts) => ctx.onGateStep?.(slot.m * steps + done, steps * slot.models, target === 'leenet' ? `gate:α=${alpha}` : `gate:P(${target})`, loss, parts),
        signal: ctx.signal,
      },
    ));
  const val = await predictGates(gates, inputs.val);
  const model: GateModel = { target, gates, val, test: await predictGates(gates, inputs.test), thresholds: gateThresholds(val) };
  if (bundle) {
    await addGateModel(bundle, target, modelAlpha, gates, { val: model.val, test: model.test });
    if (!saved) await ctx.onCheckpoint?.(bundle);
  }
  return model;
}

/** One gate model at one threshold, scored on validation and test. */
export function evaluatePair(model: GateModel, alpha: number, threshold: number, curve: boolean, splits: { val: EvalSplit; test: EvalSplit }, costs: readonly number[]): PointPair {
  const point = (split: EvalSplit, probs: Float32Array[]): FrontierPoint => {
    const outcome = evaluateDecisions(gateDecisions(probs, split.n, threshold), split.summaries.map((s) => s.correct), costs);
    return { ...toPoint('leenet', alpha, split.name, outcome), threshold, gateModel: model.target, ...(curve ? { curve: true } : {}) };
  };
  return { val: point(splits.val, model.val), test: point(splits.test, model.test) };
}
