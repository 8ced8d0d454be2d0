import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src-shared/api/events';
import { sweepConfigSchema } from '../engine/config';
import { readLosses, writeLosses } from '../engine/runs/loss-log';
import type { LossRecord } from '../engine/runs/loss-record';
import { createRun, updateRun } from '../engine/runs/store';
import type { SweepResult } from '../engine/sweep-types';
import type { BatchedEvent } from '../worker/protocol';
import type { Job, JobOutcome } from '../worker/worker-client';
import { createEventHub } from './event-hub';
import { point } from './fixtures/scripted-worker';
import { RunQueue, type JobWorker, type RunMeta } from './run-queue';
import { folderRunStore } from './run-store';

const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 1], limit: 200 });
const RUNS_ON = 'redis://:***@lab:6379';

interface Held {
  job: Job;
  onEvents: (events: BatchedEvent[]) => void;
  meta?: RunMeta;
  end: (outcome: JobOutcome) => void;
}

/**
 * The seam RunQueue is written against, driven by hand: every job is held until the test ends it; calls to stop and
 * close are recorded. `onClose` says how held jobs end when it closes (a queue's submitter detaches them).
 */
class HandWorker implements JobWorker {
  held: Held[] = [];
  stops: string[] = [];
  closes = 0;
  constructor(private readonly onClose: JobOutcome | null = null) {}

  run(job: Job, onEvents: (events: BatchedEvent[]) => void, meta?: RunMeta): Promise<JobOutcome> {
    return new Promise((resolve) => this.held.push({ job, onEvents, meta, end: resolve }));
  }
  stop(jobId: string): boolean {
    this.stops.push(jobId);
    return true;
  }
  async backend() {
    return { info: { name: 'hand', detail: 'held' } };
  }
  async close(): Promise<void> {
    this.closes++;
    if (this.onClose) for (const h of this.held.splice(0)) h.end(this.onClose);
  }
  /** The held job of a run, once the queue has handed it over. */
  async job(runId: string): Promise<Held> {
    await expect.poll(() => this.held.some((h) => h.job.jobId === runId)).toBe(true);
    return this.held.find((h) => h.job.jobId === runId)!;
  }
}

async function setup(options: { concurrency?: number; runsOn?: string; onClose?: JobOutcome } = {}) {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'leenet-runqueue-'));
  const store = folderRunStore(workspace);
  const events = createEventHub();
  const heard: RunEvent[] = [];
  events.subscribe((e) => e.channel === 'event:run' && heard.push(e.payload));
  const worker = new HandWorker(options.onClose ?? null);
  const queue = new RunQueue({ worker, store, events, concurrency: options.concurrency, runsOn: options.runsOn });
  const endings = (runId: string) => heard.filter((e) => e.runId === runId && ['finished', 'stopped', 'failed'].includes(e.type));
  return { workspace, store, worker, queue, heard, endings };
}

/** A run folder as a worker leaves one, and the outcome it returns. */
async function finishedRun(workspace: string, runId: string): Promise<JobOutcome> {
  await createRun(workspace, { id: runId, config, backend: 'hand', dataset: 'mnist', backbone: 'mnist-small', status: 'running' });
  await updateRun(workspace, runId, { status: 'finished', points: [point(0)], alphasDone: [0] });
  const result: SweepResult = { runId, status: 'finished', dir: '', backend: 'hand', dataset: 'mnist', backbone: 'mnist-small', exits: [], points: [point(0)], timings: {}, config, exitReports: [], summary: null, latency: null };
  return { status: 'finished', result };
}

const lossEvent = (loss: number): BatchedEvent => ({ type: 'progress', phase: 'gates', done: 1, total: 2, etaSeconds: null, losses: [{ series: 'gate:α=0', step: 1, loss }] });

