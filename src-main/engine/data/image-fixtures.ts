import jpeg from 'jpeg-js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

/** An RGB picture of w×h whose colour depends on `tone`: a bright square in a dark frame. */
export function pictureRGBA(w: number, h: number, tone: number): Buffer {
  const data = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inner = x > w / 4 && x < (3 * w) / 4 && y > h / 4 && y < (3 * h) / 4;
      const i = (y * w + x) * 4;
      data[i] = inner ? 200 : 20 + tone;
      data[i + 1] = (tone * 3) % 256;
      data[i + 2] = inner ? 50 : 180;
      data[i + 3] = 255;
    }
  }
  return data;
}

export const jpegBytes = (w: number, h: number, tone: number, quality = 95): Buffer => jpeg.encode({ width: w, height: h, data: pictureRGBA(w, h, tone) }, quality).data;

export function pngBytes(w: number, h: number, tone: number): Buffer {
  const png = new PNG({ width: w, height: h });
  pictureRGBA(w, h, tone).copy(png.data);
  return PNG.sync.write(png);
}

/** DIR/<class>/<i>.(JPEG|png): alternating JPEG and PNG files of assorted sizes. */
export function writeImageFolder(dir: string, classes: string[], perClass: number, ext = '.JPEG'): void {
  classes.forEach((cls, c) => {
    mkdirSync(path.join(dir, cls), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const [w, h] = [40 + 8 * (i % 3), 30 + 6 * (c % 2)];
      const png = i % 2 === 1;
      writeFileSync(path.join(dir, cls, `${cls}_${i}${png ? '.png' : ext}`), png ? pngBytes(w, h, 40 * c) : jpegBytes(w, h, 40 * c));
    }
  });
}
