import { DatasetError } from './errors';
import { loadFashionMnist, loadMnist } from './mnist';
import type { ImageDataset } from './types';

export const DATASET_SPECS = ['mnist', 'fashion-mnist:DIR'];

/** Loads a dataset from its spec: `mnist` or `fashion-mnist:DIR`. */
export async function loadDataset(spec: string): Promise<ImageDataset> {
  if (spec === 'mnist') return loadMnist();
  const m = /^fashion-mnist:(.+)$/.exec(spec);
  if (m) return loadFashionMnist(m[1]);
  throw new DatasetError(`Unknown dataset "${spec}". Accepted: ${DATASET_SPECS.join(', ')}.`);
}
