import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readIdx } from './idx';
import { loadFashionMnist, loadMnist } from './mnist';
import { loadDataset } from './load-dataset';

/** Writes an IDX ubyte file in the real format: magic 0x000008NN, big-endian dimensions, then the bytes. */
export function idxBytes(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x00000800 | dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

function writeMnistLayout(dir: string, n: number, opts: { gzip?: boolean; labels?: number } = {}) {
  const images = Uint8Array.from({ length: n * 28 * 28 }, (_, i) => i % 256);
  const labels = Uint8Array.from({ length: opts.labels ?? n }, (_, i) => i % 10);
  const write = (name: string, buf: Buffer) => writeFileSync(path.join(dir, opts.gzip ? `${name}.gz` : name), opts.gzip ? gzipSync(buf) : buf);
  write('train-images-idx3-ubyte', idxBytes([n, 28, 28], images));
  write('train-labels-idx1-ubyte', idxBytes([opts.labels ?? n], labels));
  write('t10k-images-idx3-ubyte', idxBytes([n, 28, 28], images));
  write('t10k-labels-idx1-ubyte', idxBytes([n], labels.subarray(0, n)));
}

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'leenet-idx-'));

describe('IDX reader', () => {
  it('reads raw and gzipped files alike', () => {
    const dir = tmp();
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    writeFileSync(path.join(dir, 'a'), idxBytes([2, 3], data));
    writeFileSync(path.join(dir, 'b.gz'), gzipSync(idxBytes([2, 3], data)));
    for (const f of ['a', 'b.gz']) {
      const got = readIdx(path.join(dir, f));
      expect(got.dims).toEqual([2, 3]);
      expect(Array.from(got.data)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it.each([
    ['wrong magic', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 1, 9]), /wrong magic number 0x504b0304/],
    ['unsupported dtype', Buffer.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]), /unsupported IDX data type 0xd/],
    ['truncated data', idxBytes([10, 28, 28], new Uint8Array(100)), /truncated: expected 7840 bytes .* found 100/],
    ['truncated header', Buffer.from([0, 0, 8, 3, 0, 0]), /truncated: the header needs 16 bytes/],
    ['trailing garbage', idxBytes([2], new Uint8Array(5)), /3 bytes of trailing data/],
    ['broken gzip', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), /cannot be decompressed/],
  ])('%s: error names the file and the fault', (_, bytes, message) => {
    const file = path.join(tmp(), 'bad-file-idx');
    writeFileSync(file, bytes);
    expect(() => readIdx(file)).toThrow(message);
    expect(() => readIdx(file)).toThrow(file);
  });

  it('a missing file says where it was expected', () => {
    expect(() => readIdx('/nonexistent/t10k-labels-idx1-ubyte')).toThrow('Missing file: /nonexistent/t10k-labels-idx1-ubyte was expected here.');
  });
});

describe('MNIST-layout datasets', () => {
  it('reads Fashion-MNIST from a folder of gzipped files', async () => {
    const dir = tmp();
    writeMnistLayout(dir, 12, { gzip: true });
    const ds = await loadDataset(`fashion-mnist:${dir}`);
    expect(ds.train.count).toBe(12);
    expect(ds.test?.count).toBe(12);
    expect(ds.classNames[9]).toBe('Ankle boot');
    expect(ds.train.labels[3]).toBe(3);
  });

  it('an image/label count mismatch names both files', () => {
    const dir = tmp();
    writeMnistLayout(dir, 12, { labels: 11 });
    expect(() => loadFashionMnist(dir)).toThrow(/train-images-idx3-ubyte holds 12 images but .*train-labels-idx1-ubyte holds 11 labels/);
  });

  it('a missing file in the folder is named', () => {
    const dir = tmp();
    expect(() => loadFashionMnist(dir)).toThrow(/Missing file: .*train-images-idx3-ubyte \(or train-images-idx3-ubyte.gz\)/);
  });

  it('an unknown spec lists the accepted ones', async () => {
    await expect(loadDataset('imagenet')).rejects.toThrow('Unknown dataset "imagenet". Accepted: mnist, fashion-mnist:DIR.');
  });

  it('loads the shipped MNIST: 60k/10k, first labels 5 and 7', () => {
    const ds = loadMnist();
    expect(ds.train.count).toBe(60000);
    expect(ds.test?.count).toBe(10000);
    expect(ds.train.labels[0]).toBe(5);
    expect(ds.test?.labels[0]).toBe(7);
    expect(ds.train.images.length).toBe(60000 * 784);
  });
});
