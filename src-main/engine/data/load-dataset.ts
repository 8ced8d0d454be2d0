import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCifar10, loadCifar100, locateCifar } from './cifar';
import { fetchDatasetArchive, type DownloadableDataset } from './dataset-archives';
import { DATASET_SPEC_PATTERN, DATASET_SPECS } from './dataset-specs';
import { DatasetError } from './errors';
import { DEFAULT_IMAGE_SIZE, loadImageFolder, type ImageSize } from './image-folder';
import { loadImagenette, locateImagenette } from './imagenette';
import { loadFashionMnist, loadMnist } from './mnist';
import type { ImageDataset } from './types';

export { DATASET_SPEC_PATTERN, DATASET_SPECS };

export interface LoadDatasetOptions {
  /** Resolves a relative DIR in the spec; default the process's working folder (the worker's may differ from the CLI's). */
  baseDir?: string;
  /** How image-folder datasets are decoded: the backbone's resize, crop and channels (default 256 → 224, RGB). */
  imageSize?: ImageSize;
  /** Download missing CIFAR / Imagenette archives (default: yes unless $LEENET_OFFLINE is set). */
  download?: boolean;
  /** Other addresses for the archives (mirrors; tests use a local server). */
  urls?: Partial<Record<DownloadableDataset, string>>;
  onLog?: (message: string) => void;
  signal?: AbortSignal;
}

/** `~` is expanded here because a spec like `fashion-mnist:~/data` reaches us past the shell, unexpanded. */
function resolveDir(dir: string, baseDir: string): string {
  const home = dir === '~' || dir.startsWith('~/') || dir.startsWith('~\\') ? path.join(os.homedir(), dir.slice(1)) : dir;
  return path.resolve(baseDir, home);
}

async function ensure(kind: DownloadableDataset, dir: string, present: () => boolean, opts: LoadDatasetOptions): Promise<void> {
  if (present()) return;
  const allowed = opts.download ?? !process.env.LEENET_OFFLINE;
  if (!allowed) return; // the loader then says which files it expected where
  // The download makes the folder, and takes it away again if it fails.
  await fetchDatasetArchive(kind, dir, { url: opts.urls?.[kind], onLog: opts.onLog, signal: opts.signal });
}

/**
 * Loads a dataset from its spec (see DATASET_SPECS), downloading the official archive when it is missing and
 * allowed. The dataset keeps the spec exactly as given.
 */
export async function loadDataset(rawSpec: string, opts: LoadDatasetOptions = {}): Promise<ImageDataset> {
  const spec = rawSpec.trim();
  if (spec === 'mnist') return loadMnist();
  const m = /^([a-z0-9-]+):(.*)$/.exec(spec) ?? /^([a-z0-9-]+)()$/.exec(spec);
  const [kind, rawDir] = m ? [m[1], m[2]] : ['', ''];
  if (m && !rawDir && DATASET_SPECS.includes(`${kind}:DIR`)) {
    throw new DatasetError(kind === 'fashion-mnist' ? 'fashion-mnist needs the folder holding its four IDX files: fashion-mnist:DIR.' : `${kind} needs a folder: ${kind}:DIR.`);
  }
  const dir = resolveDir(rawDir, opts.baseDir ?? process.cwd());
  switch (kind) {
    case 'fashion-mnist':
      return { ...loadFashionMnist(dir), spec };
    case 'cifar10':
      await ensure('cifar10', dir, () => locateCifar(dir, 'cifar-10-batches-bin', 'test_batch.bin') !== null, opts);
      return loadCifar10(dir, spec);
    case 'cifar100':
      await ensure('cifar100', dir, () => locateCifar(dir, 'cifar-100-binary', 'test.bin') !== null, opts);
      return loadCifar100(dir, spec);
    case 'imagenette':
      await ensure('imagenette', dir, () => locateImagenette(dir) !== null, opts);
      return loadImagenette(dir, opts.imageSize ?? DEFAULT_IMAGE_SIZE, spec);
    case 'imagefolder':
      if (!existsSync(dir)) throw new DatasetError(`Image folder ${dir} does not exist.`);
      return loadImageFolder(dir, opts.imageSize ?? DEFAULT_IMAGE_SIZE, spec);
    default:
      throw new DatasetError(`Unknown dataset "${spec}". Accepted: ${DATASET_SPECS.join(', ')}.`);
  }
}
