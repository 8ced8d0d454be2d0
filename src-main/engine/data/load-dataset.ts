import os from 'node:os';
import path from 'node:path';
import { DatasetError } from './errors';
import { loadFashionMnist, loadMnist } from './mnist';
import type { ImageDataset } from './types';

export const DATASET_SPECS = ['mnist', 'fashion-mnist:DIR'];

export interface LoadDatasetOptions {
  /** Resolves a relative DIR in the spec; default the process's working folder (the worker's may differ from the CLI's). */
  baseDir?: string;
}

/** `~` is expanded here because a spec like `fashion-mnist:~/data` reaches us past the shell, unexpanded. */
function resolveDir(dir: string, baseDir: string): string {
  const home = dir === '~' || dir.startsWith('~/') || dir.startsWith('~\\') ? path.join(os.homedir(), dir.slice(1)) : dir;
  return path.resolve(baseDir, home);
}

/** Loads a dataset from its spec: `mnist` or `fashion-mnist:DIR`. The dataset keeps the spec exactly as given. */
export async function loadDataset(spec: string, opts: LoadDatasetOptions = {}): Promise<ImageDataset> {
  const trimmed = spec.trim();
  if (trimmed === 'mnist') return loadMnist();
  if (trimmed === 'fashion-mnist' || trimmed === 'fashion-mnist:') {
    throw new DatasetError('fashion-mnist needs the folder holding its four IDX files: fashion-mnist:DIR.');
  }
  const m = /^fashion-mnist:(.+)$/.exec(trimmed);
  if (m) return { ...loadFashionMnist(resolveDir(m[1], opts.baseDir ?? process.cwd())), spec: trimmed };
  throw new DatasetError(`Unknown dataset "${spec}". Accepted: ${DATASET_SPECS.join(', ')}.`);
}
