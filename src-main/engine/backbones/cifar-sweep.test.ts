import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../config';
import { writeCifar10 } from '../data/cifar-fixtures';
import { tmpDir } from '../data/idx-fixtures';
import { getRun } from '../runs/store';
import { runSweep } from '../sweep/run-sweep';
import type { SweepEvent } from '../sweep-types';
import { exportStateDict } from '../weights/export-state-dict';
import { encodeSafetensors } from '../weights/safetensors';
import { buildCifarResnet } from './cifar-resnet';

/** 40 images per training batch (200 in all) and 60 test images, in the real CIFAR-10 binary format. */
function cifarFixture(): string {
  const dir = tmpDir('leenet-cifar-');
  writeCifar10(dir, 40, 60);
  return dir;
}

describe('sweep on CIFAR-10 binary files with a CIFAR ResNet', () => {
  it('trains ResNet-20 on the split, sweeps α and writes the run', async () => {
    const dir = cifarFixture();
    const workspace = tmpDir('leenet-ws-');
    const events: SweepEvent[] = [];
    const config = sweepConfigSchema.parse({ dataset: `cifar10:${dir}`, backbone: 'resnet20', alphas: [0, 1], epochs: { backbone: 1, heads: 3, gates: 5 }, seed: 3 });
    const result = await runSweep(config, { workspace, cacheDir: tmpDir('leenet-cache-'), backend: 'wasm', onEvent: (e) => events.push(e) });
    expect(result.status).toBe('finished');
    expect(result.exits.map((e) => e.name)).toEqual(['layer1', 'layer2', 'layer3', 'final']);
    expect(result.exits[0].cost).toBeLessThan(result.exits[1].cost);
    const test = result.points.filter((p) => p.policy === 'leenet' && p.split === 'test' && !p.curve);
    expect(test.map((p) => p.param)).toEqual([0, 1]);
    for (const p of result.points) expect(p.exitFractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect((await getRun(workspace, result.runId)).status).toBe('finished');
    expect(events.some((e) => e.type === 'log' && /training it on \d+ images/.test(e.message))).toBe(true);
  }, 120_000);

  it('imports a 100-class state dict and trains a new 10-class classifier on its frozen features (transfer)', async () => {
    const dir = cifarFixture();
    const weights = path.join(tmpDir('leenet-w-'), 'resnet20-c100.safetensors');
    const source = buildCifarResnet(20, 1, 100);
    writeFileSync(weights, encodeSafetensors(exportStateDict(source)));
    source.dispose();
    const before = tf.memory().numTensors;
    const config = sweepConfigSchema.parse({ dataset: `cifar10:${dir}`, backbone: 'resnet20', weights, alphas: [0.5], epochs: { heads: 3, gates: 5 }, limit: 100 });
    const events: SweepEvent[] = [];
    const result = await runSweep(config, { workspace: tmpDir('leenet-ws-'), cacheDir: tmpDir('leenet-cache-'), backend: 'wasm', onEvent: (e) => events.push(e) });
    expect(result.status).toBe('finished');
    expect(result.timings.transfer).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'log' && /Loaded resnet20 weights .* \(100 classes/.test(e.message))).toBe(true);
    const final = result.points.find((p) => p.policy === 'fixed' && p.split === 'test' && p.param === 3);
    expect(final).toBeDefined();
    // Everything the sweep made (both models, heads, gates, runtime batches) is freed again.
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('a missing exit layer and a wrong weights file fail with their names', async () => {
    const dir = cifarFixture();
    const bad = path.join(tmpDir('leenet-w-'), 'bad.safetensors');
    writeFileSync(bad, encodeSafetensors({ 'conv1.weight': { dtype: 'F32', shape: [16, 3, 3, 3], values: new Float32Array(432) } }));
    const base = { dataset: `cifar10:${dir}`, backbone: 'resnet20', alphas: [0.5], limit: 40 };
    await expect(runSweep(sweepConfigSchema.parse({ ...base, weights: bad }), { workspace: tmpDir('leenet-ws-'), cacheDir: tmpDir('leenet-c-'), backend: 'wasm' })).rejects.toThrow(
      /has no linear\.weight: is it a resnet20 state dict\?/,
    );
    await expect(
      runSweep(sweepConfigSchema.parse({ ...base, exits: ['layer9'], epochs: { backbone: 1 } }), { workspace: tmpDir('leenet-ws-'), cacheDir: tmpDir('leenet-c-'), backend: 'wasm' }),
    ).rejects.toThrow(/Unknown exit point\(s\) layer9 for resnet20/);
  }, 120_000);
});
