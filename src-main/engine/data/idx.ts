import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from './errors';
import { errorMessage } from '../util/error-message';

/** One IDX array: its dimensions (outermost first) and its bytes, row-major. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/** The IDX data types by code, so a file of another type is refused by name rather than by a bare number. */
const IDX_TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

const hex = (b: number) => b.toString(16).padStart(2, '0');

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new DatasetError(`Missing file: ${file} was expected here.`);
    throw new DatasetError(`Cannot read ${file}: ${err.message}`);
  }
}

/** Reads an IDX file (MNIST, Fashion-MNIST), raw or gzipped: gzip is recognised by its magic bytes, not the name. */
export function readIdx(file: string): IdxArray {
  let bytes = readBytes(file);
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new DatasetError(`${file} looks gzipped but cannot be decompressed (${errorMessage(e)}): the download is probably incomplete or corrupt.`);
    }
  }
  return parseIdx(bytes, file);
}

/** Parses IDX bytes; `file` only names the source in error messages. The data is a view, not a copy. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new DatasetError(`${file} is not an IDX file: only ${bytes.length} bytes.`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), hex).join('');
    throw new DatasetError(`${file} is not an IDX file: wrong magic number 0x${magic} (expected 0x0000TTNN: type, rank).`);
  }
  const dtype = bytes[2];
  const ndims = bytes[3];
  if (dtype !== UBYTE) {
    const known = IDX_TYPE_NAMES[dtype];
    const what = known ? ` (${known})` : ' (not an IDX type at all)';
    throw new DatasetError(`${file}: unsupported IDX data type 0x${hex(dtype)}${what}; only unsigned bytes (0x08) are supported.`);
  }
  if (ndims < 1 || ndims > 4) throw new DatasetError(`${file}: unsupported IDX rank ${ndims} (1 to 4 dimensions are supported).`);
  const header = 4 + 4 * ndims;
  if (bytes.length < header) throw new DatasetError(`${file} is truncated: the header needs ${header} bytes, the file has ${bytes.length}.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, d) => a * d, 1);
  const found = bytes.length - header;
  if (found < expected) throw new DatasetError(`${file} is truncated: expected ${expected} bytes of data for dimensions ${dims.join('×')}, found ${found}.`);
  if (found > expected) throw new DatasetError(`${file} has ${found - expected} bytes of trailing data after the ${dims.join('×')} array.`);
  // A plain Uint8Array rather than a Buffer slice: it crosses worker and structured-clone boundaries unchanged.
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + header, expected) };
}
