import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { backboneSpec } from './catalog';
import { exitCandidates, resolveExitPoints } from './exit-points';
import { modelForShapes } from './throughput';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('torchvision exit candidates', () => {
  // Each is built once, as the catalog would otherwise build it to list them (VGG-11 alone holds 133 M weights).
  it.each(['resnet50', 'vgg11', 'densenet121'])('%s: declared costs match the model, in depth order; aliases resolve', async (name) => {
    const spec = backboneSpec(name);
    const model = await modelForShapes(spec);
    try {
      const computed = exitCandidates(spec, model);
      expect(computed.map((c) => c.name)).toEqual(spec.exitCandidates);
      for (const c of computed) expect(Math.abs(c.cost - spec.exitCosts![c.name]), c.name).toBeLessThan(5e-5);
      expect(Object.keys(spec.exitCosts!)).toEqual(spec.exitCandidates);
      const aliases = Object.keys(spec.exitAliases ?? {});
      expect(resolveExitPoints(spec, model, aliases)).toEqual(resolveExitPoints(spec, model, Object.values(spec.exitAliases ?? {})));
    } finally {
      model.dispose();
    }
  });

  it('resnet50 and densenet121 take block names for the layers named after their stage or block', () => {
    expect(backboneSpec('resnet50').exitAliases).toMatchObject({ 'layer1.2': 'layer1', 'layer3.5': 'layer3', 'layer4.2': 'layer4' });
    expect(backboneSpec('densenet121').exitAliases).toMatchObject({ 'features.denseblock1.denselayer6': 'features.denseblock1', 'features.denseblock2.denselayer4': 'features.denseblock2.denselayer4.cat' });
  });
});
