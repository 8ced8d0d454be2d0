import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { initBackend } from '../backend';
import { backboneSpec } from '../backbones/catalog';
import { resolveExitPoints } from '../backbones/exit-points';
import { DenseNet } from '../exits/dense-net';
import { DenseExitHead } from '../exits/head-model';
import { profileLatency } from './profile-latency';
import { SegmentedBackbone } from './segmented-backbone';
import { pooledSize } from '../exits/pooling';

it('profiles every step of early exit and the plain backbone, and frees every tensor', async () => {
  await initBackend('wasm');
  const spec = backboneSpec('mnist-small');
  const backbone = spec.build(1, 10);
  const exits = resolveExitPoints(spec, backbone, spec.exits);
  const heads = exits.map((e) => new DenseExitHead(new DenseNet({ inDim: pooledSize('adaptive', 4, (backbone.getLayer(e).outputShape as number[]).slice(1)), hidden: null, outDim: 10 }, 1)));
  const gates = exits.map((_, k) => new DenseNet({ inDim: 4 + k, hidden: null, outDim: 1 }, 1));
  const x = tf.zeros([64, 28, 28, 1]) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  const p = await profileLatency({ backbone, exitLayers: exits, heads, gates, pooling: 'adaptive', grid: 4, gateInput: 'uncertainty', temperatures: [1, 1, 1, 1, 1, 1] }, new SegmentedBackbone(backbone, exits), x, 'wasm');
  expect(tf.memory().numTensors).toBe(before);
  expect(p).toMatchObject({ backend: 'wasm', batchSize: 64 });
  expect(p.stepMs).toHaveLength(exits.length + 1);
  p.stepMs.forEach((ms, k) => {
    expect(ms).toBeGreaterThan(0);
    expect(p.exitMs[k]).toBeLessThanOrEqual(ms);
  });
  // The last step is the classifier's segment alone: no exit after it.
  expect(p.exitMs.at(-1)).toBe(0);
  expect(p.fullMsPerImage).toBeGreaterThan(0);
  tf.dispose(x);
  [...heads, ...gates].forEach((n) => n.dispose());
  backbone.dispose();
});
