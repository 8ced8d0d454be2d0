import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { initBackend } from './backend';
import { backboneSpec } from './backbones/catalog';
import { forwardBatchSize, imageSizeFor } from './backbones/preprocess';
import { resolveExitPoints } from './backbones/exit-points';
import { provideBackbone } from './backbones/provide';
import { classifierLogits, classifierOf, transferClassifier } from './backbones/transfer';
import type { SweepConfig } from './config';
import { batchOf } from './data/batches';
import { loadDataset } from './data/load-dataset';
import { makeSplit } from './data/split';
import { summaryTable } from './evaluate/policy-summary';
import { fitExitPolicies, type FitResult } from './fit-exit-policies';
import { createRun, reopenRun, runDir, updateRun, writeFrontier, writeSamples } from './runs/store';
import type { SampleRecords } from './runs/types';
import { readPolicyBundle, writePolicyBundle, type PolicyBundleContent } from './runs/policy-bundle';
import { PhaseProgress } from './sweep-progress';
import type { ExitInfo, ExitReport, FrontierPoint, RunSummaryTable, SweepEvent, SweepOptions, SweepResult } from './sweep-types';
import { extractFeatures, RAW_MEMORY_BUDGET, type SplitFeatures } from './train/feature-cache';
import { featureStoreKey } from './train/feature-store';
import { evictFeatureStores, FEATURES_DIR } from './train/feature-cache-dir';
import { StoppedError } from './train/fit-loop';
import { RuntimeTimer, runtimeSampleSizes, type RuntimeBatches } from './evaluate/runtime-timer';
import type { LatencyProfile } from './budget/latency-profile';
import { defaultCacheDir } from './util/paths';
import { round4 } from './util/round';



