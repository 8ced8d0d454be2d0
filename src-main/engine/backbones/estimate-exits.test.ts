import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { sweepConfigSchema } from '../config';
import { tmpDir } from '../data/idx-fixtures';
import { estimateRun } from './estimate';

const config = (exits: string[]) => sweepConfigSchema.parse({ dataset: 'cifar10:/x', backbone: 'resnet20', alphas: [0.5], limit: 200, exits });
const cacheDir = tmpDir('leenet-cache-');

beforeAll(async () => {
  await initBackend('cpu');
});

describe('estimateRun with chosen exits', () => {
  it('reads exits inside stages and under their block names, and names an unknown one with the candidates', async () => {
    const aliased = await estimateRun(config(['layer1.2', 'relu', 'layer2.0']), { cacheDir });
    const named = await estimateRun(config(['relu', 'layer1', 'layer2.0']), { cacheDir });
    expect(aliased.seconds).toBeGreaterThan(0);
    expect(aliased.bytes).toBe(named.bytes);
    expect(aliased.phases.heads).toBeCloseTo(named.phases.heads, 9);
    await expect(estimateRun(config(['layer9']), { cacheDir })).rejects.toThrow(/Unknown exit point\(s\) layer9 for resnet20\. Candidates: relu, layer1\.0/);
  });
});
