import type { ExampleImage } from '../api/models';
import type { SweepConfig } from '../engine/config';
import { loadDataset } from '../engine/data/load-dataset';
import type { ImageDataset } from '../engine/data/types';
import { cached } from './cached';
import { encodePng, pngDataUrl } from './png';

const datasets = cached(loadDataset, 1);

/** Thumbnails of the samples a run tested on: its `index` values point into the test set, or the train set for 80/20. */
export async function exampleImages(config: SweepConfig, indices: number[]): Promise<ExampleImage[]> {
  const dataset: ImageDataset = await datasets(config.dataset);
  const set = config.splitMode === 'official' && dataset.test ? dataset.test : dataset.train;
  const { height, width, channels } = dataset;
  if (channels !== 1 && channels !== 3) throw new Error(`Cannot draw ${channels}-channel images.`);
  const size = height * width * channels;
  return indices.map((index) => {
    if (index >= set.count) throw new Error(`Sample ${index} is out of range: the set has ${set.count}.`);
    const pixels = set.images.subarray(index * size, (index + 1) * size);
    const label = set.labels[index];
    return { index, label, className: dataset.classNames[label] ?? String(label), dataUrl: pngDataUrl(encodePng(pixels, width, height, channels)) };
  });
}
