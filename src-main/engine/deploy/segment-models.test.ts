import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { backboneSpec } from '../backbones/catalog';
import { resolveExitPoints } from '../backbones/exit-points';
import { loadLayersModel, saveLayersModel } from '../backbones/model-io';
import { randomValues } from '../backend/testing';
import { cutBackbone } from './segment-models';
import { ModelSegments } from './segment-runner';

beforeAll(async () => {
  await initBackend('wasm');
});

/** The segments run one after another, through files, reproduce the whole backbone's logits. */
async function roundTrip(name: string, exitNames: string[] | null): Promise<void> {
  const spec = backboneSpec(name);
  const backbone = spec.build(3, 10);
  // BatchNorm statistics away from 0/1, so a segment that dropped them would show.
  for (const layer of backbone.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(randomValues(w.shape, i + 1).map((v) => (i === 3 ? 1 + Math.abs(v) : v)), w.shape)));
  }
  const exits = resolveExitPoints(spec, backbone, exitNames ?? spec.exits);
  const segments = await cutBackbone(backbone, exits);
  expect(segments.length).toBe(exits.length + 1);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leenet-seg-'));
  const loaded = [];
  for (const [k, s] of segments.entries()) {
    await saveLayersModel(s.model, path.join(dir, String(k)));
    s.model.dispose();
    loaded.push({ ...s, model: await loadLayersModel(path.join(dir, String(k))) });
  }
  const runner = new ModelSegments(loaded);
  const [h, w, c] = spec.input;
  const x = tf.tensor4d(randomValues([5, h, w, c], 11), [5, h, w, c]);
  const before = tf.memory().numTensors;
  const state = new Map<string, tf.Tensor>([[runner.inputName, x]]);
  const acts: tf.Tensor[] = [];
  for (let k = 0; k < runner.count; k++) acts.push(runner.run(k, state));
  const expected = tf.model({ inputs: backbone.inputs, outputs: [...exits.map((e) => backbone.getLayer(e).output as tf.SymbolicTensor), backbone.outputs[0]] }).predict(x) as tf.Tensor[];
  for (const [k, a] of acts.entries()) {
    const diff = tf.tidy(() => tf.max(tf.abs(a.sub(expected[k]))).dataSync()[0]);
    const scale = tf.tidy(() => tf.max(tf.abs(expected[k])).dataSync()[0]);
    expect(diff).toBeLessThanOrEqual(1e-5 * Math.max(1, scale));
  }
  state.delete(runner.inputName);
  tf.dispose([...state.values(), ...expected]);
  expect(tf.memory().numTensors).toBe(before);
  runner.dispose();
  x.dispose();
  backbone.dispose();
}

describe('cutting a backbone at its exits into standalone tfjs models', () => {
  it('mnist-small, with an exit inside a stage', async () => {
    await roundTrip('mnist-small', null);
  });

  it('CIFAR ResNet-20: skip connections cross no cut, BatchNorm kept', async () => {
    await roundTrip('resnet20', null);
  });
});
