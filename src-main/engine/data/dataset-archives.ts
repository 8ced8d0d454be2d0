import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { downloadFile, DownloadError } from '../download/download-file';
import { extractArchive } from '../download/extract-archive';

export type DownloadableDataset = 'cifar10' | 'cifar100' | 'imagenette';

/** The official archives (no checksum is published for them; the loaders check every file's structure instead). */
export const DATASET_ARCHIVES: Record<DownloadableDataset, { url: string; folder: string; what: string }> = {
  cifar10: { url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz', folder: 'cifar-10-batches-bin', what: 'CIFAR-10 (binary version, 162 MB)' },
  cifar100: { url: 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz', folder: 'cifar-100-binary', what: 'CIFAR-100 (binary version, 161 MB)' },
  imagenette: { url: 'https://s3.amazonaws.com/fast-ai-imageclas/imagenette2-320.tgz', folder: 'imagenette2-320', what: 'Imagenette (imagenette2-320, 341 MB)' },
};

export interface ArchiveOptions {
  /** Another address for the archive (a mirror, or a test server). */
  url?: string;
  onLog?: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * Downloads the dataset's official archive into `dir` and unpacks it there (`dir/<folder>`), removing the archive
 * afterwards. Offline, the error names the archive and where to unpack it.
 */
export async function fetchDatasetArchive(kind: DownloadableDataset, dir: string, opts: ArchiveOptions = {}): Promise<string> {
  const { folder, what } = DATASET_ARCHIVES[kind];
  const url = opts.url ?? DATASET_ARCHIVES[kind].url;
  const archive = path.join(dir, path.basename(new URL(url).pathname) || `${kind}.tar.gz`);
  opts.onLog?.(`Downloading ${what} from ${url} into ${dir} …`);
  try {
    await downloadFile(url, archive, { what, signal: opts.signal });
  } catch (e) {
    if (e instanceof DownloadError) {
      throw new DownloadError(`${e.message.replace(/ Download .* yourself and put it at .*$/, '')} Download ${url} yourself and unpack it in ${dir} (it holds ${folder}/).`);
    }
    throw e;
  }
  await extractArchive(archive, dir);
  await rm(archive, { force: true });
  await rm(`${archive}.sha256`, { force: true });
  if (!existsSync(path.join(dir, folder))) throw new DownloadError(`${url} did not contain ${folder}/: is it the right archive?`);
  return path.join(dir, folder);
}
