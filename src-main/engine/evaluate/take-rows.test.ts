import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { randomValues } from '../backend/testing';
import { takeRows } from './take-rows';

describe('takeRows', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`equals tf.gather along the batch on ${backend}, and leaks nothing`, async () => {
      await initBackend(backend);
      const x = tf.tensor4d(randomValues([7, 3, 2, 5], 3), [7, 3, 2, 5]);
      const keep = Int32Array.from([0, 2, 3, 6]);
      const before = tf.memory().numTensors;
      const got = takeRows(x, keep);
      const want = tf.gather(x, tf.tensor1d(keep, 'int32'));
      expect(got.shape).toEqual([4, 3, 2, 5]);
      expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
      tf.dispose([got, want]);
      expect(tf.memory().numTensors).toBe(before + 1);
      x.dispose();
    });
  }
});
