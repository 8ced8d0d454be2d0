import { initBackend } from '/work/main/src-main/engine/backend.ts';
import { loadEarlyExitModel } from '/work/main/src-main/engine/deploy/load-early-exit-model';
import { loadLayersModel } from '/work/main/src-main/engine/backbones/model-io';
import { profileLatency } from '/work/main/src-main/engine/evaluate/profile-latency';
import { loadDataset } from '/work/main/src-main/engine/data/load-dataset';
import { SegmentedBackbone } from '/work/main/src-main/engine/evaluate/segmented-backbone';
import { readFileSync } from 'node:fs';
await initBackend('wasm');
const m = await loadEarlyExitModel('/tmp/exp1');
const ds = await loadDataset('mnist', { imageSize: { resize: 28, crop: 28, channels: 1 } });
const run = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const backbone = await loadLayersModel(run.provision.dir);
const B = Number(process.argv[3] ?? 64);
const imgs = Array.from({ length: B }, (_, i) => ({ data: ds.test!.images.subarray(i * 784, (i + 1) * 784), height: 28, width: 28, channels: 1 }));
const x = m.preprocess(imgs);
const exitLayers = m.manifest.exits.slice(0, -1).map((e) => e.name);
for (const [name, seg] of [['layerwise', new SegmentedBackbone(backbone, exitLayers)], ['models', m.network.runner]] as const) {
  const p = await profileLatency({ ...m.network.model, backbone }, seg, x, 'wasm', 5);
  console.log(name, 'B', B, 'full', p.fullMsPerImage.toFixed(4), 'steps', p.stepMs.map((v) => v.toFixed(4)).join(' '), 'exit part', p.exitMs.map((v) => v.toFixed(4)).join(' '), 'sum', p.stepMs.reduce((a, b) => a + b, 0).toFixed(4));
}
import { earlyExitBatch } from '/work/main/src-main/engine/evaluate/early-exit-runtime';
const time = async (f: () => Promise<unknown>) => { let best = Infinity; for (let r = 0; r < 6; r++) { const t = performance.now(); await f(); if (r) best = Math.min(best, performance.now() - t); } return best / B; };
const base = m.network.model;
const runner = m.network.runner;
console.log('full(predictFull)', (await time(() => m.predictFull(x))).toFixed(4));
for (const th of [1.1, 0.9848, 0.5, 0.0]) {
  console.log('gates threshold', th, (await time(() => earlyExitBatch({ ...base, rule: { kind: 'gates', threshold: th } }, runner, x))).toFixed(4));
}
console.log('max-softmax never', (await time(() => earlyExitBatch({ ...base, rule: { kind: 'max-softmax', threshold: 2 } }, runner, x))).toFixed(4));
