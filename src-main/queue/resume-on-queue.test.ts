import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src-shared/api/client';
import { dispatchRequest } from '../../src-shared/api/dispatch';
import type { RunEvent } from '../../src-shared/api/events';
import { sweepConfigSchema } from '../engine/config';
import { getRun, updateRun } from '../engine/runs/store';
import { runSweep } from '../engine/sweep/run-sweep';
import type { FrontierPoint } from '../engine/sweep-types';
import { ScriptedWorker } from '../host/fixtures/scripted-worker';
import { createHostServices } from '../host/services';
import { startRedis, type RedisServer } from './testing/redis-server';
import { runCli } from './testing/run-cli';
import { startWorker, type WorkerProcess } from './testing/worker-process';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const scored = (ps: FrontierPoint[]) => ps.filter((p) => p.policy !== 'oracle').map(({ runtime: _r, envelope: _e, ...p }) => p);

/**
 * A run stopped on this machine, resumed from the window on a queue: its folder goes to a real worker process (its
 * own cache, nothing shared), which takes it up from the checkpoint; the finished run comes home.
 */
/** A run on this machine, stopped after its first α. */
async function stoppedRun(seed: number) {
  const home = tmp('leenet-home-');
  const cacheDir = tmp('leenet-cache-');
  const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 0.5, 1], limit: 300, epochs: { backbone: 1, heads: 2, gates: 20 }, seed });
  const controller = new AbortController();
  const first = await runSweep(config, {
    workspace: home,
    cacheDir,
    backend: 'wasm',
    signal: controller.signal,
    onEvent: (e) => e.type === 'point' && e.point.policy === 'leenet' && e.point.split === 'test' && !e.point.curve && controller.abort(),
  });
  expect(first.status).toBe('stopped');
  return { home, cacheDir, config, first };
}

describe('resume on a queue (real redis-server and worker process)', () => {
  let redis: RedisServer;
  let worker: WorkerProcess;

  beforeAll(async () => {
    redis = await startRedis();
    worker = startWorker(['--queue', redis.url, '--workspace', tmp('leenet-w-'), '--cache-dir', tmp('leenet-wc-'), '--backend', 'wasm']);
    await worker.waitFor(/1 job at a time/);
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await redis?.stop();
  });

  it('a locally stopped run resumed on the queue keeps its heads and finished α, and ends as an uninterrupted run', async () => {
    const { home, cacheDir, config, first } = await stoppedRun(11);

    const services = createHostServices({ workspace: home, host: 'test', version: '0.0.0', worker: new ScriptedWorker(), cacheDir });
    const api = createApi({
      invoke: (channel, params) => dispatchRequest(services.handlers, channel, params),
      subscribe: (channel, listener) => services.events.subscribe((e) => e.channel === channel && listener(e.payload)),
    });
    const events: RunEvent[] = [];
    api.onRunEvent((e) => events.push(e));
    try {
      await api.resumeRun({ runId: first.runId, queue: redis.url, split: { featureShards: 1, fanOutAlphas: false } });
      expect((await api.listRuns()).find((r) => r.id === first.runId)).toMatchObject({ runsOn: redis.url });
      await expect.poll(() => events.filter((e) => e.runId === first.runId && ['finished', 'stopped', 'failed'].includes(e.type)), { timeout: 120_000, interval: 500 }).toEqual([expect.objectContaining({ type: 'finished' })]);
    } finally {
      await services.close();
    }
    // Told by the worker, heard here through the queue's events.
    expect(events).toContainEqual(expect.objectContaining({ type: 'log', message: expect.stringMatching(new RegExp(`^Resuming ${first.runId}: its heads and 1 gate model from its checkpoint`)) }));
    const resumed = await getRun(home, first.runId);
    expect(resumed).toMatchObject({ status: 'finished', alphasDone: config.alphas, queue: { url: redis.url, featureShards: 1, fanOutAlphas: false } });
    const whole = await runSweep(config, { workspace: tmp('leenet-ws-'), cacheDir, backend: 'wasm' });
    expect(scored(resumed.points)).toEqual(scored(whole.points));
  }, 240_000);

  it('leenet resume RUN --queue URL: the same from the command line, for a run that failed; a finished run is refused', async () => {
    const { home, cacheDir, config, first } = await stoppedRun(12);
    // Failed here (a NaN, say): the worker must take it up all the same, not give up on it as failed.
    await updateRun(home, first.runId, { status: 'failed', error: 'The loss became NaN.' });
    const out = await runCli(['resume', first.runId, '--queue', redis.url, '--no-alpha-fan-out', '--workspace', home, '--json']);
    expect(JSON.parse(out.stdout.trim().split('\n').pop()!)).toMatchObject({ runId: first.runId, status: 'finished' });
    const resumed = await getRun(home, first.runId);
    expect(resumed).toMatchObject({ status: 'finished', queue: { url: redis.url, fanOutAlphas: false } });
    expect(resumed.error).toBeUndefined();
    const whole = await runSweep(config, { workspace: tmp('leenet-ws-'), cacheDir, backend: 'wasm' });
    expect(scored(resumed.points)).toEqual(scored(whole.points));
    await expect(runCli(['resume', first.runId, '--queue', redis.url, '--workspace', home])).rejects.toThrow(/has finished: there is nothing to resume/);
  }, 240_000);
});
