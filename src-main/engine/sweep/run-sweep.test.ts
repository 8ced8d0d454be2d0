import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../config';
import { getRun, listRuns, readSamples } from '../runs/store';
import { runSweep } from './run-sweep';
import type { FrontierPoint, SweepEvent } from '../sweep-types';
import { NumericalError } from '../train/fit-loop';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));

describe('runSweep on a small MNIST subset (real data, real training)', () => {
  it('trains, sweeps α, and writes a complete run folder', async () => {
    const workspace = tmp('leenet-ws-');
    const events: SweepEvent[] = [];
    const config = sweepConfigSchema.parse({
      dataset: 'mnist',
      backbone: 'mnist-small',
      alphas: [0, 0.25, 0.5, 0.75, 1],
      // The seed's loss: each α trains its own gates, so cost must fall as α rises.
      gateTarget: 'leenet',
      limit: 1500,
      epochs: { backbone: 2, heads: 6, gates: 40 },
      seed: 5,
    });
    const cacheDir = tmp('leenet-cache-');
    const result = await runSweep(config, { workspace, cacheDir, backend: 'wasm', onEvent: (e) => events.push(e) });

    expect(result.status).toBe('finished');
    expect(result.backend).toBe('wasm');
    expect(result.exits.map((e) => e.name)).toEqual(['stem', 'stage1_relu1', 'stage1', 'stage2', 'stage3', 'final']);
    const leenet = result.points.filter((p) => p.policy === 'leenet' && p.split === 'test' && !p.curve);
    expect(leenet.map((p) => p.param)).toEqual(config.alphas);
    // Each α's own point leaves at the seed's threshold; its threshold sweep adds a curve chosen on validation.
    for (const p of leenet) expect(p.threshold).toBe(0.5);
    for (const alpha of config.alphas) expect(result.points.filter((p) => p.curve && p.param === alpha && p.split === 'test').length).toBeGreaterThan(5);
    expect(result.points.some((p) => p.policy === 'leenet' && p.envelope)).toBe(true);
    expect(result.exitReports.map((r) => r.name)).toEqual(['stem', 'stage1_relu1', 'stage1', 'stage2', 'stage3', 'final']);
    expect(result.summary?.policies.map((p) => p.policy)).toEqual(['leenet', 'max-softmax', 'entropy', 'patience', 'fixed']);
    // α = 0 weighs accuracy only: far above the 10% of chance.
    expect(leenet[0].accuracy).toBeGreaterThan(0.7);
    // Cost falls as α rises (small tolerance for the noise of a 1500-image run), and α = 1 is the cheapest.
    for (let i = 1; i < leenet.length; i++) expect(leenet[i].cost).toBeLessThanOrEqual(leenet[i - 1].cost + 0.05);
    expect(leenet[4].cost).toBeLessThan(leenet[0].cost);
    for (const p of result.points) expect(p.exitFractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    // Real early exit was timed against the plain backbone for every α on test.
    for (const p of leenet) expect(p.runtime).toMatchObject({ earlyMsPerImage: expect.any(Number), fullMsPerImage: expect.any(Number), images: 128, batchSize: 64, single: { images: 16 } });
    for (const policy of ['max-softmax', 'entropy', 'patience', 'fixed', 'oracle']) expect(result.points.some((p) => p.policy === policy)).toBe(true);
    const oracle = result.points.find((p) => p.policy === 'oracle' && p.split === 'test')!;
    expect(oracle.accuracy).toBeGreaterThanOrEqual(Math.max(...leenet.map((p) => p.accuracy)));

    // Events: every phase announced, progress with losses, one point event per point.
    const phases = events.filter((e) => e.type === 'phase').map((e) => (e.type === 'phase' ? e.phase : ''));
    expect(phases).toEqual(['data', 'backbone', 'features', 'heads', 'evaluate', 'gates', 'save']);
    expect(events.some((e) => e.type === 'progress' && e.series === 'gate:α=0.5' && e.loss !== undefined)).toBe(true);
    expect(events.filter((e) => e.type === 'point')).toHaveLength(result.points.length);

    // The run folder.
    const run = await getRun(workspace, result.runId);
    expect(run).toMatchObject({ status: 'finished', backend: 'wasm', alphasDone: config.alphas, summary: result.summary, exitReports: result.exitReports });
    expect(run.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // A backbone trained here records what it was trained on and its own classifier's test accuracy.
    expect(run.provision).toMatchObject({ trainSamples: expect.any(Number), epochs: config.epochs.backbone, testAccuracy: expect.any(Number) });
    expect(['trained', 'cache']).toContain(run.provision?.source);
    expect(run.splitSizes?.test).toBe(1500);
    expect(readFileSync(path.join(result.dir, 'frontier.csv'), 'utf8').split('\n')[0]).toBe('policy,param,split,accuracy,cost,speedup,exit_fractions,exit_accuracy,threshold,curve,envelope');
    const samples = await readSamples(workspace, result.runId);
    expect(samples.index).toHaveLength(1500);
    expect(samples.exitTaken).toHaveLength(5);
    expect(samples.exits).toHaveLength(6);

    // A second run on the same split reuses the cached backbone instead of training it again.
    const logs: string[] = [];
    const again = await runSweep({ ...config, alphas: [0.5] }, { workspace, cacheDir, backend: 'wasm', onEvent: (e) => e.type === 'log' && logs.push(e.message) });
    expect(logs.some((m) => m.startsWith('Backbone mnist-small (cache:'))).toBe(true);
    // …and the backbone pass itself: every batch of every split comes from the shared feature store.
    expect(logs).toContainEqual(expect.stringMatching(/^Feature cache: (\d+) of \1 batches of the backbone pass read back/));
    expect(readdirSync(path.join(cacheDir, 'features'))).toHaveLength(3);
    expect(logs.some((m) => m.startsWith('No trained'))).toBe(false);
    // Seeded: the same config gives the same α = 0.5 point, to the last digit.
    // The envelope depends on which other α ran, so it is left out of the comparison.
    const scored = (points: typeof result.points) => points.map(({ runtime: _timing, envelope: _envelope, ...p }) => p);
    expect(scored(again.points.filter((p) => p.policy === 'leenet'))).toEqual(scored(result.points.filter((p) => p.policy === 'leenet' && p.param === 0.5)));

    // Every head, pooling, gate-input and cost option runs on the same cached backbone.
    for (const variant of [
      { head: 'mlp', gateInput: 'uncertainty', cost: 'params', gateTarget: 'correct', seeds: 2 },
      { gateInput: 'both', calibration: 'none' },
      { pooling: 'gap', gateInput: 'flatten', gateSplit: 'train' },
      { pooling: 'flatten', poolGrid: 2 },
      { cost: 'latency', gateTarget: 'leenet' },
    ] as const) {
      const r = await runSweep(sweepConfigSchema.parse({ ...config, alphas: [0, 1], epochs: { backbone: 2, heads: 2, gates: 5 }, ...variant }), { workspace, cacheDir, backend: 'wasm' });
      const test = r.points.filter((p) => p.policy === 'leenet' && p.split === 'test' && !p.curve);
      expect(test, JSON.stringify(variant)).toHaveLength(2);
      expect(r.summary?.seeds, JSON.stringify(variant)).toBe('seeds' in variant ? 2 : 1);
      // Weak variants (GAP over 8 channels, gates fitted on the heads' own training data) are allowed to be poor;
      // they must still beat chance clearly.
      expect(test[0].accuracy, JSON.stringify(variant)).toBeGreaterThan(0.2);
      // Every run profiles its exits; with the latency cost model, the exits' costs are that profile's.
      expect(r.latency?.stepMs, JSON.stringify(variant)).toHaveLength(r.exits.length);
      if (variant.cost === 'latency') {
        let passed = 0;
        const fractions = r.latency!.stepMs.map((ms) => (passed += ms) / r.latency!.fullMsPerImage);
        r.exits.forEach((e, k) => expect(e.cost).toBeCloseTo(fractions[k], 3));
      }
    }
  }, 900_000);

  it('stops at the next batch when aborted, keeps finished α and marks the run stopped', async () => {
    const workspace = tmp('leenet-ws-');
    const controller = new AbortController();
    const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 0.5, 1], limit: 300, epochs: { backbone: 1, heads: 2, gates: 200 } });
    const result = await runSweep(config, {
      workspace,
      cacheDir: tmp('leenet-cache-'),
      backend: 'wasm',
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'point' && e.point.policy === 'leenet' && e.point.split === 'test') controller.abort();
      },
    });
    expect(result.status).toBe('stopped');
    const run = await getRun(workspace, result.runId);
    expect(run.status).toBe('stopped');
    expect(run.alphasDone).toEqual([0]);
    // The gates it ran are counted, though the stop came before they ended.
    expect(run.timings.gates).toBeGreaterThan(0);
    expect(existsSync(path.join(result.dir, 'frontier.csv'))).toBe(true);
    expect(tf.memory().numTensors).toBeLessThan(50);
  });

  it('a failure marks the run failed with its message', async () => {
    const workspace = tmp('leenet-ws-');
    const config = sweepConfigSchema.parse({ dataset: 'fashion-mnist:/nonexistent', backbone: 'mnist-small', alphas: [0] });
    await expect(runSweep(config, { workspace, backend: 'wasm' })).rejects.toThrow('/nonexistent does not exist');
    const [run] = await listRuns(workspace);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/\/nonexistent does not exist/);
  });

  it('a run that fails midway keeps the α values it finished, in run.json and frontier.csv', async () => {
    const workspace = tmp('leenet-ws-');
    const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 1], limit: 300, epochs: { backbone: 1, heads: 2, gates: 5 } });
    const fault = new NumericalError('Gate training with the LEENet loss (α = 1)', NaN, 0, 3);
    const run = runSweep(config, {
      workspace,
      cacheDir: tmp('leenet-cache-'),
      backend: 'wasm',
      // The second α fails as a NaN loss would, after the first α's points are out.
      onEvent: (e) => {
        if (e.type === 'point' && e.point.policy === 'leenet' && e.point.param === 1 && !e.point.curve) throw fault;
      },
    });
    await expect(run).rejects.toThrow(/α = 1\): the loss became NaN/);
    const [record] = await listRuns(workspace);
    expect(record).toMatchObject({ status: 'failed', error: fault.message });
    expect(record.points.some((p) => p.policy === 'leenet' && p.param === 0 && !p.curve)).toBe(true);
    const csv = readFileSync(path.join(workspace, record.id, 'frontier.csv'), 'utf8').trim().split('\n');
    expect(csv.length).toBeGreaterThan(1);
  });

  it('resumes a stopped run from its checkpoint and feature store, and ends as an uninterrupted run does', async () => {
    const workspace = tmp('leenet-ws-');
    const cacheDir = tmp('leenet-cache-');
    const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 0.5, 1], limit: 300, epochs: { backbone: 1, heads: 2, gates: 20 }, seed: 9 });
    const controller = new AbortController();
    const first = await runSweep(config, {
      workspace,
      cacheDir,
      backend: 'wasm',
      signal: controller.signal,
      onEvent: (e) => e.type === 'point' && e.point.policy === 'leenet' && e.point.split === 'test' && !e.point.curve && controller.abort(),
    });
    expect(first.status).toBe('stopped');
    const logs: string[] = [];
    const resumed = await runSweep(config, { workspace, cacheDir, backend: 'wasm', runId: first.runId, resume: true, onEvent: (e) => e.type === 'log' && logs.push(e.message) });
    expect(resumed).toMatchObject({ status: 'finished', runId: first.runId });
    // Its timings are both sessions': the heads trained in the first count, not only their reading back.
    for (const [phase, seconds] of Object.entries(first.timings)) expect(resumed.timings[phase], phase).toBeGreaterThanOrEqual(seconds);
    expect((await getRun(workspace, first.runId)).timings).toEqual(resumed.timings);
    expect(logs).toContainEqual(expect.stringMatching(/^Resuming .*: its heads and 1 gate model from its checkpoint/));
    expect(logs).toContainEqual(expect.stringMatching(/^Feature cache: (\d+) of \1 batches/));
    const whole = await runSweep(config, { workspace: tmp('leenet-ws-'), cacheDir, backend: 'wasm' });
    const scored = (ps: FrontierPoint[]) => ps.filter((p) => p.policy !== 'oracle').map(({ runtime: _r, ...p }) => p);
    expect(scored(resumed.points)).toEqual(scored(whole.points));
    expect((await getRun(workspace, first.runId)).status).toBe('finished');
    await expect(runSweep(config, { workspace, cacheDir, backend: 'wasm', runId: first.runId, resume: true })).rejects.toThrow(/has finished: there is nothing to resume/);
  });

  it('a long-lived process keeps a constant tensor count over whole sweeps', async () => {
    const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 1], limit: 300, epochs: { backbone: 1, heads: 2, gates: 5 } });
    const cacheDir = tmp('leenet-cache-');
    // The first sweep may leave what tfjs keeps for good (kernels, the backend's own buffers).
    await runSweep(config, { workspace: tmp('leenet-ws-'), cacheDir, backend: 'wasm' });
    const after = tf.memory().numTensors;
    await runSweep(config, { workspace: tmp('leenet-ws-'), cacheDir, backend: 'wasm' });
    await runSweep({ ...config, gateTarget: 'leenet', head: 'mlp' }, { workspace: tmp('leenet-ws-'), cacheDir, backend: 'wasm' });
    expect(tf.memory().numTensors).toBe(after);
  });
});
