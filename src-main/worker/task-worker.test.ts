import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundle } from '../engine/budget/bundle-fixtures';
import { sweepConfigSchema } from '../engine/config';
import { writePolicyBundle } from '../engine/runs/policy-bundle';
import { createRun, runDir } from '../engine/runs/store';
import { runEngineTask } from './engine-tasks';
import { TaskWorker } from './task-worker';

describe('engine tasks in a worker thread', () => {
  it('answer a budget search exactly as in this thread, and carry the engine’s error messages back', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'leenet-task-'));
    const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0] });
    const run = await createRun(workspace, { config, backend: 'wasm', dataset: 'mnist', backbone: 'mnist-small', status: 'finished' });
    await writePolicyBundle(runDir(workspace, run.id), bundle());
    const task = { kind: 'budget', workspace, runId: run.id, target: { kind: 'speedup', value: 2.5 }, policy: 'max-softmax', backend: 'wasm' } as const;
    const tasks = new TaskWorker();
    // Two tasks at once on one worker, each answered with its own result.
    const [inWorker, other] = await Promise.all([tasks.run(task), tasks.run({ ...task, target: { kind: 'speedup', value: 1.5 } })]);
    expect(inWorker).toEqual(await runEngineTask(task));
    expect(inWorker).toMatchObject({ runId: run.id, met: true, policy: 'max-softmax' });
    expect(other.target.value).toBe(1.5);
    await expect(tasks.run({ ...task, runId: 'nope' })).rejects.toThrow(/No run "nope"/);
    // The worker survives a failed task, and serves the catalog and thumbnails too.
    const catalog = await tasks.run({ kind: 'catalog' });
    expect(catalog.datasets.map((d) => d.name)).toContain('mnist');
    await tasks.close();
  }, 60_000);
});
