import { initBackend } from '/work/main/src-main/engine/backend.ts';
import { loadEarlyExitModel } from '/work/main/src-main/engine/deploy/load-early-exit-model';
import { loadDataset } from '/work/main/src-main/engine/data/load-dataset';
import { earlyExitBatch } from '/work/main/src-main/engine/evaluate/early-exit-runtime';
await initBackend('wasm');
const m = await loadEarlyExitModel('/tmp/exp1');
const ds = await loadDataset('mnist', { imageSize: { resize: 28, crop: 28, channels: 1 } });
const B = 64;
const x = m.preprocess(Array.from({ length: B }, (_, i) => ({ data: ds.test!.images.subarray(i * 784, (i + 1) * 784), height: 28, width: 28, channels: 1 })));
const base = m.network.model;
for (const [name, rule] of [['gates', { kind: 'gates', threshold: 1.1 }], ['msp', { kind: 'max-softmax', threshold: 2 }]] as const) {
  const t = performance.now();
  for (let i = 0; i < 60; i++) await earlyExitBatch({ ...base, rule }, m.network.runner, x);
  console.log(name, ((performance.now() - t) / 60 / B).toFixed(4));
}
