import type { ExampleImage } from '../../src-shared/api/models';
import type { SweepConfig } from '../engine/config';
import { batchOf } from '../engine/data/batches';
import { loadDataset } from '../engine/data/load-dataset';
import { cached } from '../engine/util/cached';
import { encodePng, pngDataUrl } from './png';

/** The last dataset a task read, kept for the next: thumbnails page after page, estimates edit after edit. A task never downloads. */
export const datasets = cached((spec: string) => loadDataset(spec, { download: false }), 1);

/** Thumbnails of the samples a run tested on: its `index` values point into the test set, or the train set for 80/20. */
export async function exampleImages(config: SweepConfig, indices: number[]): Promise<ExampleImage[]> {
  const dataset = await datasets(config.dataset);
  const set = config.splitMode === 'official' && dataset.test ? dataset.test : dataset.train;
  const outOfRange = indices.find((i) => i >= set.count);
  if (outOfRange !== undefined) throw new Error(`Sample ${outOfRange} is out of range: the set has ${set.count}.`);
  // In-memory sets are read in place; sets streamed from disk decode just these samples.
  const batch = await batchOf(set, Int32Array.from(indices));
  const [height, width, channels] = set.shape ?? [dataset.height, dataset.width, dataset.channels];
  if (channels !== 1 && channels !== 3) throw new Error(`Cannot draw ${channels}-channel images.`);
  const size = height * width * channels;
  return indices.map((index, k) => {
    const at = batch.idx[k];
    const pixels = batch.set.images.subarray(at * size, (at + 1) * size);
    const label = set.labels[index];
    return { index, label, className: dataset.classNames[label] ?? String(label), dataUrl: pngDataUrl(encodePng(pixels, width, height, channels)) };
  });
}
