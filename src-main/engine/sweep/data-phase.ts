import { imageSizeFor } from '../backbones/preprocess';
import { loadDataset } from '../data/load-dataset';
import { makeSplit } from '../data/split';
import type { DataSplit, ImageDataset, ImageSet } from '../data/types';
import { PhaseProgress } from './phase-progress';
import type { SweepContext } from './sweep-context';

export interface SweepData {
  dataset: ImageDataset;
  split: DataSplit;
  /** The images the test indices point into: the official test set, or the training set for an 80/20 split. */
  testSet: ImageSet;
}

/** The dataset at the backbone's input size, and the seeded train / validation / test split. */
export async function dataPhase(ctx: SweepContext, preloaded?: ImageDataset): Promise<SweepData> {
  const { config } = ctx;
  const progress = new PhaseProgress(ctx.emit, 'data', `Loading ${config.dataset}`);
  const dataset =
    preloaded ?? (await loadDataset(config.dataset, { imageSize: imageSizeFor(ctx.spec.preprocess, ctx.spec.input), onLog: (message) => ctx.emit({ type: 'log', message }), signal: ctx.signal }));
  const split = makeSplit(dataset, { seed: config.seed, valShare: config.valShare, mode: config.splitMode, limit: config.limit, perClass: config.perClass });
  ctx.timings.data = progress.seconds();
  return { dataset, split, testSet: split.testFrom === 'test' ? dataset.test! : dataset.train };
}
