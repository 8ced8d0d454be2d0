import type * as tf from '@tensorflow/tfjs';
import { calibrateExits, type SplitLogits } from './calibration/calibrate-exits';
import type { SweepConfig } from './config';
import { baselinePoints, type EvalSplit } from './evaluate/baselines';
import type { RuntimeMeasurement, RuntimeTimer } from './evaluate/runtime-timer';
import { profileLatency } from './evaluate/profile-latency';
import { SegmentedBackbone } from './evaluate/segmented-backbone';
import { latencyCosts, type LatencyProfile } from './budget/latency-profile';
import { DenseNet } from './exits/dense-net';
import type { LogitSummary } from './evaluate/logit-summary';
import { evaluateDecisions, toPoint } from './evaluate/metrics';
import { policyFigures, type PolicyFigures } from './evaluate/policy-summary';
import type { ExitHeadModel } from './exits/head-model';
import { exitCosts, type ExitCosts } from './exits/exit-costs';
import { buildGateInputs } from './exits/gate-inputs';
import { gateDecisions } from './policies/exit-rules';
import { gateThresholds, markEnvelope, objectiveThreshold } from './policies/operating-points';
import type { ExitReport, FrontierPoint } from './sweep-types';
import type { SplitFeatures } from './train/feature-cache';
import { throwIfAborted } from './train/fit-loop';
import { predictExitHeads, trainExitHeads } from './train/train-exit-heads';
import { GATE_BATCH, predictGates, trainGates } from './train/train-gates';
import { DenseExitHead } from './exits/head-model';
import { ConvHead } from './exits/conv-head';
import type { GateModelTarget, PolicyBundleContent } from './runs/policy-bundle';


export interface FitContext {
  config: SweepConfig;
  /** 0 for the run's own seed; later repetitions retrain heads and gates with other seeds on the same features. */
  repetition: number;
  backbone: tf.LayersModel;
  exitLayers: string[];
  train: SplitFeatures;
  val: SplitFeatures;
  test: SplitFeatures;
  /** Progress of the heads and gates phases (only the first repetition draws loss curves). */
  onHeadStep?: (exit: number, done: number, total: number, loss: number | undefined) => void;
  onGateStep?: (done: number, total: number, series: string, loss: number | undefined) => void;
  /** The heads are trained: the next phase (gates) starts. */
  onHeadsDone?: (exitReports: ExitReport[], costs: ExitCosts) => Promise<void> | void;
  /** The classic rules are evaluated; gate training starts. */
  onGatesStart?: () => void;
  onPoint?: (point: FrontierPoint) => void;
  /** Called after each α with its points (first repetition only: the run records them as it goes). */
  onAlphaDone?: (alpha: number, taken: Int32Array, gateProbs: Float32Array[]) => Promise<void> | void;
  /** Keep what budget search and export need (the first repetition's exits, heads and gate models). */
  keepBundle?: boolean;
  /**
   * Called with the bundle as it grows — heads trained, each gate model trained — so a run killed later resumes
   * from it (only with `keepBundle`).
   */
  onCheckpoint?: (bundle: PolicyBundleContent) => Promise<void>;
  /** A checkpoint of this repetition from an interrupted run: its heads and gate models are loaded, not retrained. */
  resume?: PolicyBundleContent | null;
  /** Times real early exit for each α's operating point; none: not timed. */
  runtime?: RuntimeTimer | null;
  /** A test batch to profile each exit's latency on (the `latency` cost model, budgets in ms); none: not profiled. */
  profileBatch?: tf.Tensor4D | null;
  /** A profile measured before (a later repetition reuses the first one's). */
  latency?: LatencyProfile | null;
  /** The backend's name, recorded with the profile. */
  backendName?: string;
  signal?: AbortSignal;
}

export interface FitResult {
  points: FrontierPoint[];
  figures: { reference: number; figures: PolicyFigures[] };
  exitReports: ExitReport[];
  costs: ExitCosts;
  /** Test summaries per exit (calibrated), for the per-sample records. */
  testSummaries: LogitSummary[];
  runtimeSeconds: number;
  /** When asked for (`keepBundle`): the run's policy bundle. */
  bundle: PolicyBundleContent | null;
  latency: LatencyProfile | null;
}

async function splitLogits(split: SplitFeatures, heads: ExitHeadModel[]): Promise<SplitLogits> {
  const logits = [...(await predictExitHeads(heads, split)), split.finalLogits];
  return { n: split.n, classes: split.classes, labels: split.labels, logits };
}

/** One trained set of gates with its probabilities on both splits and its validation threshold candidates. */
interface GateModel {
  target: 'leenet' | 'correct' | 'safe';
  gates: DenseNet[];
  val: Float32Array[];
  test: Float32Array[];
  thresholds: number[];
}

/** Val and test points of one operating point, kept as a pair so the envelope chosen on val marks both. */
interface PointPair {
  val: FrontierPoint;
  test: FrontierPoint;
}

