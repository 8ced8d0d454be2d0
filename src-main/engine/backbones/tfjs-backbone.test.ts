import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../config';
import { tmpDir } from '../data/idx-fixtures';
import { writeImageFolder } from '../data/image-fixtures';
import { runSweep } from '../sweep/run-sweep';
import { backboneSpec } from './catalog';
import { buildCifarResnet } from './cifar-resnet';
import { saveLayersModel } from './model-io';
import { batchOf } from '../data/batches';
import { loadDataset } from '../data/load-dataset';
import { loadEarlyExitModel } from '../deploy/load-early-exit-model';
import { runExport } from '../deploy/run-export';
import type { SampleRecords } from '../runs/types';

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
    const workspace = tmpDir('leenet-ws-');
    const result = await runSweep(sweepConfigSchema.parse({ ...base, exits: ['layer1', 'layer2.1'] }), { workspace, cacheDir, backend: 'wasm' });
    expect(result.status).toBe('finished');
    expect(result.exits.map((e) => e.name)).toEqual(['layer1', 'layer2.1', 'final']);
    expect(result.timings.transfer).toBeGreaterThan(0);
    // Image folders stream from disk, so their feature pass is stored (train, val, test).
    expect(readdirSync(path.join(cacheDir, 'features'))).toHaveLength(3);
    expect(existsSync(path.join(cacheDir, 'backbones'))).toBe(false);

    // Exported with its new classifier, the model decides every test image as the run recorded.
    const out = path.join(tmpDir('leenet-export-'), 'model');
    await runExport(workspace, result.runId, { kind: 'alpha', alpha: 0.5 }, out, { cacheDir });
    const records = JSON.parse(readFileSync(path.join(result.dir, 'samples.json'), 'utf8')) as SampleRecords;
    const dataset = await loadDataset(`imagefolder:${data}`, { imageSize: { resize: 32, crop: 32, channels: 3 } });
    const part = await batchOf(dataset.test!, Int32Array.from(records.index));
    const loaded = await loadEarlyExitModel(out);
    expect(loaded.manifest.classNames).toEqual(['cat', 'dog']);
    const size = 32 * 32 * 3;
    const images = Array.from(part.idx, (i) => ({ data: part.set.images.subarray(i * size, (i + 1) * size), height: 32, width: 32, channels: 3 }));
    const got = await loaded.predict(images);
    expect(got.map((p) => p.exit)).toEqual(records.exitTaken[0]);
    expect(got.map((p) => p.classIndex)).toEqual(got.map((p, i) => records.exits[p.exit].prediction[i]));
    loaded.dispose();
  }, 120_000);
});
