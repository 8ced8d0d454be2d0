import { extractFeatures, type SplitFeatures } from '../train/feature-cache';
import { evictFeatureStores } from '../train/feature-cache-dir';
import type { SweepBackbone } from './backbone-phase';
import type { SweepData } from './data-phase';
import { featureParts } from './feature-parts';
import { PhaseProgress } from './phase-progress';
import type { SweepContext } from './sweep-context';

export interface SweepFeatures {
  train: SplitFeatures;
  val: SplitFeatures;
  test: SplitFeatures;
}

/**
 * One pass of the frozen backbone over every split, caching each exit's features and the final logits (read back
 * from the feature store where an earlier run or a stopped one made them, copied from the shards workers filled with
 * `runFeatureShard`). The cache then keeps to its cap.
 */
export async function featuresPhase(ctx: SweepContext, data: SweepData, backbone: SweepBackbone): Promise<SweepFeatures> {
  const progress = new PhaseProgress(ctx.emit, 'features', 'One pass of the frozen backbone over every split');
  const parts = featureParts(ctx, data, backbone);
  const totalBatches = parts.reduce((a, p) => a + Math.ceil(p.idx.length / ctx.batchSize), 0);
  const features: SplitFeatures[] = [];
  let batchesBefore = 0;
  for (const p of parts) {
    features.push(await extractFeatures(backbone.model, p.set, p.idx, { ...p.options, onBatch: (done) => progress.step(batchesBefore + done, totalBatches), signal: ctx.signal }));
    batchesBefore += Math.ceil(p.idx.length / ctx.batchSize);
  }
  const reused = features.reduce((a, f) => a + (f.reusedBatches ?? 0), 0);
  const fromShards = features.reduce((a, f) => a + (f.shardBatches ?? 0), 0);
  if (reused + fromShards > 0) {
    const shards = fromShards > 0 ? `, ${fromShards} taken from shards other workers filled` : '';
    ctx.emit({ type: 'log', message: `Feature cache: ${reused} of ${totalBatches} batches of the backbone pass read back${shards}, not recomputed.` });
  }
  ctx.timings.features = progress.seconds();
  // This sweep's stores stay, whatever the cap.
  const storesInUse = parts.flatMap((p) => (p.options.storeDir ? [p.options.storeDir] : []));
  const freed = await evictFeatureStores(ctx.cacheDir, storesInUse);
  if (freed > 0) ctx.emit({ type: 'log', message: `Feature cache over its cap: ${(freed / 1024 ** 3).toFixed(2)} GB of least recently used passes removed.` });
  const [train, val, test] = features;
  return { train, val, test };
}
