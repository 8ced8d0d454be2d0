import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptivePoolMatrix, poolFeatures, pooledSize } from './pooling';
import { initBackend } from '../backend';

beforeAll(async () => {
  await initBackend('cpu');
});

/** PyTorch's adaptive_avg_pool2d, written directly. */
function reference(x: number[][][][], gh: number, gw: number): number[] {
  const out: number[] = [];
  const [h, w, c] = [x[0].length, x[0][0].length, x[0][0][0].length];
  for (let i = 0; i < gh; i++)
    for (let j = 0; j < gw; j++)
      for (let k = 0; k < c; k++) {
        const [h0, h1] = [Math.floor((i * h) / gh), Math.ceil(((i + 1) * h) / gh)];
        const [w0, w1] = [Math.floor((j * w) / gw), Math.ceil(((j + 1) * w) / gw)];
        let s = 0;
        for (let a = h0; a < h1; a++) for (let b = w0; b < w1; b++) s += x[0][a][b][k];
        out.push(s / ((h1 - h0) * (w1 - w0)));
      }
  return out;
}

describe('adaptive pooling', () => {
  it('matrix rows average overlapping windows', () => {
    const m = adaptivePoolMatrix(7, 4); // windows [0,2) [1,4) [3,6) [5,7)
    expect(m[0 * 4 + 0]).toBeCloseTo(0.5);
    expect(m[1 * 4 + 1]).toBeCloseTo(1 / 3);
    expect(m[6 * 4 + 3]).toBeCloseTo(0.5);
  });

  it.each([
    [7, 7, 4],
    [14, 14, 4],
    [28, 28, 4],
    [5, 9, 3],
  ])('%i×%i → grid %i equals the reference', (h, w, g) => {
    const x = tf.randomUniform([1, h, w, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const got = poolFeatures(x, 'adaptive', g);
    expect(got.shape).toEqual([1, pooledSize('adaptive', g, [h, w, 3])]);
    const want = reference(x.arraySync(), Math.min(g, h), Math.min(g, w));
    Array.from(got.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    tf.dispose([x, got]);
  });

  it('gap and flatten give C and H·W·C features', () => {
    const x = tf.ones([2, 3, 3, 4]) as tf.Tensor4D;
    expect(poolFeatures(x, 'gap', 4).shape).toEqual([2, 4]);
    expect(poolFeatures(x, 'flatten', 4).shape).toEqual([2, 36]);
  });
});
