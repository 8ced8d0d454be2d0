import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUBMISSIONS_FILE, submissionsOf, type Submission } from './submissions';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'leenet-subs-'));
const entry = (runId: string, jobId = `${runId}.j1`, url = 'redis://127.0.0.1:6379'): Submission => ({ runId, jobId, url, createdAt: '2026-12-01T00:00:00.000Z', config: { dataset: 'mnist' }, resume: false });

describe('the submissions list', () => {
  it('adds, lists in order, removes; an absent file is an empty list', async () => {
    const workspace = tmp();
    const subs = submissionsOf(workspace);
    expect(await subs.list()).toEqual([]);
    await subs.add(entry('a'));
    await subs.add({ ...entry('b'), name: 'second' });
    expect(await subs.list()).toEqual([entry('a'), { ...entry('b'), name: 'second' }]);
    await subs.remove('a.j1');
    expect(await subs.list()).toEqual([{ ...entry('b'), name: 'second' }]);
    await subs.remove('no-such-job');
    expect((await subs.list()).map((s) => s.runId)).toEqual(['b']);
    // Another process (the next start) reads the same file.
    expect((await submissionsOf(workspace).list()).map((s) => s.jobId)).toEqual(['b.j1']);
  });

  it('keeps one entry per job: adding a job again replaces it', async () => {
    const subs = submissionsOf(tmp());
    await subs.add(entry('a'));
    await subs.add(entry('b'));
    await subs.add({ ...entry('a'), resume: true });
    expect(await subs.list()).toEqual([entry('b'), { ...entry('a'), resume: true }]);
    // The same run resubmitted later is another job: both are listed.
    await subs.add(entry('a', 'a.j2'));
    expect((await subs.list()).map((s) => s.jobId)).toEqual(['b.j1', 'a.j1', 'a.j2']);
  });

  it.each([
    ['not JSON', '{"runId": "a", '],
    ['empty', ''],
    ['JSON of another shape', '{"runs": []}'],
    ['a list with a broken entry', JSON.stringify([{ runId: 'a' }])],
  ])('a damaged file (%s) reads as empty, without throwing, and is mended by the next add', async (_what, text) => {
    const workspace = tmp();
    writeFileSync(path.join(workspace, SUBMISSIONS_FILE), text);
    const subs = submissionsOf(workspace);
    expect(await subs.list()).toEqual([]);
    await subs.add(entry('b'));
    expect(await subs.list()).toEqual([entry('b')]);
    expect(JSON.parse(readFileSync(path.join(workspace, SUBMISSIONS_FILE), 'utf8'))).toEqual([entry('b')]);
  });

  it('concurrent adds and removes lose nothing, from one handle or several', async () => {
    const workspace = tmp();
    // The same workspace, spelt three ways: the list is one file, whichever way it is named.
    const handles = [submissionsOf(workspace), submissionsOf(`${workspace}/`), submissionsOf(path.relative(process.cwd(), workspace))];
    const ids = Array.from({ length: 30 }, (_, i) => `run-${i}`);
    await Promise.all(ids.map((id, i) => handles[i % handles.length].add(entry(id))));
    expect((await handles[0].list()).map((s) => s.runId).sort()).toEqual([...ids].sort());
    await Promise.all(ids.filter((_, i) => i % 2).map((id, i) => handles[i % handles.length].remove(`${id}.j1`)));
    expect((await handles[1].list()).map((s) => s.runId).sort()).toEqual(ids.filter((_, i) => i % 2 === 0).sort());
    // Written atomically: no temp files left beside it.
    expect(readdirSync(workspace)).toEqual([SUBMISSIONS_FILE]);
  });
});
