import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend';
import { backboneSpec } from './backbones/catalog';
import { provideBackbone } from './backbones/provide';
import type { SweepConfig } from './config';
import { loadDataset } from './data/load-dataset';
import { makeSplit } from './data/split';
import { baselinePoints, type EvalSplit } from './evaluate/baselines';
import { summariseLogits, type LogitSummary } from './evaluate/logit-summary';
import { measureRuntime } from './evaluate/early-exit-runtime';
import { evaluateDecisions, toPoint } from './evaluate/metrics';
import { exitCosts } from './exits/exit-costs';
import { buildGateInputs } from './exits/gate-inputs';
import { gateDecisions } from './policies/exit-rules';
import { createRun, runDir, updateRun, writeFrontier, writeSamples } from './runs/store';
import type { SampleRecords } from './runs/types';
import { PhaseProgress } from './sweep-progress';
import type { ExitInfo, FrontierPoint, SweepEvent, SweepOptions, SweepResult } from './sweep-types';
import { extractFeatures, type SplitFeatures } from './train/feature-cache';
import { StoppedError } from './train/fit-loop';
import { predictRows, trainHeads } from './train/train-heads';
import { predictGates, trainGates } from './train/train-gates';
import { defaultCacheDir } from './util/paths';

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** How many test images the early-exit runtime is timed on, and in what batches. */
const RUNTIME_IMAGES = 1024;
const RUNTIME_BATCH = 256;

/** Per exit (the last one included), each sample's logits summarised against its label. */
async function summariseExits(split: SplitFeatures, heads: Awaited<ReturnType<typeof trainHeads>>): Promise<LogitSummary[]> {
  const out: LogitSummary[] = [];
  for (let k = 0; k < heads.length; k++) {
    out.push(summariseLogits(await predictRows(heads[k], split.features[k], split.n), split.n, split.classes, split.labels));
  }
  out.push(summariseLogits(split.finalLogits, split.n, split.classes, split.labels));
  return out;
}

/**
 * One LEENet sweep, end to end: split → frozen backbone (one pass caches every exit's features) → heads →
 * gates per α → every policy evaluated on the same cache → run folder. Cancellation via `options.signal` stops at
 * the next batch and keeps every finished α.
 */
