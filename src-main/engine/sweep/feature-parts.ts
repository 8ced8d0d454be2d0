import type { ImageSet } from '../data/types';
import { RAW_MEMORY_BUDGET, type FeatureOptions } from '../train/feature-cache';
import { passStoreDir } from '../train/feature-cache-dir';
import type { SweepBackbone } from './backbone-phase';
import type { SweepData } from './data-phase';
import type { SweepContext } from './sweep-context';

/** One split's backbone pass as a sweep makes it: its samples, the pass's options and where it is kept. */
export interface FeaturePart {
  role: string;
  set: ImageSet;
  idx: Int32Array;
  /** The pass's options short of progress and stop, `storeDir` included (undefined: the pass is not kept). */
  options: Omit<FeatureOptions, 'onBatch' | 'signal'>;
}

/**
 * The sweep's three passes (train, validation, test) with the options and store folder each is made with. The
 * features phase and a feature shard both start here, so a shard fills the very stores the sweep then opens.
 */
export function featureParts(ctx: SweepContext, data: SweepData, backbone: SweepBackbone): FeaturePart[] {
  const { config, batchSize } = ctx;
  const { dataset, split } = data;
  const parts = [
    { set: dataset.train, idx: split.train, role: 'train' },
    { set: dataset.train, idx: split.val, role: 'val' },
    { set: data.testSet, idx: split.test, role: split.testFrom },
  ];
  const convHeads = config.head === 'conv';
  const keepRaw = config.gateInput === 'flatten' || convHeads;
  return parts.map((p) => {
    const key = { backbone: backbone.provision.key, dataset: config.dataset, role: p.role, exitLayers: backbone.exitLayers, pooling: config.pooling, grid: config.poolGrid, keepRaw, transfer: backbone.transfer };
    const options = {
      exitLayers: backbone.exitLayers,
      pooling: config.pooling,
      grid: config.poolGrid,
      // Conv heads read every split's raw activations; flatten gates those of the splits they are fitted and judged on.
      keepRaw: convHeads || (keepRaw && (p.idx !== split.train || config.gateSplit === 'train')),
      // Conv heads can train from disk; flatten gates need the activations in memory.
      rawMemoryBudget: convHeads && config.gateInput !== 'flatten' ? RAW_MEMORY_BUDGET : undefined,
      makeInput: ctx.spec.makeInput,
      batchSize,
      penultimate: backbone.transfer ? backbone.classifier.penultimate : undefined,
      storeDir: passStoreDir(ctx.cacheDir, key, p.idx, { convHeads, forwardBatch: batchSize, streamed: Boolean(p.set.read) }),
    };
    return { ...p, options };
  });
}
