import * as tf from '@tensorflow/tfjs';
import { initBackend } from '/work/main/src-main/engine/backend.ts';
import { loadEarlyExitModel } from '/work/main/src-main/engine/deploy/load-early-exit-model';
import { loadDataset } from '/work/main/src-main/engine/data/load-dataset';
await initBackend('wasm');
const m = await loadEarlyExitModel('/tmp/exp1');
const ds = await loadDataset('mnist', { imageSize: { resize: 28, crop: 28, channels: 1 } });
const imgs = (B: number) => Array.from({ length: B }, (_, i) => ({ data: ds.test!.images.subarray(i * 784, (i + 1) * 784), height: 28, width: 28, channels: 1 }));
const runner = m.network.runner;
const best = (f: () => void, reps = 8) => { let b = Infinity; for (let r = 0; r < reps; r++) { const t = performance.now(); f(); if (r) b = Math.min(b, performance.now() - t); } return b; };
for (const B of [64, 63, 33, 32, 31, 17, 5]) {
  const x = m.preprocess(imgs(B));
  const st = new Map<string, tf.Tensor>([[runner.inputName, x]]);
  const a0 = runner.run(0, st);
  for (let k = 1; k < 6; k++) runner.run(k, st);
  const times = [1, 2, 3, 4, 5].map((k) => best(() => { const s2 = new Map(st); const y = runner.run(k, s2); y.dataSync(); for (const [n, t] of s2) if (!st.has(n)) t.dispose(); }));
  const keep = tf.tensor1d(Array.from({ length: Math.floor(B / 2) }, (_, i) => 2 * i), 'int32');
  const g = best(() => { const s3 = runner.shrink(0, st, keep); for (const t of s3.values()) { t.dataSync(); t.dispose(); } });
  console.log(B, 'seg1..5 ms', times.map((t) => t.toFixed(2)).join(' '), 'gather half', g.toFixed(2), 'shape', a0.shape.join('x'));
}
