import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from './errors';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/** Reads an IDX file (MNIST, Fashion-MNIST), raw or gzipped: gzip is recognised by its magic bytes, not the name. */
export function readIdx(file: string): IdxArray {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DatasetError(code === 'ENOENT' ? `Missing file: ${file} was expected here.` : `Cannot read ${file}: ${(e as Error).message}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new DatasetError(`${file} looks gzipped but cannot be decompressed (${(e as Error).message}): the download is probably incomplete.`);
    }
  }
  return parseIdx(bytes, file);
}

export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new DatasetError(`${file} is not an IDX file: only ${bytes.length} bytes.`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    throw new DatasetError(`${file} is not an IDX file: wrong magic number 0x${magic} (expected 0x000008NN).`);
  }
  const dtype = bytes[2];
  const ndims = bytes[3];
  if (dtype !== UBYTE) throw new DatasetError(`${file}: unsupported IDX data type 0x${dtype.toString(16)} (only unsigned bytes, 0x08, are supported).`);
  if (ndims < 1 || ndims > 4) throw new DatasetError(`${file}: unsupported IDX rank ${ndims}.`);
  const header = 4 + 4 * ndims;
  if (bytes.length < header) throw new DatasetError(`${file} is truncated: the header needs ${header} bytes, the file has ${bytes.length}.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, d) => a * d, 1);
  const found = bytes.length - header;
  if (found < expected) throw new DatasetError(`${file} is truncated: expected ${expected} bytes of data for dimensions ${dims.join('×')}, found ${found}.`);
  if (found > expected) throw new DatasetError(`${file} has ${found - expected} bytes of trailing data after the ${dims.join('×')} array.`);
  return { dims, data: bytes.subarray(header) };
}