/** Whether a checkpoint was made with these exits and exit options (a resumed run always has its own config). */
function sameExits(b: PolicyBundleContent, exitLayers: string[], config: SweepConfig): boolean {
  const m = b.meta;
  return m.exitLayers.join() === exitLayers.join() && m.head === config.head && m.pooling === config.pooling && m.grid === config.poolGrid && m.gateInput === config.gateInput && m.gateTarget === config.gateTarget;
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
  if (!config.exits.length && !spec.exits.length) throw new Error(`${spec.name} has no exit presets: choose its exit layers by name (--exits).`);
  const batchSize = forwardBatchSize(spec.input);

  if (options.resume && !options.runId) throw new Error('Resuming needs the run id.');
  const run = options.resume
    ? await reopenRun(options.workspace, options.runId!)
    : await createRun(options.workspace, {
        id: options.runId,
        config,
        backend: backend.name,
        dataset: config.dataset,
        backbone: config.backbone,
        status: 'running',
      });
  // What an interrupted run kept of its first seed: heads and gate models, read back instead of trained again.
  const checkpoint = options.resume ? await readPolicyBundle(runDir(options.workspace, run.id)).catch(() => null) : null;
  if (options.resume) {
    const kept = checkpoint ? `its heads and ${checkpoint.gates.length} gate model${checkpoint.gates.length === 1 ? '' : 's'} from its checkpoint` : 'no checkpoint (it stopped before its heads were trained)';
    emit({ type: 'log', message: `Resuming ${run.id}: ${kept}; the backbone pass from the feature cache.` });
  }
  const points: FrontierPoint[] = [];
  const alphasDone: number[] = [];
  let exits: ExitInfo[] = [];
  let exitReports: ExitReport[] = [];
  let summary: RunSummaryTable | null = null;
  let latency: LatencyProfile | null = null;
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
    exitReports,
    summary,
    latency,
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
    // Aliases resolved, depth order: exits inside stages may be given in any order.
    const exitLayers = resolveExitPoints(spec, backbone, config.exits.length > 0 ? config.exits : spec.exits);
    // A classifier for other classes (ImageNet weights on CIFAR) is replaced: the seed's transfer-learning step.
    const classes = dataset.classNames.length;
    const head = classifierOf(backbone, spec);
    const transfer = (backbone.outputs[0].shape[1] ?? 0) !== classes;
    timings.backbone = bbPhase.seconds();
    emit({ type: 'log', message: `Backbone ${spec.name} (${provision.source}: ${provision.key}).` });
    await save({ provision: { source: provision.source, key: provision.key, dir: provision.dir } });

    const featPhase = new PhaseProgress(emit, 'features', 'One pass of the frozen backbone over every split');
    const testSet = split.testFrom === 'test' ? dataset.test! : dataset.train;
    const parts = [
      { set: dataset.train, idx: split.train, role: 'train' },
      { set: dataset.train, idx: split.val, role: 'val' },
      { set: testSet, idx: split.test, role: split.testFrom },
    ];
    const totalBatches = parts.reduce((a, p) => a + Math.ceil(p.idx.length / batchSize), 0);
    let batchesBefore = 0;
    const convHeads = config.head === 'conv';
    const keepRaw = config.gateInput === 'flatten' || convHeads;
    const features: SplitFeatures[] = [];
    const storesInUse: string[] = [];
    for (const p of parts) {
      // Every pass is kept on disk (shared by later runs, resumed after a stop), except the flattened activations
      // of flatten gates on cheap inputs: gigabytes to write for a pass that costs less to redo.
      const storeDir =
        !keepRaw || convHeads || batchSize < 256 || p.set.read
          ? path.join(cacheDir, FEATURES_DIR, featureStoreKey({ backbone: provision.key, dataset: config.dataset, role: p.role, exitLayers, pooling: config.pooling, grid: config.poolGrid, keepRaw, transfer }, p.idx))
          : undefined;
      if (storeDir) storesInUse.push(storeDir);
      features.push(
        await extractFeatures(provision.model, p.set, p.idx, {
          exitLayers,
          pooling: config.pooling,
          grid: config.poolGrid,
          // Conv heads read every split's raw activations; flatten gates those of the splits they are fitted and judged on.
          keepRaw: convHeads || (keepRaw && (p.idx !== split.train || config.gateSplit === 'train')),
          // Conv heads can train from disk; flatten gates need the activations in memory.
          rawMemoryBudget: convHeads && config.gateInput !== 'flatten' ? RAW_MEMORY_BUDGET : undefined,
          makeInput: spec.makeInput,
          onBatch: (done) => featPhase.step(batchesBefore + done, totalBatches),
          signal,
          batchSize,
          penultimate: transfer ? head.penultimate : undefined,
          storeDir,
        }),
      );
      batchesBefore += Math.ceil(p.idx.length / batchSize);
    }
    const [trainF, valF, testF] = features;
    const reused = features.reduce((a, f) => a + (f.reusedBatches ?? 0), 0);
    if (reused > 0) emit({ type: 'log', message: `Feature cache: ${reused} of ${totalBatches} batches of the backbone pass read back, not recomputed.` });
    timings.features = featPhase.seconds();
    // The cache keeps to its cap, least recently used first; this sweep's stores stay.
    const freed = await evictFeatureStores(cacheDir, storesInUse);
    if (freed > 0) emit({ type: 'log', message: `Feature cache over its cap: ${(freed / 1024 ** 3).toFixed(2)} GB of least recently used passes removed.` });

    let transferred: { kernel: Float32Array; bias: Float32Array } | null = null;
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
      transferred = { kernel: t.kernel, bias: t.bias };
      timings.transfer = tPhase.seconds();
    }

    // Real early exit is timed on a slice of the test images, in batches of 64 and one image at a time.
    // ImageNet-size backbones are timed on fewer images: each costs ~100× a CIFAR one on a CPU.
    const sizes = runtimeSampleSizes(batchSize);
    const runtimeIdx = split.test.subarray(0, Math.min(split.test.length, sizes.images));
    const inputsOf = async (idx: Int32Array) => {
      const part = await batchOf(testSet, idx);
      return spec.makeInput(part.set, part.idx);
    };
    const runtimeBatches: RuntimeBatches = { batched: [], single: [] };
    for (let start = 0; start < runtimeIdx.length; start += sizes.batch) runtimeBatches.batched.push(await inputsOf(runtimeIdx.subarray(start, start + sizes.batch)));
    for (const i of runtimeIdx.subarray(0, sizes.single)) runtimeBatches.single.push(await inputsOf(Int32Array.of(i)));
    disposables.push({ dispose: () => tf.dispose([...runtimeBatches.batched, ...runtimeBatches.single]) });
    const timer = runtimeBatches.batched.length ? new RuntimeTimer(backbone, exitLayers, runtimeBatches) : null;
    const exitTaken: number[][] = [];
    const gateScores: number[][][] = [];
    const perSeed: FitResult['figures'][] = [];
    let first: FitResult | null = null;
    let runtimeSeconds = 0;
    let gatesStarted = 0;
    for (let repetition = 0; repetition < config.seeds; repetition++) {
      const tag = config.seeds > 1 ? ` (seed ${repetition + 1} of ${config.seeds})` : '';
      const headPhase = new PhaseProgress(emit, 'heads', `Training ${config.head} heads with cross-entropy${tag}`);
      let evalPhase: PhaseProgress | null = null;
      let gatePhase: PhaseProgress | null = null;
      const live = repetition === 0;
      const fit = await fitExitPolicies({
        config,
        repetition,
        backbone,
        exitLayers,
        train: trainF,
        val: valF,
        test: testF,
        signal,
        runtime: live ? timer : null,
        resume: live && checkpoint && sameExits(checkpoint, exitLayers, config) ? checkpoint : null,
        onCheckpoint: live ? (b) => writePolicyBundle(runDir(options.workspace, run.id), b) : undefined,
        profileBatch: runtimeBatches.batched[0] ?? null,
        latency,
        backendName: backend.name,
        keepBundle: live,
        onHeadStep: (k, done, total, loss) => headPhase.step(done, total, live ? `head:${exitLayers[k]}` : undefined, live ? loss : undefined),
        onHeadsDone: async (reports, costs) => {
          timings.heads = (timings.heads ?? 0) + headPhase.seconds();
          if (live) {
            exits = [...exitLayers, 'final'].map((name, k) => ({ name, cost: round4(costs.fraction[k]) }));
            exitReports = reports;
            await save({ exits, exitReports });
          }
          evalPhase = new PhaseProgress(emit, 'evaluate', `Classic exit rules and the oracle on the cached outputs${tag}`);
        },
        onGatesStart: () => {
          timings.baselines = (timings.baselines ?? 0) + (evalPhase?.seconds() ?? 0);
          gatesStarted = Date.now();
          const target = config.gateTarget === 'auto' ? 'P(correct) and P(safe) gates' : config.gateTarget !== 'leenet' ? `P(${config.gateTarget}) gates` : `gates with the LEENet loss for ${config.alphas.length} α values`;
          gatePhase = new PhaseProgress(emit, 'gates', `Training ${target}${tag}`);
        },
        onGateStep: (done, total, series, loss) => gatePhase?.step(done, total, live ? series : undefined, live ? loss : undefined),
        onPoint: (p) => {
          points.push(p);
          emit({ type: 'point', point: p });
        },
        onAlphaDone: async (alpha, taken, probs) => {
          if (!live) return;
          alphasDone.push(alpha);
          exitTaken.push(Array.from(taken));
          gateScores.push(probs.map((g) => Array.from(g, round4)));
          await save({});
        },
      });
      timings.gates = (timings.gates ?? 0) + (Date.now() - gatesStarted) / 1000 - fit.runtimeSeconds;
      runtimeSeconds += fit.runtimeSeconds;
      perSeed.push(fit.figures);
      if (fit.bundle) {
        // Export rebuilds a transfer run's backbone with the classifier it trained.
        if (transferred) {
          fit.bundle.meta.transfer = { classifier: head.classifier, penultimate: head.penultimate };
          fit.bundle.transfer = { kernel: transferred.kernel, bias: transferred.bias };
        }
        await writePolicyBundle(runDir(options.workspace, run.id), fit.bundle);
      }
      if (!latency && fit.latency) {
        latency = fit.latency;
        await save({ latency });
      }
      first ??= fit;
    }
    // Reported apart: timing real early exit is a measurement, not part of fitting the gates.
    timings.runtime = runtimeSeconds;
    summary = summaryTable(perSeed, 'final', testF.n);
    const testS = first!.testSummaries;

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
    await save({ status: 'finished', summary });
    return result('finished');
  } catch (e) {
    if (e instanceof StoppedError) {
      await writeFrontier(options.workspace, run.id, points);
      await save({ status: 'stopped' });
      return result('stopped');
    }
    // What finished stays readable: the frontier so far, beside the failed run's message.
    await writeFrontier(options.workspace, run.id, points).catch(() => undefined);
    await save({ status: 'failed', error: (e as Error).message }).catch(() => undefined);
    throw e;
  } finally {
    disposables.forEach((d) => d.dispose());
    provisionModel?.dispose();
  }
}