export async function runSweep(config: SweepConfig, options: SweepOptions): Promise<SweepResult> {
  const emit = (e: SweepEvent) => options.onEvent?.(e);
  const signal = options.signal;
  const timings: Record<string, number> = {};
  const backend = await initBackend(options.backend);
  const spec = backboneSpec(config.backbone);
  const exitLayers = config.exits.length > 0 ? config.exits : spec.exits;
  const unknown = exitLayers.filter((e) => !spec.exits.includes(e));
  if (unknown.length) throw new Error(`Unknown exit point(s) ${unknown.join(', ')} for ${spec.name}. Presets: ${spec.exits.join(', ')}.`);

  const run = await createRun(options.workspace, {
    id: options.runId,
    config,
    backend: backend.name,
    dataset: config.dataset,
    backbone: config.backbone,
    status: 'running',
  });
  const points: FrontierPoint[] = [];
  const alphasDone: number[] = [];
  let exits: ExitInfo[] = [];
  const result = (status: SweepResult['status']): SweepResult => ({
    runId: run.id,
    status,
    dir: runDir(options.workspace, run.id),
    backend: backend.name,
    dataset: config.dataset,
    backbone: config.backbone,
    exits,
    points,
    timings,
    config,
  });
  const save = (patch: Parameters<typeof updateRun>[2]) => updateRun(options.workspace, run.id, { ...patch, timings, points, alphasDone });
  let provisionModel: tf.LayersModel | null = null;
  const disposables: { dispose(): void }[] = [];
  try {
    const dataPhase = new PhaseProgress(emit, 'data', `Loading ${config.dataset}`);
    const dataset = await loadDataset(config.dataset);
    const split = makeSplit(dataset, { seed: config.seed, valShare: config.valShare, mode: config.splitMode, limit: config.limit });
    timings.data = dataPhase.seconds();

    const bbPhase = new PhaseProgress(emit, 'backbone', `Preparing ${spec.name}`);
    const provision = await provideBackbone({
      spec,
      dataset,
      trainIdx: split.train,
      testIdx: split.testFrom === 'test' ? split.test : undefined,
      seed: config.seed,
      epochs: config.epochs.backbone,
      cacheDir: options.cacheDir ?? defaultCacheDir(),
      onTrainStart: (message) => emit({ type: 'log', message }),
      onProgress: (done, total, loss) => bbPhase.step(done, total, 'backbone', loss),
      signal,
    });
    provisionModel = provision.model;
    timings.backbone = bbPhase.seconds();
    emit({ type: 'log', message: `Backbone ${spec.name} (${provision.source}: ${provision.key}).` });

    const featPhase = new PhaseProgress(emit, 'features', 'One pass of the frozen backbone over every split');
    const testSet = split.testFrom === 'test' ? dataset.test! : dataset.train;
    const parts = [
      { set: dataset.train, idx: split.train },
      { set: dataset.train, idx: split.val },
      { set: testSet, idx: split.test },
    ];
    const totalBatches = parts.reduce((a, p) => a + Math.ceil(p.idx.length / 256), 0);
    let batchesBefore = 0;
    const keepRaw = config.gateInput === 'flatten';
    const [trainF, valF, testF] = await parts.reduce<Promise<SplitFeatures[]>>(async (accP, p) => {
      const acc = await accP;
      const f = await extractFeatures(provision.model, p.set, p.idx, {
        exitLayers,
        pooling: config.pooling,
        grid: config.poolGrid,
        keepRaw: keepRaw && (p.idx !== split.train || config.gateSplit === 'train'),
        makeInput: spec.makeInput,
        onBatch: (done) => featPhase.step(batchesBefore + done, totalBatches),
        signal,
      });
      batchesBefore += Math.ceil(p.idx.length / 256);
      return [...acc, f];
    }, Promise.resolve([]));
    timings.features = featPhase.seconds();

    const headPhase = new PhaseProgress(emit, 'heads', `Training ${config.head} heads with cross-entropy`);
    const heads = await trainHeads(trainF, {
      kind: config.head,
      epochs: config.epochs.heads,
      seed: config.seed + 1,
      onProgress: (k, done, total, loss) => headPhase.step(k * total + done, total * exitLayers.length, `head:${exitLayers[k]}`, loss),
      signal,
    });
    disposables.push(...heads);
    const [trainS, valS, testS] = [await summariseExits(trainF, heads), await summariseExits(valF, heads), await summariseExits(testF, heads)];
    timings.heads = headPhase.seconds();

    const gateFit = config.gateSplit === 'train' ? { f: trainF, s: trainS } : { f: valF, s: valS };
    const fitInputs = buildGateInputs(gateFit.f, gateFit.s, config.gateInput);
    const valInputs = buildGateInputs(valF, valS, config.gateInput);
    const testInputs = buildGateInputs(testF, testS, config.gateInput);
    const costs = exitCosts({
      backbone: provision.model,
      exitLayers,
      pooling: config.pooling,
      heads: heads.map((h) => h.spec),
      gateInput: config.gateInput,
      gateDims: fitInputs.dims,
      model: config.cost,
    });
    exits = [...exitLayers, 'final'].map((name, k) => ({ name, cost: round4(costs.fraction[k]) }));

    const evalPhase = new PhaseProgress(emit, 'evaluate', 'Classic exit rules and the oracle on the cached outputs');
    const valEval: EvalSplit = { name: 'val', n: valF.n, summaries: valS };
    const testEval: EvalSplit = { name: 'test', n: testF.n, summaries: testS };
    for (const p of baselinePoints(valEval, testEval, costs.fraction)) {
      points.push(p);
      emit({ type: 'point', point: p });
    }
    timings.baselines = evalPhase.seconds();
    await save({ exits });

    const gatePhase = new PhaseProgress(emit, 'gates', `Training gates with the LEENet loss for ${config.alphas.length} α values`);
    const ce = gateFit.s.map((s) => s.ce);
    const exitTaken: number[][] = [];
    const gateScores: number[][][] = [];
    const stepsPerAlpha = config.epochs.gates * Math.ceil(fitInputs.n / 256);
    // Real early exit is timed on a slice of the test images; the runtime path reads pooled features only.
    const runtimeIdx = split.test.subarray(0, Math.min(split.test.length, RUNTIME_IMAGES));
    const runtimeBatches =
      config.gateInput === 'pooled' && runtimeIdx.length > 0
        ? Array.from({ length: Math.ceil(runtimeIdx.length / RUNTIME_BATCH) }, (_, b) =>
            spec.makeInput(testSet, runtimeIdx.subarray(b * RUNTIME_BATCH, (b + 1) * RUNTIME_BATCH)),
          )
        : null;
    if (runtimeBatches) disposables.push({ dispose: () => tf.dispose(runtimeBatches) });
    for (const [a, alpha] of config.alphas.entries()) {
      const gates = await trainGates(fitInputs, ce, {
        alpha,
        costs: costs.normalised,
        epochs: config.epochs.gates,
        seed: config.seed + 2,
        onProgress: (done, _total, loss) => gatePhase.step(a * stepsPerAlpha + done, stepsPerAlpha * config.alphas.length, `gate:α=${alpha}`, loss),
        signal,
      });
      try {
        for (const [splitEval, inputs] of [
          [valEval, valInputs],
          [testEval, testInputs],
        ] as const) {
          const probs = await predictGates(gates, inputs);
          const decisions = gateDecisions(probs, splitEval.n);
          const outcome = evaluateDecisions(decisions, splitEval.summaries.map((s) => s.correct), costs.fraction);
          const point = toPoint('leenet', alpha, splitEval.name, outcome);
          if (splitEval.name === 'test' && runtimeBatches) {
            const m = await measureRuntime({ backbone: provision.model, exitLayers, heads, gates, pooling: config.pooling, grid: config.poolGrid }, runtimeBatches);
            point.runtime = { earlyMsPerImage: m.earlyMsPerImage, fullMsPerImage: m.fullMsPerImage, speedup: m.speedup, images: m.images };
          }
          points.push(point);
          emit({ type: 'point', point });
          if (splitEval.name === 'test') {
            exitTaken.push(Array.from(decisions));
            gateScores.push(probs.map((g) => Array.from(g, round4)));
          }
        }
      } finally {
        gates.forEach((g) => g.dispose());
      }
      alphasDone.push(alpha);
      await save({});
    }
    timings.gates = gatePhase.seconds();

    const savePhase = new PhaseProgress(emit, 'save', 'Writing the run folder');
    const records: SampleRecords = {
      split: 'test',
      index: Array.from(split.test),
      label: Array.from(testF.labels),
      exits: [...exitLayers, 'final'].map((name, k) => ({
        name,
        prediction: Array.from(testS[k].prediction),
        confidence: Array.from(testS[k].maxProb, round4),
      })),
      alphas: [...alphasDone],
      exitTaken,
      gateScores,
    };
    await writeSamples(options.workspace, run.id, records);
    await writeFrontier(options.workspace, run.id, points);
    timings.save = savePhase.seconds();
    await save({ status: 'finished' });
    return result('finished');
  } catch (e) {
    if (e instanceof StoppedError) {
      await writeFrontier(options.workspace, run.id, points);
      await save({ status: 'stopped' });
      return result('stopped');
    }
    await save({ status: 'failed', error: (e as Error).message }).catch(() => undefined);
    throw e;
  } finally {
    disposables.forEach((d) => d.dispose());
    provisionModel?.dispose();
  }
}
