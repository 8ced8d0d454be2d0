import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeImage } from './decode-image';
import { DatasetError } from './errors';
import { resizeAndCentreCrop } from './resize';
import type { ImageDataset, ImageSet } from './types';

/** How decoded images become samples: torchvision's Resize(resize) + CenterCrop(crop), in 1 or 3 channels. */
export interface ImageSize {
  resize: number;
  crop: number;
  channels: 1 | 3;
}

export const DEFAULT_IMAGE_SIZE: ImageSize = { resize: 256, crop: 224, channels: 3 };

const IMAGE = /\.(jpe?g|png)$/i;

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const subdirs = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();

interface FolderSplit {
  files: string[];
  labels: Int32Array;
}

/** One split: DIR/<class>/<image>, classes mapped to indices by `classNames` (sorted folder names). */
function scanSplit(dir: string, classNames: string[]): FolderSplit {
  const files: string[] = [];
  const labels: number[] = [];
  for (const cls of subdirs(dir)) {
    const label = classNames.indexOf(cls);
    if (label < 0) throw new DatasetError(`${path.join(dir, cls)} is a class the training split does not have (its classes: ${classNames.join(', ')}).`);
    const names = readdirSync(path.join(dir, cls)).filter((f) => IMAGE.test(f)).sort();
    for (const f of names) {
      files.push(path.join(dir, cls, f));
      labels.push(label);
    }
  }
  if (!files.length) throw new DatasetError(`${dir} holds no JPEG or PNG images in class folders (expected ${dir}/<class>/<image>.jpg).`);
  return { files, labels: Int32Array.from(labels) };
}

/** A split whose images are decoded, resized and cropped only when a batch asks for them. */
export function streamedSet(split: FolderSplit, size: ImageSize): ImageSet {
  const sample = size.crop * size.crop * size.channels;
  return {
    images: new Uint8Array(0),
    labels: split.labels,
    count: split.files.length,
    shape: [size.crop, size.crop, size.channels],
    read: async (idx) => {
      const out = new Uint8Array(idx.length * sample);
      const bytes = await Promise.all(Array.from(idx, (i) => readFile(split.files[i])));
      bytes.forEach((b, k) => {
        const file = split.files[idx[k]];
        const img = decodeImage(b, file, size.channels);
        out.set(resizeAndCentreCrop(img.data, img.height, img.width, img.channels, size.resize, size.crop), k * sample);
      });
      return out;
    },
  };
}

export interface FolderLayout {
  train: string;
  /** `val/` or `test/` beside `train/`, if any. */
  test: string | null;
  classNames: string[];
}

/** `DIR/train` + `DIR/val` (or `DIR/test`), else DIR itself is one split of class folders. */
export function folderLayout(dir: string): FolderLayout {
  if (!isDir(dir)) throw new DatasetError(`Image folder ${dir} does not exist.`);
  const train = path.join(dir, 'train');
  const test = ['val', 'test'].map((s) => path.join(dir, s)).find(isDir) ?? null;
  const root = isDir(train) ? train : dir;
  const classNames = subdirs(root);
  if (!classNames.length) throw new DatasetError(`${root} has no class folders: expected ${root}/<class>/<image>.jpg (or train/ and val/ folders).`);
  return { train: root, test: isDir(train) ? test : null, classNames };
}

/** ImageFolder: classes are the sorted sub-folder names; images are JPEG or PNG, decoded per batch. */
export function loadImageFolder(dir: string, size: ImageSize = DEFAULT_IMAGE_SIZE, spec = `imagefolder:${dir}`, name = path.basename(path.resolve(dir))): ImageDataset {
  const layout = folderLayout(dir);
  return {
    spec,
    name,
    classNames: layout.classNames,
    height: size.crop,
    width: size.crop,
    channels: size.channels,
    train: streamedSet(scanSplit(layout.train, layout.classNames), size),
    test: layout.test ? streamedSet(scanSplit(layout.test, layout.classNames), size) : undefined,
  };
}
