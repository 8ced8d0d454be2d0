import { StoppedError } from '../train/fit-loop';
import { summaryTable } from '../evaluate/policy-summary';
import { round4 } from '../util/round';
import { sameExits } from './checkpoint';
import type { SweepBackbone } from './backbone-phase';
import type { SweepFeatures } from './features-phase';
import { fitExitPolicies, type FitResult } from './fit-exit-policies';
import { PhaseProgress } from './phase-progress';
import type { SweepRuntime } from './runtime-phase';
import type { SweepContext } from './sweep-context';
import type { SweepRecord } from './sweep-record';
import type { DeployedBackbone } from './transfer-phase';

/** What the first seed leaves for the per-sample records: which exit each test image left at, per α. */
export interface SeedsOutcome {
  first: FitResult;
  exitTaken: number[][];
  gateScores: number[][][];
}

const gateTargetText = (ctx: SweepContext) => {
  const { gateTarget, alphas } = ctx.config;
  if (gateTarget === 'auto') return 'P(correct) and P(safe) gates';
  return gateTarget === 'leenet' ? `gates with the LEENet loss for ${alphas.length} α values` : `P(${gateTarget}) gates`;
};

/**
 * Heads, classic rules and gates per α, once per seed (`--seeds`) on the same cached features. The first seed is the
 * run's own: its points stream out, it checkpoints, it is timed; every seed feeds the summary table's mean ± std.
 */
export async function seedsPhase(ctx: SweepContext, record: SweepRecord, backbone: SweepBackbone, deployed: DeployedBackbone, features: SweepFeatures, runtime: SweepRuntime): Promise<SeedsOutcome> {
  const { config } = ctx;
  const { exitLayers } = backbone;
  const exitTaken: number[][] = [];
  const gateScores: number[][][] = [];
  const perSeed: FitResult['figures'][] = [];
  const checkpoint = record.checkpoint && sameExits(record.checkpoint, exitLayers, config) ? record.checkpoint : null;
  let first: FitResult | null = null;
  let runtimeSeconds = 0;
  for (let repetition = 0; repetition < config.seeds; repetition++) {
    const tag = config.seeds > 1 ? ` (seed ${repetition + 1} of ${config.seeds})` : '';
    const live = repetition === 0;
    const headPhase = new PhaseProgress(ctx.emit, 'heads', `Training ${config.head} heads with cross-entropy${tag}`);
    let evalPhase: PhaseProgress | null = null;
    let gatePhase: PhaseProgress | null = null;
    let gatesStarted = 0;
    // A stop in the gates still counts the seconds they ran (with whatever early-exit timing ran among them).
    const countStoppedGates = (e: unknown) => {
      if (e instanceof StoppedError && gatesStarted) ctx.timings.gates = (ctx.timings.gates ?? 0) + (Date.now() - gatesStarted) / 1000;
      throw e;
    };
    const fit = await fitExitPolicies({
      config,
      repetition,
      backbone: deployed.model,
      exitLayers,
      ...features,
      signal: ctx.signal,
      runtime: live ? runtime.timer : null,
      resume: live ? checkpoint : null,
      onCheckpoint: live ? (b) => record.writeBundle(b) : undefined,
      profileBatch: runtime.profileBatch,
      latency: record.latency,
      backendName: record.backend,
      keepBundle: live,
      onHeadStep: (k, done, total, loss) => headPhase.step(done, total, live ? `head:${exitLayers[k]}` : undefined, live ? loss : undefined),
      onHeadsDone: async (reports, costs) => {
        ctx.timings.heads = (ctx.timings.heads ?? 0) + headPhase.seconds();
        if (live) {
          record.exits = [...exitLayers, 'final'].map((name, k) => ({ name, cost: round4(costs.fraction[k]) }));
          record.exitReports = reports;
          await record.save({ exits: record.exits, exitReports: reports });
        }
        evalPhase = new PhaseProgress(ctx.emit, 'evaluate', `Classic exit rules and the oracle on the cached outputs${tag}`);
      },
      onGatesStart: () => {
        ctx.timings.baselines = (ctx.timings.baselines ?? 0) + (evalPhase?.seconds() ?? 0);
        // The heads' checkpoint is on disk by now: the gates are someone else's (a queue fans the α values out).
        if (ctx.until === 'gates') throw new StoppedError();
        gatesStarted = Date.now();
        gatePhase = new PhaseProgress(ctx.emit, 'gates', `Training ${gateTargetText(ctx)}${tag}`);
      },
      onGateStep: (done, total, series, loss, parts) => gatePhase?.step(done, total, live ? series : undefined, live ? loss : undefined, live ? parts : undefined),
      onPoint: (p) => {
        record.points.push(p);
        ctx.emit({ type: 'point', point: p });
      },
      onAlphaDone: async (alpha, taken, probs) => {
        if (!live) return;
        record.alphasDone.push(alpha);
        exitTaken.push(Array.from(taken));
        gateScores.push(probs.map((g) => Array.from(g, round4)));
        await record.save();
      },
    }).catch(countStoppedGates);
    ctx.timings.gates = (ctx.timings.gates ?? 0) + (Date.now() - gatesStarted) / 1000 - fit.runtimeSeconds;
    runtimeSeconds += fit.runtimeSeconds;
    perSeed.push(fit.figures);
    if (fit.bundle) {
      // Export rebuilds a transfer run's backbone with the classifier it trained.
      if (deployed.classifier) {
        fit.bundle.meta.transfer = { ...backbone.classifier };
        fit.bundle.transfer = { ...deployed.classifier };
      }
      await record.writeBundle(fit.bundle);
    }
    if (!record.latency && fit.latency) {
      record.latency = fit.latency;
      await record.save({ latency: fit.latency });
    }
    first ??= fit;
  }
  // Reported apart: timing real early exit is a measurement, not part of fitting the gates.
  ctx.timings.runtime = runtimeSeconds;
  record.summary = summaryTable(perSeed, 'final', features.test.n);
  return { first: first!, exitTaken, gateScores };
}
