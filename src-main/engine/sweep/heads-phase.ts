import type * as tf from '@tensorflow/tfjs';
import { calibrateExits, type SplitLogits } from '../calibration/calibrate-exits';
import { latencyCosts, type LatencyProfile } from '../budget/latency-profile';
import type { LogitSummary } from '../evaluate/logit-summary';
import { profileLatency } from '../evaluate/profile-latency';
import { SegmentedBackbone } from '../evaluate/segmented-backbone';
import { DenseNet } from '../exits/dense-net';
import { exitCosts, type ExitCosts } from '../exits/exit-costs';
import { buildGateInputs, type GateInputs } from '../exits/gate-inputs';
import type { ExitHeadModel } from '../exits/head-model';
import type { ExitReport } from '../sweep-types';
import type { SplitFeatures } from '../train/feature-cache';
import { predictExitHeads, trainExitHeads } from '../train/train-exit-heads';
import { headsFrom } from './checkpoint';
import type { FitContext } from './fit-context';

/** Heads trained (or read back) and calibrated, with everything the classic rules and the gates are fitted on. */
export interface TrainedExits {
  heads: ExitHeadModel[];
  /** The heads came from a checkpoint, not from training. */
  resumed: boolean;
  logits: { val: SplitLogits; test: SplitLogits };
  temperatures: number[];
  /** Calibrated summaries per exit (the final classifier last): validation, test, and the split gates are fitted on. */
  summaries: { val: LogitSummary[]; test: LogitSummary[]; fit: LogitSummary[] };
  gateInputs: { fit: GateInputs; val: GateInputs; test: GateInputs };
  costs: ExitCosts;
  latency: LatencyProfile | null;
  exitReports: ExitReport[];
}

async function splitLogits(split: SplitFeatures, heads: ExitHeadModel[]): Promise<SplitLogits> {
  const logits = [...(await predictExitHeads(heads, split)), split.finalLogits];
  return { n: split.n, classes: split.classes, labels: split.labels, logits };
}

/** Each exit's latency with these heads and gates of the shapes the run will train (their weights cost nothing). */
async function profileExits(ctx: FitContext, heads: ExitHeadModel[], gateDims: number[], temperatures: number[], x: tf.Tensor4D): Promise<LatencyProfile> {
  const gates = gateDims.map((d) => new DenseNet({ inDim: d, hidden: null, outDim: 1 }, 0));
  try {
    const model = { backbone: ctx.backbone, exitLayers: ctx.exitLayers, heads, gates, pooling: ctx.config.pooling, grid: ctx.config.poolGrid, gateInput: ctx.config.gateInput, temperatures };
    return await profileLatency(model, new SegmentedBackbone(ctx.backbone, ctx.exitLayers), x, ctx.backendName ?? 'unknown');
  } finally {
    gates.forEach((g) => g.dispose());
  }
}

/**
 * Exit heads trained with cross-entropy on train (or read back from a checkpoint), temperatures fitted on
 * validation, each exit's cost (FLOPs, params or measured latency). The heads are the caller's to dispose.
 */
export async function headsPhase(ctx: FitContext): Promise<TrainedExits> {
  const { config, exitLayers } = ctx;
  const saved = ctx.resume ? headsFrom(ctx.resume) : null;
  const heads = saved ?? (await trainExitHeads(ctx.train, { kind: config.head, epochs: config.epochs.heads, seed: config.seed + 1 + 1000 * ctx.repetition, onProgress: ctx.onHeadStep, signal: ctx.signal }));
  try {
    const [valL, testL] = [await splitLogits(ctx.val, heads), await splitLogits(ctx.test, heads)];
    const calibration = calibrateExits(valL, config.calibration);
    const val = calibration.summarise(valL);
    const test = calibration.summarise(testL);
    const byTrain = config.gateSplit === 'train';
    const fit = byTrain ? calibration.summarise(await splitLogits(ctx.train, heads)) : val;
    const gateInputs = { fit: buildGateInputs(byTrain ? ctx.train : ctx.val, fit, config.gateInput), val: buildGateInputs(ctx.val, val, config.gateInput), test: buildGateInputs(ctx.test, test, config.gateInput) };
    const latency = ctx.latency ?? (ctx.profileBatch ? await profileExits(ctx, heads, gateInputs.fit.dims, calibration.temperatures, ctx.profileBatch) : null);
    if (config.cost === 'latency' && !latency) throw new Error('The latency cost model needs a latency profile, and none was measured.');
    const costs =
      config.cost === 'latency'
        ? latencyCosts(latency!)
        : exitCosts({ backbone: ctx.backbone, exitLayers, pooling: config.pooling, heads, gateInput: config.gateInput, gateDims: gateInputs.fit.dims, model: config.cost });
    const exitReports = calibration.reports(testL, test, [...exitLayers, 'final'], costs.fraction);
    return { heads, resumed: saved !== null, logits: { val: valL, test: testL }, temperatures: calibration.temperatures, summaries: { val, test, fit }, gateInputs, costs, latency, exitReports };
  } catch (e) {
    heads.forEach((h) => h.dispose());
    throw e;
  }
}
