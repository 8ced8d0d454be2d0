import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { loadDataset } from '../engine/data/load-dataset';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'leenet.mjs');
const leenet = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LEENET_CACHE: mkdtempSync(path.join(os.tmpdir(), 'leenet-cache-')), LEENET_BACKEND: 'wasm' },
  });

describe('leenet CLI', () => {
  it('sweep --json prints one JSON object of the documented shape', async () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'leenet-ws-'));
    const r = leenet(['sweep', '--json', '--limit', '300', '--alphas', '0,1', '--epochs', 'heads=2,gates=5,backbone=1', '--workspace', workspace]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ runId: expect.any(String), dir: expect.stringContaining(workspace), backend: 'wasm', dataset: 'mnist', backbone: 'mnist-small' });
    expect(out.exits).toEqual(['stem', 'stage1_relu1', 'stage1', 'stage2', 'stage3', 'final'].map((name) => ({ name, cost: expect.any(Number) })));
    const points = out.points as Record<string, unknown>[];
    expect(points.filter((p) => p.policy === 'leenet' && !p.curve)).toHaveLength(4); // 2 α × val and test
    expect(out).toMatchObject({ summary: { seeds: 1, policies: expect.any(Array) }, exitReports: expect.any(Array) });
    for (const p of points) {
      expect(p).toMatchObject({ policy: expect.any(String), split: expect.stringMatching(/^(val|test)$/), accuracy: expect.any(Number), cost: expect.any(Number), speedup: expect.any(Number), exitFractions: expect.any(Array) });
      expect(['leenet', 'max-softmax', 'entropy', 'patience', 'fixed', 'oracle']).toContain(p.policy);
    }

    // The run's budget, its export, and the exported model on the same test images.
    const runId = out.runId as string;
    const budget = leenet(['budget', runId, '--speedup', '1.5', '--workspace', workspace, '--json']);
    expect([0, 3], budget.stderr).toContain(budget.status);
    const choice = JSON.parse(budget.stdout) as { target: unknown; validation: { speedup: number }; test: { accuracy: number; exitFractions: number[] }; met: boolean };
    expect(choice).toMatchObject({ runId, target: { kind: 'speedup', value: 1.5 }, validation: expect.any(Object), test: expect.any(Object) });
    const model = path.join(workspace, 'exported');
    const exported = leenet(['export', runId, '--alpha', '1', '--out', model, '--workspace', workspace, '--json']);
    expect(exported.status, exported.stderr).toBe(0);
    const point = JSON.parse(exported.stdout) as { test: { accuracy: number; exitFractions: number[] } };
    const predicted = leenet(['predict', '--model', model, '--dataset', 'mnist', '--limit', '300', '--json']);
    expect(predicted.status, predicted.stderr).toBe(0);
    const summary = JSON.parse(predicted.stdout) as { n: number; accuracy: number; exitFractions: number[]; msPerImage: number; fullMsPerImage: number; speedup: number };
    expect(summary).toMatchObject({ n: 300, msPerImage: expect.any(Number), fullMsPerImage: expect.any(Number), speedup: expect.any(Number) });
    // Image files: three MNIST test digits written as PNGs, classified one line each.
    const mnist = await loadDataset('mnist', { imageSize: { resize: 28, crop: 28, channels: 1 } });
    const files = [0, 1, 2].map((i) => {
      const png = new PNG({ width: 28, height: 28 });
      mnist.test!.images.subarray(i * 784, (i + 1) * 784).forEach((v, p) => png.data.set([v, v, v, 255], 4 * p));
      const file = path.join(workspace, `digit-${i}.png`);
      writeFileSync(file, PNG.sync.write(png));
      return file;
    });
    const perImage = leenet(['predict', '--model', model, ...files, '--json']);
    expect(perImage.status, perImage.stderr).toBe(0);
    const answers = JSON.parse(perImage.stdout) as { file: string; className: string; confidence: number; exitName: string }[];
    expect(answers.map((a) => a.file)).toEqual(files);
    for (const a of answers) expect(a).toMatchObject({ className: expect.stringMatching(/^\d$/), confidence: expect.any(Number), exitName: expect.any(String) });
    const notAnImage = path.join(workspace, 'notes.png');
    writeFileSync(notAnImage, 'not a picture');
    const refused = leenet(['predict', '--model', model, notAnImage]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('notes.png');

    // Exactness against the run's records is the export test's; here, the shape and that it classifies.
    expect(summary.accuracy).toBeGreaterThan(0.1);
    expect(summary.exitFractions).toHaveLength(point.test.exitFractions.length);
    expect(summary.exitFractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it.each([
    [['sweep', '--frobnicate']],
    [['sweep', '--alphas', '0:2:0.5']],
    [['sweep', '--head', 'transformer']],
    [['teleport']],
    [['serve', '--bogus']],
    [['budget']],
    [['budget', 'some-run']],
    [['budget', 'some-run', '--speedup', 'fast']],
    [['budget', 'some-run', '--speedup', '2', '--ms', '3']],
    [['budget', 'some-run', '--max-drop', '-1']],
    [['budget', 'some-run', '--speedup', '2', '--policy', 'oracle']],
    [['export', 'some-run', '--speedup', '2']],
    [['export', 'some-run', '--out', '/tmp/x']],
    [['export', 'some-run', '--alpha', '2', '--out', '/tmp/x']],
    [['export', 'some-run', '--threshold', '0.5', '--out', '/tmp/x']],
    [['predict']],
    [['predict', '--model', '/tmp/x']],
    [['predict', '--model', '/tmp/x', '--dataset', 'svhn']],
    [['predict', '--model', '/tmp/x', '--dataset', 'mnist', '--batch', '0']],
  ])('%j: one-line error, exit code 2, no stack trace', (args) => {
    const r = leenet(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^leenet: /);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
