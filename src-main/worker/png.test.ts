import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodePng, pngDataUrl } from './png';

/** Decodes back to RGBA with an independent reader path (pngjs's parser) and returns the requested channels. */
function decode(png: Buffer, channels: 1 | 3 | 4): { width: number; height: number; pixels: number[] } {
  const img = PNG.sync.read(png);
  const pixels: number[] = [];
  for (let p = 0; p < img.width * img.height; p++) pixels.push(...img.data.subarray(4 * p, 4 * p + channels));
  return { width: img.width, height: img.height, pixels };
}

describe('encodePng', () => {
  it.each([1, 3, 4] as const)('writes a valid %i-channel PNG whose pixels decode back unchanged', (channels) => {
    const pixels = Uint8Array.from({ length: 28 * 28 * channels }, (_, i) => (i * 7) % 256);
    const png = encodePng(pixels, 28, 28, channels);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const back = decode(png, channels === 1 ? 1 : channels);
    expect(back).toMatchObject({ width: 28, height: 28 });
    // Grey decodes to R = G = B; the first channel is the grey value.
    expect(back.pixels).toEqual(Array.from(pixels));
  });

  it('ends in the IEND chunk every PNG reader checks, and makes a data URL', () => {
    const png = encodePng(new Uint8Array(3 * 2 * 2), 2, 2, 3);
    expect([...png.subarray(-4)]).toEqual([0xae, 0x42, 0x60, 0x82]);
    expect(pngDataUrl(png)).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });

  it('refuses pixels of the wrong size', () => {
    expect(() => encodePng(new Uint8Array(5), 2, 2, 1)).toThrow(/2×2×1/);
  });
});
