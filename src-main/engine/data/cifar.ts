import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatasetError } from './errors';
import type { ImageDataset, ImageSet } from './types';
import { errorMessage } from '../util/error-message';

const PIXELS = 32 * 32 * 3;

export const CIFAR10_FOLDER = 'cifar-10-batches-bin';
export const CIFAR100_FOLDER = 'cifar-100-binary';
export const CIFAR10_TRAIN = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** DIR itself when it holds `marker`, else DIR/<folder> (the archive's own top folder), else null. */
export function locateCifar(dir: string, folder: string, marker: string): string | null {
  if (existsSync(path.join(dir, marker))) return dir;
  if (existsSync(path.join(dir, folder, marker))) return path.join(dir, folder);
  return null;
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DatasetError(code === 'ENOENT' ? `Missing file: ${file} was expected here.` : `Cannot read ${file}: ${errorMessage(e)}`);
  }
}

/**
 * Reads CIFAR binary records (`labelBytes` label bytes, then 1024 R, 1024 G, 1024 B) into HWC pixels. `labelAt`
 * picks which label byte counts (CIFAR-100: 0 coarse, 1 fine).
 */
export function readCifarRecords(files: string[], labelBytes: number, labelAt: number, classes: number): ImageSet {
  const record = labelBytes + PIXELS;
  const buffers = files.map((file) => {
    const b = readBytes(file);
    if (b.length === 0 || b.length % record !== 0) {
      throw new DatasetError(
        `${file} is truncated or not a CIFAR binary file: ${b.length} bytes is not a whole number of ${record}-byte records (${Math.floor(b.length / record)} whole, ${b.length % record} bytes left over).`,
      );
    }
    return b;
  });
  const count = buffers.reduce((a, b) => a + b.length / record, 0);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Int32Array(count);
  let n = 0;
  buffers.forEach((b, f) => {
    for (let r = 0; r < b.length / record; r++, n++) {
      const base = r * record;
      const label = b[base + labelAt];
      if (label >= classes) throw new DatasetError(`${files[f]}: record ${r} has label ${label}, but there are only ${classes} classes — not a CIFAR file of this kind.`);
      labels[n] = label;
      const src = base + labelBytes;
      const dst = n * PIXELS;
      for (let p = 0; p < 1024; p++) {
        images[dst + 3 * p] = b[src + p];
        images[dst + 3 * p + 1] = b[src + 1024 + p];
        images[dst + 3 * p + 2] = b[src + 2048 + p];
      }
    }
  });
  return { images, labels, count, shape: [32, 32, 3] };
}

function readNames(file: string, expected: number): string[] | null {
  if (!existsSync(file)) return null;
  const names = readFileSync(file, 'utf8').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  if (names.length !== expected) throw new DatasetError(`${file} lists ${names.length} class names; expected ${expected}.`);
  return names;
}

/** CIFAR-10, binary version: data_batch_1..5.bin, test_batch.bin and batches.meta.txt. */
export function loadCifar10(dir: string, spec = `cifar10:${dir}`): ImageDataset {
  const root = locateCifar(dir, CIFAR10_FOLDER, 'test_batch.bin');
  if (!root) throw new DatasetError(`No CIFAR-10 in ${dir}: expected test_batch.bin and data_batch_1..5.bin there or in ${path.join(dir, CIFAR10_FOLDER)}.`);
  for (const f of [...CIFAR10_TRAIN, 'test_batch.bin']) {
    if (!existsSync(path.join(root, f)) || statSync(path.join(root, f)).size === 0) throw new DatasetError(`Missing file: ${path.join(root, f)} (CIFAR-10 binary version).`);
  }
  return {
    spec,
    name: 'CIFAR-10',
    classNames: readNames(path.join(root, 'batches.meta.txt'), 10) ?? CIFAR10_CLASSES,
    height: 32,
    width: 32,
    channels: 3,
    train: readCifarRecords(CIFAR10_TRAIN.map((f) => path.join(root, f)), 1, 0, 10),
    test: readCifarRecords([path.join(root, 'test_batch.bin')], 1, 0, 10),
  };
}

/** CIFAR-100, binary version: train.bin and test.bin (coarse and fine label bytes; the fine label is used). */
export function loadCifar100(dir: string, spec = `cifar100:${dir}`): ImageDataset {
  const root = locateCifar(dir, CIFAR100_FOLDER, 'test.bin');
  if (!root) throw new DatasetError(`No CIFAR-100 in ${dir}: expected train.bin and test.bin there or in ${path.join(dir, CIFAR100_FOLDER)}.`);
  const names = readNames(path.join(root, 'fine_label_names.txt'), 100) ?? Array.from({ length: 100 }, (_, i) => `class ${i}`);
  return {
    spec,
    name: 'CIFAR-100',
    classNames: names,
    height: 32,
    width: 32,
    channels: 3,
    train: readCifarRecords([path.join(root, 'train.bin')], 2, 1, 100),
    test: readCifarRecords([path.join(root, 'test.bin')], 2, 1, 100),
  };
}
