import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { idxBytes, tmpDir, writeMnistLayout } from './idx-fixtures';
import { loadDataset } from './load-dataset';
import { FASHION_MNIST_CLASSES, loadFashionMnist, loadMnist, MNIST_LAYOUT_FILES } from './mnist';

describe('Fashion-MNIST from a folder', () => {
  it('reads gzipped files, with the ten class names', async () => {
    const dir = tmpDir();
    writeMnistLayout(dir, 12, { gzip: true, testCount: 7 });
    const ds = await loadDataset(`fashion-mnist:${dir}`);
    expect(ds).toMatchObject({ spec: `fashion-mnist:${dir}`, name: 'Fashion-MNIST', height: 28, width: 28, channels: 1 });
    expect(ds.classNames).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    expect(ds.train.count).toBe(12);
    expect(ds.test?.count).toBe(7);
    expect(ds.train.labels[3]).toBe(3);
    expect(ds.train.images.length).toBe(12 * 784);
    expect(ds.train.images[300]).toBe(300 % 256);
  });

  it('reads raw files the same way', () => {
    const dir = tmpDir();
    writeMnistLayout(dir, 5);
    const ds = loadFashionMnist(dir);
    expect(ds.classNames).toBe(FASHION_MNIST_CLASSES);
    expect(Array.from(ds.train.labels)).toEqual([0, 1, 2, 3, 4]);
  });

  it('resolves a relative folder against baseDir and keeps the spec as given', async () => {
    const base = tmpDir();
    mkdirSync(path.join(base, 'fm'));
    writeMnistLayout(path.join(base, 'fm'), 3);
    const ds = await loadDataset('fashion-mnist:fm', { baseDir: base });
    expect(ds.spec).toBe('fashion-mnist:fm');
    expect(ds.train.count).toBe(3);
  });

  it('an image/label count mismatch names both files and both counts', () => {
    const dir = tmpDir();
    writeMnistLayout(dir, 12, { trainLabels: 11 });
    const images = path.join(dir, MNIST_LAYOUT_FILES.trainImages);
    const labels = path.join(dir, MNIST_LAYOUT_FILES.trainLabels);
    expect(() => loadFashionMnist(dir)).toThrow(`${images} holds 12 images but ${labels} holds 11 labels`);
  });

  it('a label outside the ten classes is refused with its position', () => {
    const dir = tmpDir();
    writeMnistLayout(dir, 4, { firstLabel: 10 });
    expect(() => loadFashionMnist(dir)).toThrow(`${path.join(dir, MNIST_LAYOUT_FILES.trainLabels)}: label 10 at position 0 is not one of the 10 classes.`);
  });

  it('images that are not 28×28 are refused', () => {
    const dir = tmpDir();
    writeMnistLayout(dir, 2);
    writeFileSync(path.join(dir, MNIST_LAYOUT_FILES.testImages), idxBytes([2, 32, 32], new Uint8Array(2 * 32 * 32)));
    expect(() => loadFashionMnist(dir)).toThrow(/t10k-images-idx3-ubyte does not hold 28×28 images \(dimensions 2×32×32\)/);
  });

  it('an empty file in the folder is named', () => {
    const dir = tmpDir();
    writeMnistLayout(dir, 2);
    const labels = path.join(dir, MNIST_LAYOUT_FILES.testLabels);
    writeFileSync(labels, '');
    expect(() => loadFashionMnist(dir)).toThrow(`${labels} is not an IDX file`);
  });

  it('a missing file names the file, its .gz alternative and the folder', () => {
    const empty = tmpDir();
    expect(() => loadFashionMnist(empty)).toThrow(`Missing file: ${path.join(empty, 'train-images-idx3-ubyte')} (or train-images-idx3-ubyte.gz) was expected in ${empty}.`);
  });

  it('a folder that does not exist says so', () => {
    const missing = path.join(os.tmpdir(), 'leenet-no-such-folder');
    expect(() => loadFashionMnist(missing)).toThrow(`Fashion-MNIST folder ${missing} does not exist`);
  });
});

describe('loadDataset', () => {
  it('an unknown spec lists the accepted ones', async () => {
    await expect(loadDataset('imagenet')).rejects.toThrow('Unknown dataset "imagenet". Accepted: mnist, fashion-mnist:DIR, cifar10:DIR, cifar100:DIR, imagefolder:DIR, imagenette:DIR.');
  });

  it('fashion-mnist without a folder asks for one', async () => {
    await expect(loadDataset('fashion-mnist')).rejects.toThrow('fashion-mnist needs the folder holding its four IDX files');
  });
});

describe('shipped MNIST', () => {
  it('loads 60k/10k 28×28 images with first labels 5 and 7', () => {
    const ds = loadMnist();
    expect(ds).toMatchObject({ spec: 'mnist', height: 28, width: 28, channels: 1 });
    expect(ds.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(ds.train.count).toBe(60000);
    expect(ds.test?.count).toBe(10000);
    expect(ds.train.labels[0]).toBe(5);
    expect(ds.test?.labels[0]).toBe(7);
    expect(ds.train.images.length).toBe(60000 * 784);
  });
});