describe('RunQueue', () => {
  it('runs two jobs at once with concurrency 2, the third when one ends', async () => {
    const { worker, queue, workspace, endings } = await setup({ concurrency: 2 });
    const [a, b, c] = [queue.enqueue(config), queue.enqueue(config), queue.enqueue(config)];
    await worker.job(a.runId);
    await worker.job(b.runId);
    expect(worker.held.map((h) => h.job.jobId)).toEqual([a.runId, b.runId]);
    expect(queue.active().map((r) => [r.id, r.status])).toEqual([
      [a.runId, 'running'],
      [b.runId, 'running'],
      [c.runId, 'queued'],
    ]);
    (await worker.job(b.runId)).end(await finishedRun(workspace, b.runId));
    await worker.job(c.runId);
    expect(queue.active().map((r) => [r.id, r.status])).toEqual([
      [a.runId, 'running'],
      [c.runId, 'running'],
    ]);
    expect(endings(b.runId)).toEqual([expect.objectContaining({ type: 'finished', runId: b.runId, points: 1 })]);
  });

  it('one at a time without concurrency', async () => {
    const { worker, queue } = await setup();
    const a = queue.enqueue(config);
    const b = queue.enqueue(config);
    expect(b.position).toBe(1);
    await worker.job(a.runId);
    // Given every chance to start the second.
    await new Promise((r) => setTimeout(r, 50));
    expect(worker.held.map((h) => h.job.jobId)).toEqual([a.runId]);
  });

  it("shows where runs run (runsOn) on summaries and on the queued event's run", async () => {
    const { worker, queue, heard } = await setup({ runsOn: RUNS_ON, concurrency: Infinity });
    const { runId } = queue.enqueue(config, 'on the lab queue');
    await worker.job(runId);
    expect(queue.active()).toEqual([expect.objectContaining({ id: runId, runsOn: RUNS_ON, status: 'running', name: 'on the lab queue' })]);
    expect(queue.find(runId)?.summary.runsOn).toBe(RUNS_ON);
    expect(heard.find((e) => e.type === 'queued')).toMatchObject({ runId, run: { runsOn: RUNS_ON } });
    // The submitter lists the run with its name and date, to take it up after a restart.
    expect((await worker.job(runId)).meta).toMatchObject({ name: 'on the lab queue', createdAt: expect.any(String) });
    // A local queue's runs say nothing of it.
    const local = await setup();
    local.queue.enqueue(config);
    expect(local.queue.active()[0]).not.toHaveProperty('runsOn');
  });

  it("a queue's run stopped or failed before its folder came home is recorded as sent there, with its split", async () => {
    const { worker, queue, store } = await setup({ runsOn: RUNS_ON, concurrency: Infinity });
    const split = { featureShards: 2, fanOutAlphas: false };
    const stopped = queue.enqueue(config, 'stopped early', split);
    const failed = queue.enqueue(config);
    expect((await worker.job(stopped.runId)).meta?.split).toEqual(split);
    expect((await worker.job(failed.runId)).meta).not.toHaveProperty('split');
    (await worker.job(stopped.runId)).end({ status: 'stopped', result: null });
    (await worker.job(failed.runId)).end({ status: 'failed', message: 'Redis said no.', crashed: false });
    await expect.poll(() => queue.active()).toEqual([]);
    expect(await store.get(stopped.runId)).toMatchObject({ status: 'stopped', name: 'stopped early', queue: { url: RUNS_ON, worker: '', ...split } });
    // Sent without a split: the submitter's default, recorded as such.
    expect(await store.get(failed.runId)).toMatchObject({ status: 'failed', error: 'Redis said no.', queue: { url: RUNS_ON, worker: '', featureShards: 1, fanOutAlphas: true } });
    // A local run's record says nothing of queues.
    const local = await setup();
    const here = local.queue.enqueue(config);
    (await local.worker.job(here.runId)).end({ status: 'failed', message: 'x', crashed: false });
    await expect.poll(() => local.queue.active()).toEqual([]);
    expect(await local.store.get(here.runId)).not.toHaveProperty('queue');
  });

  it('a detached run records nothing and announces no ending', async () => {
    const { worker, queue, store, endings, heard } = await setup({ runsOn: RUNS_ON, concurrency: Infinity });
    const { runId } = queue.enqueue(config);
    const held = await worker.job(runId);
    held.onEvents([lossEvent(0.5)]);
    held.end({ status: 'detached' });
    await expect.poll(() => queue.active()).toEqual([]);
    expect(await store.get(runId)).toBeNull();
    expect(endings(runId)).toEqual([]);
    expect(heard.map((e) => e.type)).toEqual(['queued', 'started', 'progress']);
  });

  it("a run whose losses came with its folder (lossesSaved) keeps them; otherwise the host's curves are saved", async () => {
    const { worker, queue, workspace } = await setup({ concurrency: 2 });
    const fromWorker: LossRecord[] = [{ phase: 'gates', total: 2, losses: [{ series: 'gate:α=0', step: 1, loss: 0.25 }, { series: 'gate:α=0', step: 2, loss: 0.125 }] }];
    const [saved, unsaved] = [queue.enqueue(config), queue.enqueue(config)];
    for (const { runId } of [saved, unsaved]) {
      const held = await worker.job(runId);
      // The host heard only part of the curves (a submitter away for a while).
      held.onEvents([lossEvent(0.75)]);
      const outcome = await finishedRun(workspace, runId);
      await writeLosses(workspace, runId, fromWorker);
      held.end(runId === saved.runId && outcome.status === 'finished' ? { ...outcome, lossesSaved: true } : outcome);
    }
    await expect.poll(() => queue.active()).toEqual([]);
    expect(await readLosses(workspace, saved.runId)).toEqual(fromWorker);
    expect(await readLosses(workspace, unsaved.runId)).toEqual([{ phase: 'gates', total: 2, losses: [{ series: 'gate:α=0', step: 1, loss: 0.75 }] }]);
  });

  it("closing a queue's run queue leaves its runs going: no stop, the worker closed, nothing recorded", async () => {
    const { worker, queue, store, endings } = await setup({ runsOn: RUNS_ON, concurrency: Infinity, onClose: { status: 'detached' } });
    const a = queue.enqueue(config);
    const b = queue.enqueue(config);
    await worker.job(a.runId);
    await worker.job(b.runId);
    await queue.close();
    expect(worker.stops).toEqual([]);
    expect(worker.closes).toBe(1);
    for (const { runId } of [a, b]) {
      expect(endings(runId)).toEqual([]);
      expect(await store.get(runId)).toBeNull();
    }
    expect(queue.active()).toEqual([]);
    expect(() => queue.enqueue(config)).toThrow(/shutting down/);
    // A close that waited for the runs to end would hang: fail fast instead.
  }, 10_000);

  it('closing the local queue stops the running run, drops the queued ones, then closes the worker', async () => {
    const { worker, queue, workspace, endings } = await setup();
    const a = queue.enqueue(config);
    const b = queue.enqueue(config);
    const held = await worker.job(a.runId);
    const closing = queue.close();
    expect(worker.stops).toEqual([a.runId]);
    expect(endings(b.runId)).toEqual([{ type: 'stopped', runId: b.runId, alphasDone: 0 }]);
    // The worker closes only after the running run has ended.
    await new Promise((r) => setTimeout(r, 20));
    expect(worker.closes).toBe(0);
    held.end({ ...(await finishedRun(workspace, a.runId)), status: 'stopped' } as JobOutcome);
    await closing;
    expect(worker.closes).toBe(1);
    expect(endings(a.runId)).toEqual([{ type: 'stopped', runId: a.runId, alphasDone: 1 }]);
  });

  it('adopting a run it already follows (or adopting it twice) does not run it twice', async () => {
    const { worker, queue, heard } = await setup({ runsOn: RUNS_ON, concurrency: Infinity });
    const run = { id: '2026-12-01T10-00-00-mnist-small-ab12', name: 'adopted', createdAt: '2026-12-01T10:00:00.000Z', config, resume: false };
    queue.adopt(run);
    queue.adopt(run);
    await worker.job(run.id);
    queue.adopt({ ...run, resume: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(worker.held.map((h) => h.job.jobId)).toEqual([run.id]);
    expect(queue.active()).toHaveLength(1);
    expect(heard.filter((e) => e.type === 'queued')).toHaveLength(1);
    expect(queue.active()[0]).toMatchObject({ id: run.id, name: 'adopted', createdAt: run.createdAt });
    expect(() => queue.resume({ id: run.id, name: 'x', createdAt: run.createdAt, config })).toThrow(/already queued or running/);
  });

  it('a worker that throws ends the run failed, recorded in the store, and the next run goes on', async () => {
    const { store, workspace } = await setup();
    const events = createEventHub();
    const heard: RunEvent[] = [];
    events.subscribe((e) => e.channel === 'event:run' && heard.push(e.payload));
    let calls = 0;
    const worker: JobWorker = {
      run: (job) => (++calls === 1 ? Promise.reject(new Error('Redis said no')) : finishedRun(workspace, job.jobId)),
      stop: () => false,
      backend: async () => ({ info: null }),
      close: async () => undefined,
    };
    const queue = new RunQueue({ worker, store, events });
    const failed = queue.enqueue(config);
    const next = queue.enqueue(config);
    await expect.poll(() => heard.filter((e) => e.type === 'failed' || e.type === 'finished').map((e) => [e.type, e.runId])).toEqual([
      ['failed', failed.runId],
      ['finished', next.runId],
    ]);
    expect(await store.get(failed.runId)).toMatchObject({ status: 'failed', error: 'Redis said no' });
  });
});
