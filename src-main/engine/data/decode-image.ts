import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DatasetError } from './errors';
import { errorMessage } from '../util/error-message';

export interface DecodedImage {
  width: number;
  height: number;
  /** Row-major HWC uint8 with `channels` (3 = RGB, 1 = grey). */
  data: Uint8Array;
  channels: 1 | 3;
}

const isJpeg = (b: Uint8Array) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isPng = (b: Uint8Array) => b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/** RGB(A) → the requested channel count; grey uses ITU-R 601 luma, as PIL's convert('L') does. */
function toChannels(data: Uint8Array, pixels: number, inChannels: number, channels: 1 | 3): Uint8Array {
  const out = new Uint8Array(pixels * channels);
  for (let p = 0; p < pixels; p++) {
    const r = data[p * inChannels];
    const g = inChannels >= 3 ? data[p * inChannels + 1] : r;
    const b = inChannels >= 3 ? data[p * inChannels + 2] : r;
    if (channels === 3) {
      out[3 * p] = r;
      out[3 * p + 1] = g;
      out[3 * p + 2] = b;
    } else {
      out[p] = Math.round((r * 299 + g * 587 + b * 114) / 1000);
    }
  }
  return out;
}

/** Decodes a JPEG or PNG (recognised by its magic bytes, not its name); alpha is dropped as PIL's convert('RGB') does. */
export function decodeImage(bytes: Uint8Array, file: string, channels: 1 | 3 = 3): DecodedImage {
  try {
    if (isJpeg(bytes)) {
      // Not tolerant: a truncated JPEG must fail here rather than decode to a half-grey picture.
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false, maxMemoryUsageInMB: 1024 });
      const pixels = img.width * img.height;
      return { width: img.width, height: img.height, data: toChannels(img.data, pixels, img.data.length / pixels, channels), channels };
    }
    if (isPng(bytes)) {
      const img = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      const pixels = img.width * img.height;
      return { width: img.width, height: img.height, data: toChannels(img.data, pixels, 4, channels), channels };
    }
  } catch (e) {
    throw new DatasetError(`${file} is corrupt or truncated: ${errorMessage(e)}`);
  }
  throw new DatasetError(`${file} is neither a JPEG nor a PNG (first bytes ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')}).`);
}