/** The heads a checkpoint kept, rebuilt; null when it kept none (a run stopped before its heads were trained). */
function headsFrom(bundle: PolicyBundleContent): ExitHeadModel[] | null {
  if (bundle.convHeadStates) return bundle.convHeadStates.map((s) => ConvHead.fromState(s));
  if (bundle.headStates) return bundle.headStates.map((s) => new DenseExitHead(DenseNet.fromState(s)));
  return null;
}

/** A gate model a checkpoint kept: the shared model of this target, or the LEENet-loss gates of this α. */
function savedGates(bundle: PolicyBundleContent, target: GateModelTarget, alpha: number | null): DenseNet[] | null {
  const m = bundle.meta.gateModels.findIndex((g) => g.target === target && (alpha === null ? g.alpha === null : g.alpha !== null && Math.abs(g.alpha - alpha) < 1e-12));
  return m < 0 ? null : bundle.gates[m].states.map((s) => DenseNet.fromState(s));
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
 * Heads → calibration → classic rules → learned gates, on cached features, for one repetition. Every threshold is
 * chosen on validation; the test split is only ever evaluated.
 */
export async function fitExitPolicies(ctx: FitContext): Promise<FitResult> {
  const { config, exitLayers } = ctx;
  const seedOffset = 1000 * ctx.repetition;
  const resumed = ctx.resume ? headsFrom(ctx.resume) : null;
  const heads = resumed ?? (await trainExitHeads(ctx.train, { kind: config.head, epochs: config.epochs.heads, seed: config.seed + 1 + seedOffset, onProgress: ctx.onHeadStep, signal: ctx.signal }));
  const points: FrontierPoint[] = [];
  // Points are announced as they are made; flags on them (the envelope) may still change until the end.
  const emit = (p: FrontierPoint) => {
    points.push(p);
    if (ctx.repetition === 0) ctx.onPoint?.(p);
  };
  let runtimeSeconds = 0;
  try {
    const [valL, testL] = [await splitLogits(ctx.val, heads), await splitLogits(ctx.test, heads)];
    const calibration = calibrateExits(valL, config.calibration);
    const valS = calibration.summarise(valL);
    const testS = calibration.summarise(testL);
    const fitS = config.gateSplit === 'train' ? calibration.summarise(await splitLogits(ctx.train, heads)) : valS;
    const fitF = config.gateSplit === 'train' ? ctx.train : ctx.val;
    const fitInputs = buildGateInputs(fitF, fitS, config.gateInput);
    const valInputs = buildGateInputs(ctx.val, valS, config.gateInput);
    const testInputs = buildGateInputs(ctx.test, testS, config.gateInput);
    const latency = ctx.latency ?? (ctx.profileBatch ? await profileExits(ctx, heads, fitInputs.dims, calibration.temperatures, ctx.profileBatch) : null);
    if (config.cost === 'latency' && !latency) throw new Error('The latency cost model needs a latency profile, and none was measured.');
    const costs: ExitCosts =
      config.cost === 'latency'
        ? latencyCosts(latency!)
        : exitCosts({ backbone: ctx.backbone, exitLayers, pooling: config.pooling, heads, gateInput: config.gateInput, gateDims: fitInputs.dims, model: config.cost });
    const exitReports = calibration.reports(testL, testS, [...exitLayers, 'final'], costs.fraction);
    await ctx.onHeadsDone?.(exitReports, costs);
    const denseHeads = heads.every((h) => h instanceof DenseExitHead) ? (heads as DenseExitHead[]) : null;
    const convHeads = heads.every((h) => h instanceof ConvHead) ? (heads as ConvHead[]) : null;
    const bundle: PolicyBundleContent | null = ctx.keepBundle
      ? {
          meta: {
            version: 1,
            exitLayers,
            classes: valL.classes,
            pooling: config.pooling,
            grid: config.poolGrid,
            gateInput: config.gateInput,
            head: config.head,
            gateTarget: config.gateTarget,
            gateSplit: config.gateSplit,
            temperatures: calibration.temperatures,
            costs: { fraction: costs.fraction, normalised: costs.normalised },
            heads: denseHeads?.map((h) => h.net.spec) ?? null,
            ...(convHeads ? { convHeads: convHeads.map((h) => h.spec) } : {}),
            gateModels: [],
            n: { val: valL.n, test: testL.n },
          },
          labels: { val: valL.labels, test: testL.labels },
          logits: { val: valL.logits, test: testL.logits },
          headStates: denseHeads ? await Promise.all(denseHeads.map((h) => h.net.state())) : null,
          convHeadStates: convHeads ? await Promise.all(convHeads.map((h) => h.state())) : null,
          gates: [],
        }
      : null;
    if (bundle && !resumed) await ctx.onCheckpoint?.(bundle);

    const valEval: EvalSplit = { name: 'val', n: ctx.val.n, summaries: valS };
    const testEval: EvalSplit = { name: 'test', n: ctx.test.n, summaries: testS };
    const baselines = baselinePoints(valEval, testEval, costs.fraction);
    for (const policy of ['max-softmax', 'entropy', 'patience'] as const) {
      const val = baselines.filter((p) => p.policy === policy && p.split === 'val');
      const test = baselines.filter((p) => p.policy === policy && p.split === 'test');
      markEnvelope(val.map((v, i) => ({ val: v, test: test[i] })));
    }
    baselines.forEach(emit);
    ctx.onGatesStart?.();

    const last = fitS[fitS.length - 1].correct;
    // Gate models trained once for every α; `leenet` trains one per α instead.
    const shareable: ('correct' | 'safe')[] = config.gateTarget === 'auto' ? ['correct', 'safe'] : config.gateTarget === 'leenet' ? [] : [config.gateTarget];
    const oneModel = shareable.length > 0;
    const labelsFor = (target: 'correct' | 'safe') =>
      // `safe`: leaving at k loses nothing against the last exit — right there, or the last exit is wrong anyway.
      fitS.slice(0, -1).map((s) => (target === 'safe' ? s.correct.map((c, i) => (c || !last[i] ? 1 : 0)) : s.correct));
    const ce = fitS.map((s) => s.ce);
    const valCe = valS.map((s) => s.ce);
    const learned: PointPair[] = [];
    let announced = 0;
    const evaluatePair = (model: GateModel, alpha: number, threshold: number, curve: boolean): PointPair => {
      const [val, test] = ([
        [valEval, model.val],
        [testEval, model.test],
      ] as const).map(([split, p]) => {
        const outcome = evaluateDecisions(gateDecisions(p, split.n, threshold), split.summaries.map((s) => s.correct), costs.fraction);
        return { ...toPoint('leenet', alpha, split.name, outcome), threshold, gateModel: model.target, ...(curve ? { curve: true } : {}) };
      });
      return { val, test };
    };
    const timed = new Map<string, RuntimeMeasurement>();
    const stepsPerModel = config.epochs.gates * Math.ceil(fitInputs.n / GATE_BATCH);
    const models = oneModel ? shareable.length : config.alphas.length;
    const shared: GateModel[] = [];
    const train = async (target: GateModel['target'], alpha: number, m: number): Promise<GateModel> => {
      const saved = ctx.resume ? savedGates(ctx.resume, target, target === 'leenet' ? alpha : null) : null;
      const gates =
        saved ??
        (await trainGates(fitInputs, ce, {
        target: target === 'leenet' ? 'leenet' : 'correct',
        correct: target === 'leenet' ? undefined : labelsFor(target),
        alpha,
        costs: costs.normalised,
        epochs: config.epochs.gates,
        seed: config.seed + 2 + seedOffset,
        onProgress: (done, _total, loss) => ctx.onGateStep?.(m * stepsPerModel + done, stepsPerModel * models, target === 'leenet' ? `gate:α=${alpha}` : `gate:P(${target})`, loss),
        signal: ctx.signal,
      }));
      const val = await predictGates(gates, valInputs);
      const model: GateModel = { target, gates, val, test: await predictGates(gates, testInputs), thresholds: gateThresholds(val) };
      if (bundle) {
        bundle.meta.gateModels.push({ target, alpha: target === 'leenet' ? alpha : null, specs: gates.map((g) => g.spec) });
        bundle.gates.push({ states: await Promise.all(gates.map((g) => g.state())), probs: { val: model.val, test: model.test } });
        if (!saved) await ctx.onCheckpoint?.(bundle);
      }
      // A threshold sweep per gate model: one curve per shared model, one per α for LEENet gates.
      for (const t of model.thresholds) learned.push(evaluatePair(model, alpha, t, true));
      return model;
    };
    try {
      for (const [a, alpha] of config.alphas.entries()) {
        // Shared gates train once: without this check a stop would wait for every α's evaluation.
        throwIfAborted(ctx.signal);
        if (oneModel && !shared.length) for (const [m, target] of shareable.entries()) shared.push(await train(target, alpha, m));
        const own = oneModel ? null : await train('leenet', alpha, a);
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
          const pair = evaluatePair(model, alpha, threshold, false);
          if (ctx.runtime) {
            const started = Date.now();
            // α values that pick the same gates and threshold share one measurement.
            const key = `${model.target}:${own ? alpha : ''}:${threshold}`;
            let r = timed.get(key);
            if (!r) {
              r = await ctx.runtime.measure({ backbone: ctx.backbone, exitLayers, heads, gates: model.gates, pooling: config.pooling, grid: config.poolGrid, gateInput: config.gateInput, threshold, temperatures: calibration.temperatures });
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
        // Announced per α, so a run stopped later keeps them; the envelope flags settle as more points arrive.
        for (const p of learned.slice(announced)) [p.val, p.test].forEach(emit);
        announced = learned.length;
        await ctx.onAlphaDone?.(alpha, taken.exits, taken.probs);
      }
    } finally {
      shared.forEach((m) => m.gates.forEach((g) => g.dispose()));
    }
    return { points, figures: policyFigures(points), exitReports, costs, testSummaries: testS, runtimeSeconds, bundle, latency };
  } finally {
    heads.forEach((h) => h.dispose());
  }
}
