import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backboneSpec, countParams, listBackbones } from './catalog';
import { ChannelPadShortcut } from './channel-pad-shortcut';
import { buildCifarResnet } from './cifar-resnet';
import { loadLayersModel, saveLayersModel } from './model-io';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const outShape = (m: tf.LayersModel, name: string) => (m.getLayer(name).outputShape as number[]).slice(1);

describe('torchvision backbones', () => {
  // Each is built once: VGG-11 alone holds 133 M weights.
  it.each([
    ['resnet50', 25_557_032, { layer1: [56, 56, 256], layer2: [28, 28, 512], layer3: [14, 14, 1024], layer4: [7, 7, 2048] }],
    ['vgg11', 132_863_336, { 'features.2': [112, 112, 64], 'features.10': [28, 28, 256], 'features.20': [7, 7, 512] }],
    ['densenet121', 7_978_856, { 'features.transition1': [28, 28, 128], 'features.transition3': [7, 7, 512], 'features.denseblock4': [7, 7, 1024] }],
  ] as const)('%s has torchvision parameter count %i and stage shapes', (name, params, shapes) => {
    const spec = backboneSpec(name);
    const model = spec.build(0, 1000);
    try {
      expect(countParams(model)).toBe(params);
      expect(spec.params).toBe(params);
      for (const [layer, shape] of Object.entries(shapes)) expect(outShape(model, layer)).toEqual(shape);
      for (const e of spec.exits) expect(() => model.getLayer(e)).not.toThrow();
      expect(model.getLayer(spec.classifier!).getClassName()).toBe('Dense');
      expect(() => model.getLayer(spec.penultimate!)).not.toThrow();
    } finally {
      model.dispose();
    }
  });
});

describe('CIFAR ResNets', () => {
  it.each([
    [20, 269_722],
    [32, 464_154],
    [44, 658_586],
    [56, 853_018],
  ] as const)('resnet%i has %i parameters', (depth, params) => {
    const model = buildCifarResnet(depth, 0, 10);
    expect(countParams(model)).toBe(params);
    expect(backboneSpec(`resnet${depth}`).params).toBe(params);
    expect(outShape(model, 'layer1')).toEqual([32, 32, 16]);
    expect(outShape(model, 'layer3')).toEqual([8, 8, 64]);
    model.dispose();
  });

  it('names layers as the PyTorch state dict does', () => {
    const model = buildCifarResnet(20, 0);
    const names = model.layers.filter((l) => l.trainableWeights.length).map((l) => l.name);
    expect(names.slice(0, 4)).toEqual(['conv1', 'bn1', 'layer1.0.conv1', 'layer1.0.bn1']);
    expect(names).toContain('layer3.2.bn2');
    expect(names[names.length - 1]).toBe('linear');
    model.dispose();
  });

  it('option-A shortcut keeps even rows and columns and zero-pads channels', () => {
    const x = tf.tensor4d(Array.from({ length: 4 * 4 * 2 }, (_, i) => i), [1, 4, 4, 2]);
    const y = new ChannelPadShortcut({ pad: 1 }).apply(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 2, 2, 4]);
    // pixel (0,0) holds channels [0,1]; (0,2) → [4,5]; (2,0) → [16,17]; (2,2) → [20,21].
    expect(Array.from(y.dataSync())).toEqual([0, 0, 1, 0, 0, 4, 5, 0, 0, 16, 17, 0, 0, 20, 21, 0]);
  });

  describe('save and load', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'leenet-cifar-resnet-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('round-trips through a tfjs LayersModel folder with the custom shortcut layer', async () => {
      const model = buildCifarResnet(20, 3);
      const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 1);
      const before = (model.predict(x) as tf.Tensor).dataSync();
      await saveLayersModel(model, path.join(dir, 'm'));
      const loaded = await loadLayersModel(path.join(dir, 'm'));
      expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from(before));
      model.dispose();
      loaded.dispose();
    });
  });
});

describe('catalog', () => {
  it('lists every backbone with its declared parameter count', () => {
    const list = listBackbones();
    expect(list.map((b) => b.name)).toEqual(['mnist-small', 'resnet20', 'resnet32', 'resnet44', 'resnet56', 'resnet50', 'vgg11', 'densenet121']);
    expect(list.find((b) => b.name === 'resnet50')?.input).toEqual([224, 224, 3]);
  });
});
