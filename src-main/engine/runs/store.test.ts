import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontierPoint, newRun, sampleRecords, tmpWorkspace } from './run-fixtures';
import { createRun, deleteRun, getRun, listRuns, readSamples, renameRun, reopenRun, runDir, updateRun, writeFrontier, writeSamples } from './store';

describe('run store', () => {
  it('creates a run folder with run.json, named by its id until renamed', async () => {
    const w = tmpWorkspace();
    const run = await createRun(path.join(w, 'not-yet'), newRun);
    expect(run.id).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-mnist-small-[0-9a-f]{4}$/);
    expect(run).toMatchObject({ name: run.id, status: 'running', seed: 42, exits: [], alphasDone: [], points: [], timings: {} });
    expect(JSON.parse(readFileSync(path.join(w, 'not-yet', run.id, 'run.json'), 'utf8'))).toEqual(run);
    expect((await createRun(w, { ...newRun, name: '  mine ', status: 'queued' })).name).toBe('mine');
  });

  it('updates, lists newest first, renames and deletes', async () => {
    const w = tmpWorkspace();
    const a = await createRun(w, { ...newRun, id: '2026-01-01T00-00-00-a' });
    await new Promise((r) => setTimeout(r, 5));
    const b = await createRun(w, newRun);
    const updated = await updateRun(w, a.id, { status: 'finished', alphasDone: [0] });
    expect(updated).toMatchObject({ id: a.id, createdAt: a.createdAt, status: 'finished', alphasDone: [0] });
    expect(await getRun(w, a.id)).toEqual(updated);
    expect((await listRuns(w)).map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await renameRun(w, a.id, '  first  ')).name).toBe('first');
    await deleteRun(w, a.id);
    expect((await listRuns(w)).map((r) => r.id)).toEqual([b.id]);
    await expect(getRun(w, a.id)).rejects.toThrow(`No run "${a.id}"`);
    await deleteRun(w, a.id);
  });

  it('keeps every one of many overlapping updates of one run', async () => {
    const w = tmpWorkspace();
    const run = await createRun(w, newRun);
    // Each patch sets one field; unserialised read-modify-writes would write back stale copies of the others.
    await Promise.all([
      updateRun(w, run.id, { name: 'named' }),
      updateRun(w, run.id, { status: 'finished' }),
      updateRun(w, run.id, { alphasDone: [0, 1] }),
      updateRun(w, run.id, { timings: { data: 1 } }),
      updateRun(w, run.id, { backend: 'cpu' }),
      renameRun(w, run.id, 'renamed'),
    ]);
    expect(await getRun(w, run.id)).toMatchObject({ name: 'renamed', status: 'finished', alphasDone: [0, 1], timings: { data: 1 }, backend: 'cpu' });
    expect(readdirSync(path.join(w, run.id))).toEqual(['run.json']);
  });

  it('validates names: non-empty, at most 120 characters', async () => {
    const w = tmpWorkspace();
    const run = await createRun(w, newRun);
    await expect(renameRun(w, run.id, ' ')).rejects.toThrow('cannot be empty');
    await expect(renameRun(w, run.id, 'x'.repeat(121))).rejects.toThrow('at most 120 characters');
    expect((await renameRun(w, run.id, 'x'.repeat(120))).name).toHaveLength(120);
  });

  it('never lets a given id replace a readable run, but takes over a folder whose run.json died', async () => {
    const w = tmpWorkspace();
    const run = await createRun(w, newRun);
    await expect(createRun(w, { ...newRun, id: run.id })).rejects.toThrow(`Run "${run.id}" already exists`);
    writeFileSync(path.join(w, run.id, 'run.json'), '{"trunc');
    expect((await createRun(w, { ...newRun, id: run.id, status: 'failed' })).status).toBe('failed');
  });

  it('the folder is the authority on the id: a copied run folder updates itself, not the original', async () => {
    const w = tmpWorkspace();
    const run = await createRun(w, newRun);
    mkdirSync(path.join(w, 'copy'));
    writeFileSync(path.join(w, 'copy', 'run.json'), readFileSync(path.join(w, run.id, 'run.json')));
    expect((await updateRun(w, 'copy', { name: 'the copy' })).id).toBe('copy');
    expect((await getRun(w, run.id)).name).toBe(run.id);
  });

  it('lists a run whose run.json is missing or unreadable as failed instead of throwing', async () => {
    const w = tmpWorkspace();
    const good = await createRun(w, newRun);
    for (const [id, text] of [
      ['broken-json', '{"id": "broken-ru'],
      ['not-a-run', '[1, 2]'],
      ['bad-status', JSON.stringify({ status: 'exploded', createdAt: '2026-01-01', config: {} })],
    ]) {
      mkdirSync(path.join(w, id));
      writeFileSync(path.join(w, id, 'run.json'), text);
    }
    mkdirSync(path.join(w, 'no-file'));
    mkdirSync(path.join(w, '.hidden'));
    // Browser mode's exported models live beside the runs and are not one.
    mkdirSync(path.join(w, 'exports'));
    const runs = await listRuns(w);
    expect(runs.map((r) => r.id).sort()).toEqual(['bad-status', 'broken-json', 'no-file', 'not-a-run', good.id].sort());
    const byId = Object.fromEntries(runs.map((r) => [r.id, r]));
    expect(byId['broken-json']).toMatchObject({ status: 'failed', name: 'broken-json', error: expect.stringMatching(/^run.json unreadable: /) });
    expect(byId['no-file'].error).toBe('run.json unreadable: missing');
    expect(byId['not-a-run'].error).toBe('run.json unreadable: not a JSON object');
    expect(byId['bad-status'].error).toBe('run.json unreadable: unknown status "exploded"');
    expect(byId['broken-json'].createdAt).toMatch(/^\d{4}-/);
    await expect(getRun(w, 'broken-json')).rejects.toThrow('Run "broken-json": run.json unreadable:');
  });

  it('a run left running by a process that is gone reads as interrupted, and only such runs reopen', async () => {
    const w = tmpWorkspace();
    const live = await createRun(w, newRun);
    expect(live.pid).toBe(process.pid);
    const dead = await createRun(w, newRun);
    // A pid no process has: the run's process was killed.
    await updateRun(w, dead.id, { pid: 2 ** 22 + 12345 });
    const byId = Object.fromEntries((await listRuns(w)).map((r) => [r.id, r.status]));
    expect(byId).toEqual({ [live.id]: 'running', [dead.id]: 'interrupted' });
    await expect(reopenRun(w, live.id)).rejects.toThrow(/is still running/);
    expect(await reopenRun(w, dead.id)).toMatchObject({ status: 'running', pid: process.pid });
    await updateRun(w, dead.id, { status: 'finished' });
    await expect(reopenRun(w, dead.id)).rejects.toThrow(/has finished/);
  });

  it("a queue's run reopened here no longer says it is on the queue", async () => {
    const w = tmpWorkspace();
    const run = await createRun(w, newRun);
    await updateRun(w, run.id, { status: 'stopped', queue: { url: 'redis://lab:6379', worker: 'gpu:1', featureShards: 2, fanOutAlphas: true } });
    const reopened = await reopenRun(w, run.id);
    expect(reopened.status).toBe('running');
    expect(reopened.queue).toBeUndefined();
    expect(await getRun(w, run.id)).not.toHaveProperty('queue');
  });

  it('an absent workspace has no runs', async () => {
    expect(await listRuns(path.join(tmpWorkspace(), 'absent'))).toEqual([]);
  });

  it('refuses ids that could leave the workspace, everywhere', async () => {
    const w = tmpWorkspace();
    for (const id of ['../x', 'a/b', 'a\\b', '..', '.', '/etc', 'C:x', 'x..y', 'trailing.', '', ' x']) {
      expect(() => runDir(w, id)).toThrow('Invalid run id');
      await expect(getRun(w, id)).rejects.toThrow('Invalid run id');
      await expect(updateRun(w, id, { name: 'n' })).rejects.toThrow('Invalid run id');
      await expect(renameRun(w, id, 'n')).rejects.toThrow('Invalid run id');
      await expect(deleteRun(w, id)).rejects.toThrow('Invalid run id');
      await expect(writeFrontier(w, id, [])).rejects.toThrow('Invalid run id');
      await expect(readSamples(w, id)).rejects.toThrow('Invalid run id');
      await expect(createRun(w, { ...newRun, id })).rejects.toThrow('Invalid run id');
    }
  });

  it('writes frontier.csv and samples.json, rounding probabilities to 4 decimals, leaving no temp files', async () => {
    const w = tmpWorkspace();
    const run = await createRun(w, newRun);
    await writeFrontier(w, run.id, [frontierPoint]);
    expect(readFileSync(path.join(w, run.id, 'frontier.csv'), 'utf8').split('\n')[1]).toBe('leenet,0.5,test,0.98,0.4,2.5,0.6;0.4,0.99;,,,');
    await expect(readSamples(w, run.id)).rejects.toThrow('not available (the run wrote none)');
    const records = sampleRecords();
    records.exits[0].confidence[0] = 0.123456789;
    records.gateScores![1][0][2] = 0.98765;
    await writeSamples(w, run.id, records);
    const back = await readSamples(w, run.id);
    expect(back.exits[0].confidence[0]).toBe(0.1235);
    expect(back.gateScores![1][0][2]).toBe(0.9877);
    expect(back.exitTaken).toEqual(records.exitTaken);
    expect(readdirSync(path.join(w, run.id)).sort()).toEqual(['frontier.csv', 'run.json', 'samples.json']);
  });

  it('refuses per-sample records whose columns disagree, and names a damaged samples.json', async () => {
    const w = tmpWorkspace();
    const run = await createRun(w, newRun);
    const short = sampleRecords();
    short.label.pop();
    await expect(writeSamples(w, run.id, short)).rejects.toThrow('inconsistent: label does not hold 4 class numbers');
    writeFileSync(path.join(w, run.id, 'samples.json'), JSON.stringify({ ...sampleRecords(), exitTaken: [[0, 0, 0, 0]] }));
    await expect(readSamples(w, run.id)).rejects.toThrow(/samples.json is damaged: exitTaken does not hold one row per α \(2\)/);
  });
});
