/**
 * Resampling as PIL does it for torchvision's Resize: a triangle (bilinear) filter whose support widens with the
 * shrink factor, so downscaling averages every source pixel instead of skipping most of them (aliasing).
 */
interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  stride: number;
}

function taps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(1, scale);
  const support = filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float32Array(outSize * stride);
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(center - support + 0.5));
    const hi = Math.min(inSize, Math.floor(center + support + 0.5));
    let total = 0;
    for (let i = lo; i < hi; i++) {
      const w = Math.max(0, 1 - Math.abs((i - center + 0.5) / filterScale));
      weights[o * stride + i - lo] = w;
      total += w;
    }
    for (let i = 0; i < hi - lo; i++) weights[o * stride + i] /= total || 1;
    start[o] = lo;
    count[o] = hi - lo;
  }
  return { start, count, weights, stride };
}

/** Resizes row-major HWC uint8 pixels to outH × outW. */
export function resizeImage(src: Uint8Array, h: number, w: number, c: number, outH: number, outW: number): Uint8Array {
  if (h === outH && w === outW) return src;
  const tx = taps(w, outW);
  const ty = taps(h, outH);
  const mid = new Float32Array(h * outW * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < outW; x++) {
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        for (let k = 0; k < tx.count[x]; k++) s += tx.weights[x * tx.stride + k] * src[(y * w + tx.start[x] + k) * c + ch];
        mid[(y * outW + x) * c + ch] = s;
      }
    }
  }
  const out = new Uint8Array(outH * outW * c);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        for (let k = 0; k < ty.count[y]; k++) s += ty.weights[y * ty.stride + k] * mid[((ty.start[y] + k) * outW + x) * c + ch];
        out[(y * outW + x) * c + ch] = Math.min(255, Math.max(0, Math.round(s)));
      }
    }
  }
  return out;
}

/** Python's round() of a non-negative half-integer or integer: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.floor(x);
  const frac = x - r;
  if (frac !== 0.5) return Math.round(x);
  return r % 2 === 0 ? r : r + 1;
}

/**
 * The geometry of torchvision's Resize(resize) then CenterCrop(crop) on an h×w image: the shorter side becomes
 * `resize` and the longer `int(resize · long / short)` (truncated), then the crop starts at
 * `int(round((size − crop) / 2))` — Python's round, so a half-pixel offset goes to the even side.
 */
export function centreCropGeometry(h: number, w: number, resize: number, crop: number): { rh: number; rw: number; top: number; left: number } {
  const [rh, rw] = h <= w ? [resize, Math.max(resize, Math.floor((resize * w) / h))] : [Math.max(resize, Math.floor((resize * h) / w)), resize];
  return { rh, rw, top: roundHalfEven((rh - crop) / 2), left: roundHalfEven((rw - crop) / 2) };
}

/** torchvision's Resize(resize) then CenterCrop(crop) on uint8 pixels (see `centreCropGeometry`). */
export function resizeAndCentreCrop(src: Uint8Array, h: number, w: number, c: number, resize: number, crop: number): Uint8Array {
  const { rh, rw, top, left } = centreCropGeometry(h, w, resize, crop);
  const resized = resizeImage(src, h, w, c, rh, rw);
  if (rh === crop && rw === crop) return resized;
  if (rh < crop || rw < crop) throw new Error(`Cannot crop ${crop}×${crop} from ${rh}×${rw}.`);
  const out = new Uint8Array(crop * crop * c);
  for (let y = 0; y < crop; y++) out.set(resized.subarray(((top + y) * rw + left) * c, ((top + y) * rw + left + crop) * c), y * crop * c);
  return out;
}
