// Draws the app icon from code, so it can be regenerated at any size: `npx tsx scripts/make-icon.ts`.
// A backbone of four stages (left to right) with an exit branching down after each of the first three, the
// learned gate's choice highlighted: the picture of an early-exit network.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from '../src-main/worker/png';

type Rgba = [number, number, number, number];
type Shape = (x: number, y: number) => boolean;

const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** Shapes in a unit square, painted in order; later ones cover earlier ones. */
function layers(): [Shape, Rgba | ((x: number, y: number) => Rgba)][] {
  const out: [Shape, Rgba | ((x: number, y: number) => Rgba)][] = [];
  const bg = (_x: number, y: number): Rgba => [Math.round(22 + 20 * y), Math.round(40 + 30 * y), Math.round(84 + 40 * y), 255];
  out.push([roundedRect(0.04, 0.04, 0.96, 0.96, 0.2), bg]);
  const stages = [0.2, 0.4, 0.6, 0.8];
  out.push([roundedRect(0.14, 0.33, 0.86, 0.37, 0.02), [148, 163, 184, 255]]);
  stages.forEach((x, i) => {
    const size = 0.055 + 0.012 * i;
    out.push([roundedRect(x - size, 0.35 - size, x + size, 0.35 + size, 0.025), [226, 232, 240, 255]]);
  });
  stages.slice(0, 3).forEach((x, i) => {
    const chosen = i === 1;
    const colour: Rgba = chosen ? [250, 204, 21, 255] : [96, 165, 250, 255];
    out.push([roundedRect(x - 0.018, 0.42, x + 0.018, 0.68, 0.018), colour]);
    out.push([circle(x, 0.74, chosen ? 0.075 : 0.055), colour]);
  });
  return out;
}

export function drawIcon(size: number): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  const shapes = layers();
  const ss = 4; // 4×4 supersampling for smooth edges
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          let c: Rgba = [0, 0, 0, 0];
          for (const [shape, paint] of shapes) if (shape(x, y)) c = typeof paint === 'function' ? paint(x, y) : paint;
          const a = c[3] / 255;
          acc[0] += c[0] * a;
          acc[1] += c[1] * a;
          acc[2] += c[2] * a;
          acc[3] += a;
        }
      }
      const o = (py * size + px) * 4;
      const n = ss * ss;
      const alpha = acc[3] / n;
      pixels[o] = alpha > 0 ? Math.round(acc[0] / acc[3]) : 0;
      pixels[o + 1] = alpha > 0 ? Math.round(acc[1] / acc[3]) : 0;
      pixels[o + 2] = alpha > 0 ? Math.round(acc[2] / acc[3]) : 0;
      pixels[o + 3] = Math.round(alpha * 255);
    }
  }
  return encodePng(pixels, size, size, 4);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  mkdirSync(path.join(root, 'resources'), { recursive: true });
  mkdirSync(path.join(root, 'src-renderer', 'public'), { recursive: true });
  writeFileSync(path.join(root, 'resources', 'icon.png'), drawIcon(512));
  writeFileSync(path.join(root, 'src-renderer', 'public', 'favicon.png'), drawIcon(64));
  console.log('wrote resources/icon.png (512×512) and src-renderer/public/favicon.png (64×64)');
}
