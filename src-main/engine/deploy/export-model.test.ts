import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedPolicies } from '../budget/cached-policies';
import { sweepConfigSchema } from '../config';
import { loadDataset } from '../data/load-dataset';
import { maxSoftmaxDecisions } from '../policies/exit-rules';
import { readPolicyBundle } from '../runs/policy-bundle';
import { readSamples, runDir } from '../runs/store';
import { runSweep } from '../sweep/run-sweep';
import type { SweepResult } from '../sweep-types';
import { ExportError } from './export-model';
import { loadEarlyExitModel, ModelFolderError } from './load-early-exit-model';
import { runExport } from './run-export';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const workspace = tmp('leenet-export-ws-');
const cacheDir = tmp('leenet-export-cache-');
let run: SweepResult;

beforeAll(async () => {
  const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 0.5, 1], limit: 1200, epochs: { backbone: 1, heads: 3, gates: 10 }, seed: 3 });
  run = await runSweep(config, { workspace, cacheDir, backend: 'wasm' });
}, 300_000);

/** The run's test images, in the order its records list them. */
async function testImages(index: number[]) {
  const mnist = await loadDataset('mnist', { imageSize: { resize: 28, crop: 28, channels: 1 } });
  return index.map((i) => ({ data: mnist.test!.images.subarray(i * 784, (i + 1) * 784), height: 28, width: 28, channels: 1 }));
}

describe('exported early-exit models', () => {
  it('loaded fresh, take the same exit and give the same prediction as the run recorded, for every test sample', async () => {
    const records = await readSamples(workspace, run.runId);
    const images = await testImages(records.index);
    for (const [a, alpha] of records.alphas.entries()) {
      const out = path.join(tmp('leenet-export-'), 'model');
      await runExport(workspace, run.runId, { kind: 'alpha', alpha }, out, { cacheDir });
      const model = await loadEarlyExitModel(out);
      const before = tf.memory().numTensors;
      const got = [];
      for (let s = 0; s < images.length; s += 64) got.push(...(await model.predict(images.slice(s, s + 64))));
      expect(tf.memory().numTensors).toBe(before);
      const diff = got.flatMap((p, i) => (p.exit !== records.exitTaken[a][i] ? [`${i}: ${p.exit} vs ${records.exitTaken[a][i]}`] : []));
      expect(diff, `α = ${alpha}`).toEqual([]);
      expect(got.map((p) => p.classIndex)).toEqual(got.map((p, i) => records.exits[p.exit].prediction[i]));
      model.dispose();
    }
  });

  it('conv heads (SDN style) and gates on flattened activations export too, and decide as the run recorded', async () => {
    const ws = tmp('leenet-export-conv-');
    const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', head: 'conv', gateInput: 'flatten', exits: ['stage1', 'stage2'], alphas: [0.5], limit: 600, epochs: { backbone: 1, heads: 2, gates: 10 }, seed: 3 });
    const r = await runSweep(config, { workspace: ws, cacheDir, backend: 'wasm' });
    const records = await readSamples(ws, r.runId);
    const out = path.join(tmp('leenet-export-'), 'model');
    const e = await runExport(ws, r.runId, { kind: 'alpha', alpha: 0.5 }, out, { cacheDir });
    expect(e.manifest.convHeads).toHaveLength(2);
    expect(e.manifest.rule).toMatchObject({ kind: 'gates', gateInput: 'flatten' });
    const model = await loadEarlyExitModel(out);
    const got = await model.predict(await testImages(records.index));
    expect(got.map((p) => p.exit)).toEqual(records.exitTaken[0]);
    expect(got.map((p) => p.classIndex)).toEqual(got.map((p, i) => records.exits[p.exit].prediction[i]));
    model.dispose();
  }, 300_000);

  it('a budget chosen on validation exports its rule: max-softmax decides as the cached evaluation does', async () => {
    const out = path.join(tmp('leenet-export-'), 'model');
    const r = await runExport(workspace, run.runId, { kind: 'budget', target: { kind: 'speedup', value: 1.5 }, policy: 'max-softmax' }, out, { cacheDir });
    expect(r.manifest.rule.kind).toBe('max-softmax');
    const cache = cachedPolicies(await readPolicyBundle(runDir(workspace, run.runId)));
    const expected = maxSoftmaxDecisions(cache.splits.test.summaries, cache.splits.test.n, r.point.threshold!);
    const records = await readSamples(workspace, run.runId);
    const model = await loadEarlyExitModel(out);
    const x = model.preprocess(await testImages(records.index));
    const got = await model.predictBatch(x);
    x.dispose();
    expect(Array.from(got.exit)).toEqual(Array.from(expected));
    expect(got.exit.reduce((a, e) => a + (e === 5 ? 1 : 0), 0) / got.exit.length).toBeCloseTo(r.point.test.exitFractions[5], 6);
    model.dispose();
  });

  it('refuses a folder that is not its own, and leaves it as it was', async () => {
    const out = tmp('leenet-export-busy-');
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    await expect(runExport(workspace, run.runId, { kind: 'alpha', alpha: 0.5 }, out, { cacheDir })).rejects.toThrow(ExportError);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    await expect(runExport(workspace, run.runId, { kind: 'alpha', alpha: 0.3 }, path.join(out, 'new'), { cacheDir })).rejects.toThrow(/no operating point for α = 0.3/);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('a folder that is not an exported model gets a clear error', async () => {
    const empty = tmp('leenet-not-a-model-');
    await expect(loadEarlyExitModel(empty)).rejects.toThrow(ModelFolderError);
    writeFileSync(path.join(empty, 'leenet-model.json'), '{"format": "leenet-early-exit", "version": 1}');
    await expect(loadEarlyExitModel(empty)).rejects.toThrow(/not a LEENet model manifest/);
  });
});
