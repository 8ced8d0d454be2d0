import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { idxBytes, tmpDir } from './idx-fixtures';
import { parseIdx, readIdx } from './idx';

describe('readIdx', () => {
  it('reads raw and gzipped files alike, recognising gzip by its bytes rather than the name', () => {
    const dir = tmpDir();
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    writeFileSync(path.join(dir, 'raw.gz'), idxBytes([2, 3], data));
    writeFileSync(path.join(dir, 'zipped'), gzipSync(idxBytes([2, 3], data)));
    for (const f of ['raw.gz', 'zipped']) {
      const got = readIdx(path.join(dir, f));
      expect(got.dims).toEqual([2, 3]);
      expect(Array.from(got.data)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(Object.getPrototypeOf(got.data)).toBe(Uint8Array.prototype);
    }
  });

  it('reads the MNIST magic numbers: 0x00000801 labels and 0x00000803 images', () => {
    const labels = parseIdx(Buffer.from([0, 0, 8, 1, 0, 0, 0, 2, 5, 0]), 'labels');
    expect(labels).toEqual({ dims: [2], data: Uint8Array.from([5, 0]) });
    const images = parseIdx(idxBytes([1, 2, 2], Uint8Array.from([0, 64, 128, 255])), 'images');
    expect(images.dims).toEqual([1, 2, 2]);
    expect(Array.from(images.data)).toEqual([0, 64, 128, 255]);
  });

  it.each([
    ['wrong magic', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 1, 9]), /not an IDX file: wrong magic number 0x504b0304/],
    ['too short', Buffer.from([0, 0]), /not an IDX file: only 2 bytes/],
    ['float32 data', Buffer.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]), /unsupported IDX data type 0x0d \(float32\); only unsigned bytes/],
    ['unknown data type', Buffer.from([0, 0, 0x42, 1, 0, 0, 0, 1, 0]), /unsupported IDX data type 0x42 \(not an IDX type at all\)/],
    ['rank 0', Buffer.from([0, 0, 8, 0]), /unsupported IDX rank 0/],
    ['truncated data', idxBytes([10, 28, 28], new Uint8Array(100)), /is truncated: expected 7840 bytes of data .* found 100/],
    ['truncated header', Buffer.from([0, 0, 8, 3, 0, 0]), /is truncated: the header needs 16 bytes, the file has 6/],
    ['trailing garbage', idxBytes([2], new Uint8Array(5)), /has 3 bytes of trailing data/],
    ['broken gzip', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), /looks gzipped but cannot be decompressed/],
    ['truncated gzip', gzipSync(idxBytes([100], new Uint8Array(100))).subarray(0, 30), /looks gzipped but cannot be decompressed/],
  ])('%s: a DatasetError that names the file and the fault', (_, bytes, message) => {
    const file = path.join(tmpDir(), 'bad-file-idx1-ubyte');
    writeFileSync(file, bytes);
    expect(() => readIdx(file)).toThrow(DatasetError);
    expect(() => readIdx(file)).toThrow(message);
    expect(() => readIdx(file)).toThrow(file);
  });

  it('a missing file says which file was expected where', () => {
    expect(() => readIdx('/nonexistent/t10k-labels-idx1-ubyte')).toThrow('Missing file: /nonexistent/t10k-labels-idx1-ubyte was expected here.');
  });

  it('a folder in place of the file is named too', () => {
    const dir = tmpDir();
    expect(() => readIdx(dir)).toThrow(`Cannot read ${dir}`);
  });
});
