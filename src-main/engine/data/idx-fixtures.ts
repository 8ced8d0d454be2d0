import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { MNIST_LAYOUT_FILES } from './mnist';

/** Test support: an IDX ubyte file in the real format (magic 0x000008NN, big-endian dimensions, then the bytes). */
export function idxBytes(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x00000800 | dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

export const tmpDir = (prefix = 'leenet-idx-') => mkdtempSync(path.join(os.tmpdir(), prefix));

export interface LayoutOptions {
  gzip?: boolean;
  /** Train labels to write, when they should disagree with the image count. */
  trainLabels?: number;
  testCount?: number;
  /** Overrides the label of train sample 0. */
  firstLabel?: number;
}

/** Four MNIST-layout files in `dir`: pixel i is i mod 256, label i is i mod 10. */
export function writeMnistLayout(dir: string, n: number, opts: LayoutOptions = {}): void {
  const images = (count: number) => Uint8Array.from({ length: count * 28 * 28 }, (_, i) => i % 256);
  const labels = (count: number) => Uint8Array.from({ length: count }, (_, i) => i % 10);
  const trainLabels = labels(opts.trainLabels ?? n);
  if (opts.firstLabel !== undefined) trainLabels[0] = opts.firstLabel;
  const testCount = opts.testCount ?? n;
  const write = (name: string, buf: Buffer) => writeFileSync(path.join(dir, opts.gzip ? `${name}.gz` : name), opts.gzip ? gzipSync(buf) : buf);
  write(MNIST_LAYOUT_FILES.trainImages, idxBytes([n, 28, 28], images(n)));
  write(MNIST_LAYOUT_FILES.trainLabels, idxBytes([trainLabels.length], trainLabels));
  write(MNIST_LAYOUT_FILES.testImages, idxBytes([testCount, 28, 28], images(testCount)));
  write(MNIST_LAYOUT_FILES.testLabels, idxBytes([testCount], labels(testCount)));
}
