import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../config';
import { tmpDir } from '../data/idx-fixtures';
import { writeImageFolder } from '../data/image-fixtures';
import { runSweep } from '../sweep';
import { backboneSpec } from './catalog';
import { buildCifarResnet } from './cifar-resnet';
import { saveLayersModel } from './model-io';

describe('a tfjs LayersModel folder as backbone', () => {
  it('sweeps an image folder with exits chosen by name, a new classifier for its classes, features kept on disk', async () => {
    const modelDir = path.join(tmpDir('leenet-tfjs-'), 'model');
    const model = buildCifarResnet(20, 8, 10);
    await saveLayersModel(model, modelDir);
    model.dispose();
    const spec = backboneSpec(`tfjs:${modelDir}`);
    expect(spec).toMatchObject({ input: [32, 32, 3], exits: [] });

    const data = tmpDir('leenet-if-');
    writeImageFolder(path.join(data, 'train'), ['cat', 'dog'], 10);
    writeImageFolder(path.join(data, 'val'), ['cat', 'dog'], 4);
    const cacheDir = tmpDir('leenet-cache-');
    const base = { dataset: `imagefolder:${data}`, backbone: `tfjs:${modelDir}`, alphas: [0.5], epochs: { heads: 2, gates: 3 } };
    await expect(runSweep(sweepConfigSchema.parse(base), { workspace: tmpDir('leenet-ws-'), cacheDir, backend: 'wasm' })).rejects.toThrow(/has no exit presets: choose its exit layers by name/);
    const result = await runSweep(sweepConfigSchema.parse({ ...base, exits: ['layer1', 'layer2.1'] }), { workspace: tmpDir('leenet-ws-'), cacheDir, backend: 'wasm' });
    expect(result.status).toBe('finished');
    expect(result.exits.map((e) => e.name)).toEqual(['layer1', 'layer2.1', 'final']);
    expect(result.timings.transfer).toBeGreaterThan(0);
    // Image folders stream from disk, so their feature pass is stored (train, val, test).
    expect(readdirSync(path.join(cacheDir, 'features'))).toHaveLength(3);
    expect(existsSync(path.join(cacheDir, 'backbones'))).toBe(false);
  }, 120_000);
});
