import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { initBackend } from './backend';
import { backboneSpec } from './backbones/catalog';
import { forwardBatchSize, imageSizeFor } from './backbones/preprocess';
import { provideBackbone } from './backbones/provide';
import { classifierLogits, classifierOf, transferClassifier } from './backbones/transfer';
import type { SweepConfig } from './config';
import { batchOf } from './data/batches';
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
import { featureStoreKey } from './train/feature-store';
import { StoppedError } from './train/fit-loop';
import { predictRows, trainHeads } from './train/train-heads';
import { GATE_BATCH, predictGates, trainGates } from './train/train-gates';
import { defaultCacheDir } from './util/paths';

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** How many test images the early-exit runtime is timed on, and in what batches. */
const RUNTIME_IMAGES = 512;
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
  if (!exitLayers.length) throw new Error(`${spec.name} has no exit presets: choose its exit layers by name (--exits).`);
  const batchSize = forwardBatchSize(spec.input);

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
    const dataset = await loadDataset(config.dataset, { imageSize: imageSizeFor(spec.preprocess, spec.input), onLog: (message) => emit({ type: 'log', message }), signal });
    const split = makeSplit(dataset, { seed: config.seed, valShare: config.valShare, mode: config.splitMode, limit: config.limit, perClass: config.perClass });
    timings.data = dataPhase.seconds();
    await save({ classNames: dataset.classNames });

    const cacheDir = options.cacheDir ?? defaultCacheDir();
    const bbPhase = new PhaseProgress(emit, 'backbone', `Preparing ${spec.name}`);
    const provision = await provideBackbone({
      spec,
      dataset,
      trainIdx: split.train,
      testIdx: split.testFrom === 'test' ? split.test : undefined,
      seed: config.seed,
      epochs: config.epochs.backbone,
      cacheDir,
      onTrainStart: (message) => emit({ type: 'log', message }),
      onProgress: (done, total, loss) => bbPhase.step(done, total, 'backbone', loss),
      signal,
      weights: config.weights,
    });
    provisionModel = provision.model;
    let backbone = provision.model;
    const missing = exitLayers.filter((name) => !backbone.layers.some((l) => l.name === name));
    if (missing.length) {
      throw new Error(`Unknown exit point(s) ${missing.join(', ')} for ${spec.name}. Presets: ${spec.exits.join(', ') || 'none'}; any layer name works.`);
    }
    // A classifier for other classes (ImageNet weights on CIFAR) is replaced: the seed's transfer-learning step.
    const classes = dataset.classNames.length;
    const head = classifierOf(backbone, spec);
    const transfer = (backbone.outputs[0].shape[1] ?? 0) !== classes;
    timings.backbone = bbPhase.seconds();
    emit({ type: 'log', message: `Backbone ${spec.name} (${provision.source}: ${provision.key}).` });

    const featPhase = new PhaseProgress(emit, 'features', 'One pass of the frozen backbone over every split');
    const testSet = split.testFrom === 'test' ? dataset.test! : dataset.train;
    const parts = [
      { set: dataset.train, idx: split.train, role: 'train' },
      { set: dataset.train, idx: split.val, role: 'val' },
      { set: testSet, idx: split.test, role: split.testFrom },
    ];
    const totalBatches = parts.reduce((a, p) => a + Math.ceil(p.idx.length / batchSize), 0);
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
        batchSize,
        penultimate: transfer ? head.penultimate : undefined,
        // Expensive passes (large inputs, images decoded from disk) are kept on disk and resume after a stop.
        storeDir:
          batchSize < 256 || p.set.read
            ? path.join(cacheDir, 'features', featureStoreKey({ backbone: provision.key, dataset: config.dataset, role: p.role, exitLayers, pooling: config.pooling, grid: config.poolGrid, keepRaw, transfer }, p.idx))
            : undefined,
      });
      batchesBefore += Math.ceil(p.idx.length / batchSize);
      return [...acc, f];
    }, Promise.resolve([]));
    timings.features = featPhase.seconds();

    if (transfer) {
      const tPhase = new PhaseProgress(emit, 'heads', `New ${classes}-class classifier for ${spec.name} on its frozen features (transfer)`);
      const t = await transferClassifier(backbone, head, trainF, classes, {
        epochs: config.epochs.heads,
        seed: config.seed + 3,
        onProgress: (done, total, loss) => tPhase.step(done, total, 'final', loss),
        signal,
      });
      disposables.push({ dispose: () => t.model.getLayer(head.classifier).dispose() });
      for (const f of [trainF, valF, testF]) {
        f.finalLogits = classifierLogits(t, f.penultimate!, f.n);
        f.classes = classes;
        f.penultimate = null;
      }
      backbone = t.model;
      timings.transfer = tPhase.seconds();
    }

    const headPhase = new PhaseProgress(emit, 'heads', `Training ${config.head} heads with cross-entropy`);
    const heads = await trainHeads(trainF, {
      kind: config.head,
      epochs: config.epochs.heads,
      seed: config.seed + 1,
      onProgress: (k, done, total, loss) => headPhase.step(done, total, `head:${exitLayers[k]}`, loss),
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
      backbone,
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
    let runtimeSeconds = 0;
    const gateScores: number[][][] = [];
    const stepsPerAlpha = config.epochs.gates * Math.ceil(fitInputs.n / GATE_BATCH);
    // Real early exit is timed on a slice of the test images.
    // ImageNet-size backbones are timed on fewer images: each costs ~100× a CIFAR one on a CPU.
    const runtimeBatch = Math.min(RUNTIME_BATCH, batchSize);
    const runtimeIdx = split.test.subarray(0, Math.min(split.test.length, batchSize < 256 ? runtimeBatch : RUNTIME_IMAGES));
    const runtimeBatches =
      runtimeIdx.length > 0
        ? await Promise.all(
            Array.from({ length: Math.ceil(runtimeIdx.length / runtimeBatch) }, async (_, b) => {
              const part = await batchOf(testSet, runtimeIdx.subarray(b * runtimeBatch, (b + 1) * runtimeBatch));
              return spec.makeInput(part.set, part.idx);
            }),
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
            const started = Date.now();
            const m = await measureRuntime({ backbone, exitLayers, heads, gates, pooling: config.pooling, grid: config.poolGrid, gateInput: config.gateInput }, runtimeBatches);
            point.runtime = { earlyMsPerImage: m.earlyMsPerImage, fullMsPerImage: m.fullMsPerImage, speedup: m.speedup, images: m.images };
            runtimeSeconds += (Date.now() - started) / 1000;
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
    // Reported apart: timing real early exit is a measurement, not part of fitting the gates.
    timings.runtime = runtimeSeconds;
    timings.gates = gatePhase.seconds() - runtimeSeconds;

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
