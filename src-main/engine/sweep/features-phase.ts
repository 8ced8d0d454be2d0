import { extractFeatures, RAW_MEMORY_BUDGET, type SplitFeatures } from '../train/feature-cache';
import { evictFeatureStores, passStoreDir } from '../train/feature-cache-dir';
import type { SweepBackbone } from './backbone-phase';
import type { SweepData } from './data-phase';
import { PhaseProgress } from './phase-progress';
import type { SweepContext } from './sweep-context';

export interface SweepFeatures {
  train: SplitFeatures;
  val: SplitFeatures;
  test: SplitFeatures;
}

/**
 * One pass of the frozen backbone over every split, caching each exit's features and the final logits (read back
 * from the feature store where an earlier run or a stopped one made them). The cache then keeps to its cap.
 */
export async function featuresPhase(ctx: SweepContext, data: SweepData, backbone: SweepBackbone): Promise<SweepFeatures> {
  const { config, batchSize } = ctx;
  const { dataset, split } = data;
  const progress = new PhaseProgress(ctx.emit, 'features', 'One pass of the frozen backbone over every split');
  const parts = [
    { set: dataset.train, idx: split.train, role: 'train' },
    { set: dataset.train, idx: split.val, role: 'val' },
    { set: data.testSet, idx: split.test, role: split.testFrom },
  ];
  const totalBatches = parts.reduce((a, p) => a + Math.ceil(p.idx.length / batchSize), 0);
  const convHeads = config.head === 'conv';
  const keepRaw = config.gateInput === 'flatten' || convHeads;
  const features: SplitFeatures[] = [];
  const storesInUse: string[] = [];
  let batchesBefore = 0;
  for (const p of parts) {
    const key = { backbone: backbone.provision.key, dataset: config.dataset, role: p.role, exitLayers: backbone.exitLayers, pooling: config.pooling, grid: config.poolGrid, keepRaw, transfer: backbone.transfer };
    const storeDir = passStoreDir(ctx.cacheDir, key, p.idx, { convHeads, forwardBatch: batchSize, streamed: Boolean(p.set.read) });
    if (storeDir) storesInUse.push(storeDir);
    features.push(
      await extractFeatures(backbone.model, p.set, p.idx, {
        exitLayers: backbone.exitLayers,
        pooling: config.pooling,
        grid: config.poolGrid,
        // Conv heads read every split's raw activations; flatten gates those of the splits they are fitted and judged on.
        keepRaw: convHeads || (keepRaw && (p.idx !== split.train || config.gateSplit === 'train')),
        // Conv heads can train from disk; flatten gates need the activations in memory.
        rawMemoryBudget: convHeads && config.gateInput !== 'flatten' ? RAW_MEMORY_BUDGET : undefined,
        makeInput: ctx.spec.makeInput,
        onBatch: (done) => progress.step(batchesBefore + done, totalBatches),
        signal: ctx.signal,
        batchSize,
        penultimate: backbone.transfer ? backbone.classifier.penultimate : undefined,
        storeDir,
      }),
    );
    batchesBefore += Math.ceil(p.idx.length / batchSize);
  }
  const reused = features.reduce((a, f) => a + (f.reusedBatches ?? 0), 0);
  if (reused > 0) ctx.emit({ type: 'log', message: `Feature cache: ${reused} of ${totalBatches} batches of the backbone pass read back, not recomputed.` });
  ctx.timings.features = progress.seconds();
  // This sweep's stores stay, whatever the cap.
  const freed = await evictFeatureStores(ctx.cacheDir, storesInUse);
  if (freed > 0) ctx.emit({ type: 'log', message: `Feature cache over its cap: ${(freed / 1024 ** 3).toFixed(2)} GB of least recently used passes removed.` });
  const [train, val, test] = features;
  return { train, val, test };
}
