import type { EvalSplit } from '../evaluate/baselines';
import type { RuntimeMeasurement } from '../evaluate/runtime-timer';
import { gateDecisions } from '../policies/exit-rules';
import { markEnvelope, objectiveThreshold } from '../policies/operating-points';
import type { PolicyBundleContent } from '../runs/policy-bundle';
import type { FrontierPoint } from '../sweep-types';
import { throwIfAborted } from '../train/fit-loop';
import type { FitContext } from './fit-context';
import { evaluatePair, trainGateModel, type GateModel, type PointPair } from './gate-models';
import type { TrainedExits } from './heads-phase';

/** The shared gate models a target trains once for every α; `leenet` trains its own per α instead. */
function sharedTargets(gateTarget: FitContext['config']['gateTarget']): ('correct' | 'safe')[] {
  if (gateTarget === 'auto') return ['correct', 'safe'];
  return gateTarget === 'leenet' ? [] : [gateTarget];
}

/**
 * Gates per α: train (or share) the gate model, sweep its threshold on validation, pick α's operating point, time
 * it as real early exit, and announce the points — per α, so a stop keeps every finished one. Returns the seconds
 * spent timing.
 */
export async function gatesPhase(ctx: FitContext, exits: TrainedExits, splits: { val: EvalSplit; test: EvalSplit }, bundle: PolicyBundleContent | null, emit: (p: FrontierPoint) => void): Promise<number> {
  const { config } = ctx;
  const costs = exits.costs;
  const shareable = sharedTargets(config.gateTarget);
  const models = shareable.length || config.alphas.length;
  const valCe = exits.summaries.val.map((s) => s.ce);
  const learned: PointPair[] = [];
  const timed = new Map<string, RuntimeMeasurement>();
  const shared: GateModel[] = [];
  let announced = 0;
  let runtimeSeconds = 0;
  const train = async (target: GateModel['target'], alpha: number, m: number) => {
    const model = await trainGateModel(ctx, exits, bundle, target, alpha, { m, models });
    // A threshold sweep per gate model: one curve per shared model, one per α for LEENet gates.
    for (const t of model.thresholds) learned.push(evaluatePair(model, alpha, t, true, splits, costs.fraction));
    return model;
  };
  try {
    for (const [a, alpha] of config.alphas.entries()) {
      // Shared gates train once: without this check a stop would wait for every α's evaluation.
      throwIfAborted(ctx.signal);
      if (shareable.length && !shared.length) for (const [m, target] of shareable.entries()) shared.push(await train(target, alpha, m));
      const own = shareable.length ? null : await train('leenet', alpha, a);
      let taken: { exits: Int32Array; probs: Float32Array[] };
      try {
        // α's operating point: the seed's 0.5 for its own LEENet gates; else the (model, threshold) minimising the
        // LEENet objective on validation.
        let chosen = { model: own ?? shared[0], threshold: 0.5, loss: Infinity };
        if (!own) {
          for (const model of shared) {
            const o = objectiveThreshold(model.val, valCe, costs.normalised, alpha, model.thresholds);
            if (o.loss < chosen.loss) chosen = { model, ...o };
          }
        }
        const { model, threshold } = chosen;
        const pair = evaluatePair(model, alpha, threshold, false, splits, costs.fraction);
        if (ctx.runtime) {
          const started = Date.now();
          // α values that pick the same gates and threshold share one measurement.
          const key = `${model.target}:${own ? alpha : ''}:${threshold}`;
          let r = timed.get(key);
          if (!r) {
            r = await ctx.runtime.measure({ backbone: ctx.backbone, exitLayers: ctx.exitLayers, heads: exits.heads, gates: model.gates, pooling: config.pooling, grid: config.poolGrid, gateInput: config.gateInput, threshold, temperatures: exits.temperatures });
            timed.set(key, r);
          }
          const single = r.single ? { earlyMsPerImage: r.single.earlyMsPerImage, fullMsPerImage: r.single.fullMsPerImage, speedup: r.single.speedup, images: r.single.images } : null;
          pair.test.runtime = { earlyMsPerImage: r.earlyMsPerImage, fullMsPerImage: r.fullMsPerImage, speedup: r.speedup, images: r.images, batchSize: r.batchSize, single };
          runtimeSeconds += (Date.now() - started) / 1000;
        }
        learned.push(pair);
        markEnvelope(learned);
        taken = { exits: gateDecisions(model.test, ctx.test.n, threshold), probs: model.test };
      } finally {
        own?.gates.forEach((g) => g.dispose());
      }
      // The envelope flags settle as more points arrive.
      for (const p of learned.slice(announced)) [p.val, p.test].forEach(emit);
      announced = learned.length;
      await ctx.onAlphaDone?.(alpha, taken.exits, taken.probs);
    }
  } finally {
    shared.forEach((m) => m.gates.forEach((g) => g.dispose()));
  }
  return runtimeSeconds;
}
