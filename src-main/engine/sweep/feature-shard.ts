import { initBackend } from '../backend';
import { forwardBatchSize } from '../backbones/preprocess';
import type { SweepConfig } from '../config';
import type { SweepEvent, SweepOptions } from '../sweep-types';
import { fillFeatureShard, type ShardFill } from '../train/feature-shard-fill';
import { checkShard, shardRange, type Shard } from '../train/feature-shards';
import { defaultCacheDir } from '../util/paths';
import { backbonePhase } from './backbone-phase';
import { dataPhase } from './data-phase';
import { featureParts } from './feature-parts';
import { PhaseProgress } from './phase-progress';
import { sweepSpec, type SweepContext } from './sweep-context';

export type FeatureShardOptions = Omit<SweepOptions, 'runId' | 'resume' | 'name'> & { shard: Shard };

/**
 * Shard `index` of `of` of a sweep's backbone pass, for workers that fill a large pass in parallel before the sweep
 * runs: the sweep's own data and backbone phases (so the same split, weights and store folders), then, for every
 * split whose pass is kept on disk, the shard's contiguous range of its batches into a shard store beside the
 * sweep's (see `fillFeatureShard`). The sweep's features phase then copies them instead of running the backbone.
 * Stopping (`signal`) throws StoppedError at the next batch; running the shard again resumes it. Makes no run folder.
 */
export async function runFeatureShard(config: SweepConfig, options: FeatureShardOptions): Promise<ShardFill> {
  const { shard } = options;
  checkShard(shard);
  const emit = (e: SweepEvent) => options.onEvent?.(e);
  await initBackend(options.backend);
  const spec = sweepSpec(config);
  const ctx: SweepContext = { config, spec, batchSize: forwardBatchSize(spec.input), cacheDir: options.cacheDir ?? defaultCacheDir(), emit, signal: options.signal, timings: {} };
  const data = await dataPhase(ctx, options.dataset);
  const backbone = await backbonePhase(ctx, data);
  try {
    const parts = featureParts(ctx, data, backbone).flatMap((p) => {
      const storeDir = p.options.storeDir;
      if (storeDir) return [{ ...p, storeDir }];
      emit({ type: 'log', message: `The ${p.role} pass is not kept on disk (cheaper to redo than to read back): the sweep makes it, not a shard.` });
      return [];
    });
    const rangeOf = (idx: Int32Array) => shardRange(shard, Math.ceil(idx.length / ctx.batchSize));
    const total = parts.reduce((a, p) => a + rangeOf(p.idx).end - rangeOf(p.idx).first, 0);
    const progress = new PhaseProgress(emit, 'features', `Shard ${shard.index} of ${shard.of} (numbered from 0) of the backbone pass`);
    const sum: ShardFill = { batches: 0, computed: 0 };
    for (const p of parts) {
      const before = sum.batches;
      const onBatch = (done: number) => progress.step(before + done, total);
      const filled = await fillFeatureShard(backbone.model, p.set, p.idx, { ...p.options, storeDir: p.storeDir, onBatch, signal: ctx.signal }, shard);
      sum.batches += filled.batches;
      sum.computed += filled.computed;
    }
    emit({ type: 'log', message: `Feature shard ${shard.index} of ${shard.of}: ${sum.computed} of its ${sum.batches} batches computed, the rest found done.` });
    return sum;
  } finally {
    backbone.model.dispose();
  }
}
