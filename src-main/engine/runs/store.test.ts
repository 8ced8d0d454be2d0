import { mkdtempSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../config';
import type { FrontierPoint } from '../sweep-types';
import { frontierToCsv } from './frontier-csv';
import { querySamples } from './sample-query';
import { createRun, deleteRun, getRun, listRuns, readSamples, renameRun, updateRun, writeFrontier, writeSamples } from './store';
import type { SampleRecords } from './types';

const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 1] });
const ws = () => mkdtempSync(path.join(os.tmpdir(), 'leenet-runs-'));
const init = { config, backend: 'wasm', dataset: 'mnist', backbone: 'mnist-small', status: 'running' as const };

describe('run store', () => {
  it('creates, updates, lists newest first, renames and deletes', async () => {
    const w = ws();
    const a = await createRun(w, { ...init, id: '2026-01-01T00-00-00-a' });
    await new Promise((r) => setTimeout(r, 5));
    const b = await createRun(w, init);
    expect(b.id).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-mnist-small-[0-9a-f]{4}$/);
    await updateRun(w, a.id, { status: 'finished', alphasDone: [0] });
    expect((await getRun(w, a.id)).status).toBe('finished');
    expect((await listRuns(w)).map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await renameRun(w, a.id, '  first  ')).name).toBe('first');
    await expect(renameRun(w, a.id, ' ')).rejects.toThrow('cannot be empty');
    await deleteRun(w, a.id);
    expect((await listRuns(w)).map((r) => r.id)).toEqual([b.id]);
    // Atomic writes leave no temp files behind.
    expect(readdirSync(path.join(w, b.id))).toEqual(['run.json']);
  });

  it('lists a run with an unreadable run.json as failed instead of throwing', async () => {
    const w = ws();
    mkdirSync(path.join(w, 'broken-run'));
    writeFileSync(path.join(w, 'broken-run', 'run.json'), '{"id": "broken-ru');
    const [r] = await listRuns(w);
    expect(r).toMatchObject({ id: 'broken-run', status: 'failed' });
    expect(r.error).toMatch(/unreadable/);
    expect(await listRuns(path.join(w, 'absent'))).toEqual([]);
  });

  it('refuses ids that could leave the workspace', async () => {
    const w = ws();
    for (const id of ['../x', 'a/b', '..', '/etc']) {
      await expect(getRun(w, id)).rejects.toThrow('Invalid run id');
      await expect(deleteRun(w, id)).rejects.toThrow('Invalid run id');
    }
  });

  it('writes the frontier as CSV and the per-sample records as JSON', async () => {
    const w = ws();
    const run = await createRun(w, init);
    const point: FrontierPoint = { policy: 'leenet', param: 0.5, split: 'test', accuracy: 0.98, cost: 0.4, speedup: 2.5, exitFractions: [0.6, 0.4], exitAccuracy: [0.99, null] };
    await writeFrontier(w, run.id, [point]);
    expect(frontierToCsv([point])).toBe('policy,param,split,accuracy,cost,speedup,exit_fractions,exit_accuracy\nleenet,0.5,test,0.98,0.4,2.5,0.6;0.4,0.99;\n');
    await expect(readSamples(w, run.id)).rejects.toThrow('not available');
    await writeSamples(w, run.id, records);
    expect(await readSamples(w, run.id)).toEqual(records);
  });
});

const records: SampleRecords = {
  split: 'test',
  index: [10, 11, 12, 13],
  label: [1, 2, 1, 0],
  exits: [
    { name: 'stage1', prediction: [1, 0, 1, 0], confidence: [0.9, 0.8, 0.7, 0.6] },
    { name: 'final', prediction: [1, 2, 2, 0], confidence: [0.99, 0.98, 0.97, 0.96] },
  ],
  alphas: [0, 1],
  exitTaken: [
    [1, 1, 1, 1],
    [0, 0, 1, 0],
  ],
  gateScores: [
    [[0.1, 0.2, 0.3, 0.4]],
    [[0.9, 0.8, 0.3, 0.7]],
  ],
};

describe('querySamples', () => {
  it('filters by exit, correctness and class, and pages', () => {
    expect(querySamples(records, { alphaIndex: 1, exit: 0, offset: 0, limit: 10 }).total).toBe(3);
    const wrong = querySamples(records, { alphaIndex: 1, correct: false, offset: 0, limit: 10 });
    expect(wrong.items.map((i) => i.index)).toEqual([11, 12]);
    expect(wrong.items[0]).toMatchObject({ exitTaken: 0, prediction: 0, label: 2, gate: 0.8, correct: false });
    expect(wrong.items[1].gate).toBeNull();
    expect(querySamples(records, { alphaIndex: 0, label: 1, offset: 1, limit: 1 })).toMatchObject({ total: 2, items: [{ index: 12 }] });
    expect(() => querySamples(records, { alphaIndex: 5, offset: 0, limit: 1 })).toThrow('No α at index 5');
  });
});
