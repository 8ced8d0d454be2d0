import type * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { backboneSpec, BACKBONE_NAMES, type BackboneSpec } from './catalog';
import { exitCandidates, listExitCandidates, resolveExitPoints } from './exit-points';

const small = ['mnist-small', 'resnet20', 'resnet56'] as const;
const models = new Map<string, tf.LayersModel>();
const model = (name: (typeof small)[number]) => models.get(name)!;

beforeAll(async () => {
  await initBackend('cpu');
  for (const name of small) models.set(name, backboneSpec(name).build(0, 10));
});
afterAll(() => models.forEach((m) => m.dispose()));

function expectDepthOrder(costs: number[]) {
  for (let i = 1; i < costs.length; i++) expect(costs[i]).toBeGreaterThan(costs[i - 1]);
  expect(costs[costs.length - 1]).toBeLessThanOrEqual(1);
}

describe('exit candidates', () => {
  it('mnist-small: the stem, inside each block and at its end, presets flagged', () => {
    const c = exitCandidates(backboneSpec('mnist-small'), model('mnist-small'));
    expect(c.map((x) => x.name)).toEqual(['stem', 'stage1_relu1', 'stage1', 'stage2_relu1', 'stage2', 'stage3_relu1', 'stage3']);
    expect(c.filter((x) => x.preset).map((x) => x.name)).toEqual(['stem', 'stage1_relu1', 'stage1', 'stage2', 'stage3']);
    expectDepthOrder(c.map((x) => x.cost));
    expect(c[0].cost).toBeLessThan(0.05);
    // The block's first convolution is about half of the block: the point of an exit inside it.
    expect(c[1].cost).toBeCloseTo(0.218, 3);
    expect(c[2].cost).toBeCloseTo(0.41, 2);
  });

  it('resnet20: the stem and every block, a stage’s last block named after the stage', () => {
    const c = exitCandidates(backboneSpec('resnet20'), model('resnet20'));
    expect(c.map((x) => x.name)).toEqual(['relu', 'layer1.0', 'layer1.1', 'layer1', 'layer2.0', 'layer2.1', 'layer2', 'layer3.0', 'layer3.1', 'layer3']);
    expect(c.filter((x) => x.preset).map((x) => x.name)).toEqual(['layer1', 'layer2', 'layer3']);
    expectDepthOrder(c.map((x) => x.cost));
    expect(c[0].cost).toBeLessThan(0.05);
    expect(c[1].cost).toBeCloseTo(0.128, 3);
  });

  it('every catalog backbone declares its presets among its candidates, and its aliases name candidates', () => {
    for (const name of BACKBONE_NAMES) {
      const spec = backboneSpec(name);
      expect(spec.exits.every((e) => spec.exitCandidates?.includes(e)), name).toBe(true);
      for (const target of Object.values(spec.exitAliases ?? {})) expect(target.endsWith('.cat') || spec.exitCandidates?.includes(target), `${name}: ${target}`).toBe(true);
    }
  });

  it('a backbone without declared candidates offers every layer with a 4-D output but the input', () => {
    const spec: BackboneSpec = { ...backboneSpec('mnist-small'), exits: [], exitCandidates: undefined };
    const c = exitCandidates(spec, model('mnist-small'));
    const m = model('mnist-small');
    expect(c.map((x) => x.name).sort()).toEqual(
      m.layers
        .filter((l) => l.name !== 'input' && (l.outputShape as number[]).length === 4)
        .map((l) => l.name)
        .sort(),
    );
    expect(c[0].name).toBe('stem_conv');
    expect(c.some((x) => x.name === 'pool' || x.name === 'classifier' || x.preset)).toBe(false);
    for (let i = 1; i < c.length; i++) expect(c[i].cost).toBeGreaterThanOrEqual(c[i - 1].cost);
  });
});

describe('resolveExitPoints', () => {
  const resnet20 = () => [backboneSpec('resnet20'), model('resnet20')] as const;

  it('takes a stage’s last block under its block name', () => {
    expect(resolveExitPoints(...resnet20(), ['layer1.2'])).toEqual(['layer1']);
    expect(resolveExitPoints(backboneSpec('resnet56'), model('resnet56'), ['layer1.8', 'layer2.8', 'layer3.7'])).toEqual(['layer1', 'layer2', 'layer3.7']);
  });

  it('puts an out-of-order list in depth order without duplicates', () => {
    expect(resolveExitPoints(...resnet20(), ['layer3', 'relu', 'layer1.2', 'layer2.0', 'layer1'])).toEqual(['relu', 'layer1', 'layer2.0', 'layer3']);
    expect(resolveExitPoints(backboneSpec('mnist-small'), model('mnist-small'), ['stage2', 'stage1_relu1', 'stem'])).toEqual(['stem', 'stage1_relu1', 'stage2']);
  });

  it('still accepts any layer of the model', () => {
    expect(resolveExitPoints(...resnet20(), ['layer2.0.conv1', 'layer1.1.bn2'])).toEqual(['layer1.1.bn2', 'layer2.0.conv1']);
  });

  it('names every unknown exit once and lists the candidates', () => {
    expect(() => resolveExitPoints(...resnet20(), ['layer1', 'layer7', 'layer1.3'])).toThrow(
      'Unknown exit point(s) layer7, layer1.3 for resnet20. Candidates: relu, layer1.0, layer1.1, layer1, layer2.0, layer2.1, layer2, layer3.0, layer3.1, layer3; any layer name works.',
    );
  });

  it('shortens a long candidate list in the error', () => {
    const spec: BackboneSpec = { ...backboneSpec('resnet56'), exitCandidates: undefined };
    expect(() => resolveExitPoints(spec, model('resnet56'), ['nope'])).toThrow(/Candidates: conv1, bn1, relu, .*… \(\d+ more: leenet info --backbone resnet56\); any layer name works\.$/);
  });
});

describe('listExitCandidates', () => {
  it('computes a small backbone’s from its model, to 4 decimals', async () => {
    const listed = await listExitCandidates(backboneSpec('resnet20'));
    const exact = exitCandidates(backboneSpec('resnet20'), model('resnet20'));
    expect(listed.map((c) => c.name)).toEqual(exact.map((c) => c.name));
    listed.forEach((c, i) => expect(c.cost).toBeCloseTo(exact[i].cost, 4));
  });

  it('takes the torchvision backbones’ declared costs without building them', async () => {
    const build = () => {
      throw new Error('built');
    };
    const listed = await listExitCandidates({ ...backboneSpec('vgg11'), build });
    expect(listed.filter((c) => c.preset).map((c) => c.name)).toEqual(backboneSpec('vgg11').exits);
    expectDepthOrder(listed.map((c) => c.cost));
  });
});
