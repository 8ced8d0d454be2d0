import { PNG } from 'pngjs';

/** An 8-bit grey (1 channel), RGB (3) or RGBA (4) PNG from row-major pixels, for dataset thumbnails. */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 | 4): Buffer {
  if (pixels.length !== width * height * channels) throw new Error(`Expected ${width}×${height}×${channels} pixels, got ${pixels.length} bytes.`);
  const colorType = { 1: 0, 3: 2, 4: 6 }[channels] as 0 | 2 | 6;
  const png = new PNG({ width, height, colorType, inputColorType: colorType, inputHasAlpha: channels === 4 });
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: channels === 4 });
}

export function pngDataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}
