import { beforeAll, describe, expect, it } from 'vitest';
import { buildMnistSmall, MNIST_SMALL_EXITS } from '../backbones/mnist-small';
import { costUpTo, layerFlops, layerParams, normaliseCosts, totalCost } from './costs';
import { exitCosts } from './exit-costs';
import { denseHeadCost } from './head-model';
import { initBackend } from '../backend';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('costs', () => {
  let model: ReturnType<typeof buildMnistSmall>;
  beforeAll(() => {
    model = buildMnistSmall(0);
  });

  it('counts a conv layer by hand: 2·(3·3·Cin)·H·W·Cout', () => {
    expect(layerFlops(model.getLayer('stem_conv'))).toBe(2 * 9 * 1 * 28 * 28 * 8);
    expect(layerFlops(model.getLayer('stage2_a_conv'))).toBe(2 * 9 * 8 * 14 * 14 * 16);
    expect(layerFlops(model.getLayer('classifier'))).toBe(2 * 32 * 10 + 10);
  });

  it('counts trainable parameters as PyTorch does (batch-norm statistics excluded)', () => {
    expect(layerParams(model.getLayer('stem_bn'))).toBe(16);
    expect(layerParams(model.getLayer('classifier'))).toBe(330);
    const total = model.layers.reduce((a, l) => a + layerParams(l), 0);
    const bnBuffers = model.layers.filter((l) => l.getClassName() === 'BatchNormalization').reduce((a, l) => a + 2 * (l.getWeights()[0]?.size ?? 0), 0);
    expect(total).toBe(model.countParams() - bnBuffers);
  });

  it('cost up to a stage grows with depth and stays below the whole model', () => {
    const c = MNIST_SMALL_EXITS.map((e) => costUpTo(model.getLayer(e), 'flops'));
    expect(c[0]).toBeLessThan(c[1]);
    expect(c[1]).toBeLessThan(c[2]);
    expect(c[2]).toBeLessThan(totalCost(model, 'flops'));
  });

  it('exit costs include heads and gates; normalised first 0, last 1', () => {
    const costs = exitCosts({
      backbone: model,
      exitLayers: [...MNIST_SMALL_EXITS],
      pooling: 'adaptive',
      heads: [128, 256, 512].map((d) => denseHeadCost({ inDim: d, hidden: null, outDim: 10 })),
      gateInput: 'pooled',
      gateDims: [128, 256, 512],
      model: 'flops',
    });
    expect(costs.normalised[0]).toBe(0);
    expect(costs.normalised[3]).toBe(1);
    expect(costs.fraction[3]).toBeGreaterThan(1); // every exit passed on the way costs extra
    expect(costs.raw[0]).toBeGreaterThan(costUpTo(model.getLayer('stage1'), 'flops'));
    expect(normaliseCosts([2, 3, 6])).toEqual([0, 0.25, 1]);
  });
});
