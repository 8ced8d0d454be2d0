import { afterEach, describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../engine/config';
import { FAKE } from './fixtures/fake-engine';
import type { BatchedEvent } from './protocol';
import { WorkerClient } from './worker-client';

const engineModule = new URL('./fixtures/fake-engine.ts', import.meta.url).href;
const config = (seed: number, limit = 300) =>
  sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0], seed, limit });

let client: WorkerClient;
afterEach(() => client.close());

function run(c: WorkerClient, jobId: string, seed: number, limit?: number) {
  const batches: { at: number; events: BatchedEvent[] }[] = [];
  const outcome = c.run({ jobId, config: config(seed, limit), workspace: '/nowhere' }, (events) =>
    batches.push({ at: Date.now(), events }),
  );
  return { batches, outcome };
}

describe('WorkerClient with a real worker_thread', () => {
  it('batches progress steps into fewer messages, every step delivered in order', async () => {
    client = new WorkerClient({ engineModule });
    const started = Date.now();
    const { batches, outcome } = run(client, 'job-1', FAKE.finish, 600);
    expect(await outcome).toMatchObject({ status: 'finished', result: { runId: 'job-1' } });
    const seconds = (Date.now() - started) / 1000;
    const progress = batches.flatMap((b) => b.events).filter((e) => e.type === 'progress');
    // The last batch is the flush at the job's end, sent at once; host-side arrival times jitter a little.
    const gaps = batches.slice(1, -1).map((b, i) => b.at - batches[i].at);
    // Rates and gaps are printed, not asserted (a shared machine decides them as much as the code); the interval
    // itself is tested on a fake clock in event-batcher.test.ts.
    console.info(`[rate] fake engine: 600 steps → ${batches.length} messages in ${seconds.toFixed(2)} s (${(batches.length / seconds).toFixed(1)}/s, shortest gap ${Math.min(...gaps)} ms)`);
    // Batched: consecutive steps fold into one progress event per message, ending at the last step, in order.
    expect(progress.length).toBeLessThan(600);
    const done = progress.map((p) => (p.type === 'progress' ? p.done : 0));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ done: 600, total: 600 });
    expect(progress.flatMap((p) => (p.type === 'progress' ? p.losses : []))[0]).toMatchObject({ series: 'gate:α=0' });
    expect(batches.flatMap((b) => b.events).map((e) => e.type)).toContain('log');
  });

  it('stops a job at its next step', async () => {
    client = new WorkerClient({ engineModule });
    const { outcome } = run(client, 'job-2', FAKE.finish, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const asked = Date.now();
    expect(client.stop('job-2')).toBe(true);
    // 20,000 steps take ~20 s: a job that ends `stopped` with the engine's own result stopped at a step.
    expect(await outcome).toMatchObject({ status: 'stopped', result: { status: 'stopped' } });
    console.info(`[stop] fake engine: stopped ${Date.now() - asked} ms after the request`);
  });

  it('batches and stops an engine whose awaits never yield to the event loop (tfjs on wasm/cpu)', async () => {
    client = new WorkerClient({ engineModule, stopGraceMs: 5000 });
    const first = run(client, 'job-m1', FAKE.microtasksOnly, 1500);
    expect(await first.outcome).toMatchObject({ status: 'finished' });
    expect(first.batches.length).toBeGreaterThanOrEqual(8);
    expect(first.batches.flatMap((b) => b.events).filter((e) => e.type === 'progress').length).toBeLessThan(1500);

    const second = run(client, 'job-m2', FAKE.microtasksOnly, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    const asked = Date.now();
    client.stop('job-m2');
    expect(await second.outcome).toMatchObject({ status: 'stopped', result: { status: 'stopped' } });
    console.info(`[stop] fake engine without event-loop turns: stopped in ${Date.now() - asked} ms`);
  });

  it('terminates a worker that does not reach a batch boundary within the grace period', async () => {
    client = new WorkerClient({ engineModule, stopGraceMs: 300 });
    const { outcome } = run(client, 'job-3', FAKE.hangsSync);
    await new Promise((r) => setTimeout(r, 300));
    const asked = Date.now();
    client.stop('job-3');
    // No result: the worker was terminated, not stopped at a batch boundary.
    expect(await outcome).toEqual({ status: 'stopped', result: null });
    console.info(`[stop] hung worker terminated ${Date.now() - asked} ms after the request`);
    expect(await run(client, 'job-3b', FAKE.finish, 50).outcome).toMatchObject({ status: 'finished' });
  });

  it('reports an engine exception and a worker exit as failures, and runs the next job', async () => {
    client = new WorkerClient({ engineModule });
    expect(await run(client, 'job-4', FAKE.throws).outcome).toEqual({
      status: 'failed',
      message: 'Fake engine failure.',
      crashed: false,
    });
    expect(await run(client, 'job-5', FAKE.exits).outcome).toEqual({
      status: 'failed',
      message: 'The training worker exited unexpectedly (code 3).',
      crashed: true,
    });
    expect(await run(client, 'job-6', FAKE.finish, 30).outcome).toMatchObject({ status: 'finished' });
  });

  it('refuses a second job while one runs and answers backend probes', async () => {
    client = new WorkerClient({ engineModule });
    expect(await client.backend()).toEqual({ info: { name: 'fake', detail: 'fake-backend' }, error: undefined });
    const first = run(client, 'job-7', FAKE.finish, 100);
    await expect(run(client, 'job-8', FAKE.finish).outcome).rejects.toThrow(/busy with job-7/);
    await first.outcome;
  });
});
