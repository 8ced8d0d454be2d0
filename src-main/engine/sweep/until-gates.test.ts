import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../config';
import { readPolicyBundle, writePolicyBundle, type PolicyBundleContent } from '../runs/policy-bundle';
import { getRun } from '../runs/store';
import type { FrontierPoint, SweepEvent } from '../sweep-types';
import { mergeGateModels } from './checkpoint';
import { runSweep } from './run-sweep';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const leenet = (points: FrontierPoint[]) => points.filter((p) => p.policy === 'leenet');
const alphasOf = (b: PolicyBundleContent) => b.meta.gateModels.map((g) => [g.target, g.alpha]);

/**
 * A queue's α fan-out, done by hand with the engine alone: the run trained up to its gates, each α trained from a
 * copy of that checkpoint, their gate models merged back, and the run resumed to its end.
 */
describe('a sweep cut at its gates (until: gates), its α trained apart and merged back (real MNIST, wasm)', () => {
  const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 1], limit: 300, epochs: { backbone: 1, heads: 2, gates: 15 }, seed: 13 });
  const cacheDir = tmp('leenet-cache-');
  const workspace = tmp('leenet-ws-');

  it('until gates, fan out with timeRuntime false, merge, resume', async () => {
    // 1. Up to the gates: stopped, its heads checkpointed, no gate model and no LEENet point.
    const events: SweepEvent[] = [];
    const heads = await runSweep(config, { workspace, cacheDir, backend: 'wasm', until: 'gates', onEvent: (e) => events.push(e) });
    expect(heads.status).toBe('stopped');
    expect(await getRun(workspace, heads.runId)).toMatchObject({ status: 'stopped', alphasDone: [] });
    const checkpoint = await readPolicyBundle(heads.dir);
    expect(checkpoint.meta.gateModels).toEqual([]);
    expect(checkpoint.gates).toEqual([]);
    expect(checkpoint.headStates?.length).toBe(heads.exits.length - 1);
    expect(events.filter((e) => e.type === 'point' && e.point.policy === 'leenet')).toEqual([]);
    expect(leenet(heads.points)).toEqual([]);
    expect(events.some((e) => e.type === 'phase' && e.phase === 'gates')).toBe(false);
    expect(events.some((e) => e.type === 'phase' && e.phase === 'heads')).toBe(true);

    // 2. Each α from its own copy of the checkpoint, as an α job does: one α, no wall-clock timing.
    const perAlpha: PolicyBundleContent[] = [];
    const jobPoints: FrontierPoint[][] = [];
    for (const alpha of config.alphas) {
      const scratch = tmp('leenet-alpha-');
      cpSync(heads.dir, path.join(scratch, heads.runId), { recursive: true });
      const logs: string[] = [];
      const one = await runSweep({ ...config, alphas: [alpha] }, { workspace: scratch, cacheDir, backend: 'wasm', runId: heads.runId, resume: true, timeRuntime: false, onEvent: (e) => e.type === 'log' && logs.push(e.message) });
      expect(one.status).toBe('finished');
      expect(logs).toContainEqual(expect.stringMatching(/^Resuming .*: its heads and 0 gate models from its checkpoint/));
      expect(leenet(one.points).filter((p) => !p.curve && p.split === 'test').map((p) => p.param)).toEqual([alpha]);
      expect(one.points.filter((p) => p.runtime !== undefined)).toEqual([]);
      expect(one.latency).toBeNull();
      const bundle = await readPolicyBundle(one.dir);
      expect(alphasOf(bundle)).toEqual([['leenet', alpha]]);
      perAlpha.push(bundle);
      jobPoints.push(one.points);
    }

    // 3. mergeGateModels: adds only what is missing, keeps what it has, refuses bundles of other exits or options.
    const merged = await readPolicyBundle(heads.dir);
    expect(mergeGateModels(merged, perAlpha[0])).toBe(1);
    const kept = merged.gates[0];
    const retrained: PolicyBundleContent = { ...perAlpha[0], gates: perAlpha[0].gates.map((g) => ({ ...g, states: [] })) };
    expect(mergeGateModels(merged, retrained)).toBe(0);
    expect(merged.gates[0]).toBe(kept);
    expect(alphasOf(merged)).toEqual([['leenet', 0]]);
    const other = (meta: Partial<PolicyBundleContent['meta']>): PolicyBundleContent => ({ ...perAlpha[1], meta: { ...perAlpha[1].meta, ...meta } });
    for (const meta of [{ exitLayers: ['stem'] }, { head: 'mlp' as const }, { gateInput: 'both' as const }, { gateTarget: 'correct' as const }, { pooling: 'gap' as const }, { grid: 2 }]) {
      expect(() => mergeGateModels(merged, other(meta)), JSON.stringify(meta)).toThrow('These gate models were trained for other exits or exit options: they cannot join this run.');
    }
    for (const meta of [{ n: { ...perAlpha[1].meta.n, test: perAlpha[1].meta.n.test + 1 } }, { n: { ...perAlpha[1].meta.n, val: 1 } }, { classes: 3 }]) {
      expect(() => mergeGateModels(merged, other(meta)), JSON.stringify(meta)).toThrow(/^These gate models were trained on other data \(.*\): they cannot join this run\.$/);
    }
    expect(alphasOf(merged)).toEqual([['leenet', 0]]);
    expect(merged.gates).toHaveLength(1);

    // 4. The run resumed with every α and one gate model merged: it trains the other and finishes, timed as usual.
    await writePolicyBundle(heads.dir, merged);
    const logs: string[] = [];
    const whole = await runSweep(config, { workspace, cacheDir, backend: 'wasm', runId: heads.runId, resume: true, onEvent: (e) => e.type === 'log' && logs.push(e.message) });
    expect(whole.status).toBe('finished');
    expect(logs).toContainEqual(expect.stringMatching(/^Resuming .*: its heads and 1 gate model from its checkpoint/));
    expect(leenet(whole.points).filter((p) => !p.curve && p.split === 'test').map((p) => p.param)).toEqual(config.alphas);
    expect(leenet(whole.points).filter((p) => !p.curve && p.split === 'test').every((p) => p.runtime !== undefined)).toBe(true);
    expect(await getRun(workspace, heads.runId)).toMatchObject({ status: 'finished', alphasDone: config.alphas });
    expect(alphasOf(await readPolicyBundle(heads.dir))).toEqual([
      ['leenet', 0],
      ['leenet', 1],
    ]);
    // α = 0's gates came from its own job: the same model gives the same point.
    const at = (ps: FrontierPoint[], alpha: number) => ps.find((p) => p.policy === 'leenet' && p.param === alpha && !p.curve && p.split === 'test')!;
    const { runtime: _r, envelope: _e, ...merged0 } = at(whole.points, 0);
    const { runtime: _s, envelope: _f, ...job0 } = at(jobPoints[0], 0);
    expect(merged0).toEqual(job0);
  }, 600_000);
});
