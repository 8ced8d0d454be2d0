import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
  it('sweep --json prints one JSON object of the documented shape', () => {
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
      expect(['leenet', 'max-softmax', 'entropy', 'fixed', 'oracle']).toContain(p.policy);
    }
  });

  it.each([
    [['sweep', '--frobnicate']],
    [['sweep', '--alphas', '0:2:0.5']],
    [['sweep', '--head', 'transformer']],
    [['teleport']],
    [['serve', '--bogus']],
  ])('%j: one-line error, exit code 2, no stack trace', (args) => {
    const r = leenet(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^leenet: /);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
