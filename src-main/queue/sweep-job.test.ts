import { Queue, UnrecoverableError, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../engine/config';
import { readLosses, writeLosses } from '../engine/runs/loss-log';
import { createRun, getRun, updateRun } from '../engine/runs/store';
import type { RunStatus } from '../engine/runs/types';
import { QUEUE_PREFIX, queueTarget, redisOptions } from './connection';
import { EnginePool } from './engine-pool';
import { stateKeys, type AlphaJobData, type SweepJobData } from './job-data';
import type { WorkerEnv } from './job-engine';
import { packRunFolder } from './run-folder-bundle';
import { fansOut, processAlpha, processSweep, takeInAlphaReports } from './sweep-job';
import { startRedis, type RedisServer } from './testing/redis-server';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 1], limit: 200 });

/**
 * A worker's steps that end before any training, on a real redis-server with real BullMQ jobs (their own queue):
 * a run whose state in Redis says it is over.
 */
describe('sweep and α jobs whose run is over (real redis-server)', () => {
  let redis: RedisServer;
  let client: Redis;
  let queue: Queue;
  let pool: EnginePool;
  const logs: string[] = [];
  const env = (): WorkerEnv => ({ redis: client, pool, workspace: tmp('leenet-worker-'), name: 'test:1', log: (m) => logs.push(m), handingBack: { requested: false, listeners: new Set() } });

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redisOptions(queueTarget(redis.url)));
    queue = new Queue('sweep-job-test', { prefix: QUEUE_PREFIX, connection: redisOptions(queueTarget(redis.url)) });
    // Real, and idle: its engine threads start only when a job runs, and none does here.
    pool = new EnginePool(1);
  });
  afterAll(async () => {
    await pool?.close();
    await queue?.close();
    client?.disconnect();
    await redis?.stop();
  });

  /** A run folder packed into Redis as a worker leaves it, with this status. */
  async function stateInRedis(status: RunStatus): Promise<string> {
    const home = tmp('leenet-home-');
    const { id } = await createRun(home, { config, backend: 'wasm', dataset: 'mnist', backbone: 'mnist-small', status: 'running' });
    await updateRun(home, id, { status });
    await client.set(stateKeys.state(id), await packRunFolder(home, id));
    return id;
  }

  const sweepJob = (runId: string): Promise<BullJob> => queue.add('sweep', { runId, config, resume: false, fanOutAlphas: true, featureShards: 1, step: 'shards', from: 'test' } satisfies SweepJobData);

  it('a sweep job taken over after its run finished returns finished without training, from the run step on', async () => {
    const runId = await stateInRedis('finished');
    const job = await sweepJob(runId);
    const e = env();
    expect(await processSweep(e, queue, job, 'token')).toEqual({ status: 'finished', worker: 'test:1' });
    expect((job.data as SweepJobData).step).toBe('run');
    expect((await getRun(e.workspace, runId)).status).toBe('finished');
  });

  it('a sweep job whose run failed on an earlier worker fails for good', async () => {
    const runId = await stateInRedis('failed');
    await expect(processSweep(env(), queue, await sweepJob(runId), 'token')).rejects.toThrow(UnrecoverableError);
  });

  it.each([['finished'], ['failed'], [null]] as const)('an α job whose run state is %s is refused and leaves no copy of the run behind', async (status) => {
    const runId = status ? await stateInRedis(status) : '2026-12-01T10-00-00-mnist-small-0000';
    const job = await queue.add('alpha', { runId, config, alpha: 1 } satisfies AlphaJobData);
    const e = env();
    await expect(processAlpha(e, job, 'token')).rejects.toThrow(`Run ${runId} has no heads checkpoint in Redis for its α jobs.`);
    expect(readdirSync(path.join(e.workspace, '+alpha-jobs'))).toEqual([]);
  });

  it('an α job of a run asked to stop does nothing', async () => {
    const runId = await stateInRedis('stopped');
    await client.set(stateKeys.stop(runId), '1');
    const e = env();
    expect(await processAlpha(e, await queue.add('alpha', { runId, config, alpha: 0 } satisfies AlphaJobData), 'token')).toEqual({ status: 'stopped', worker: 'test:1' });
    expect(readdirSync(e.workspace)).toEqual([]);
  });
});

describe('fansOut', () => {
  const data = (over: Partial<SweepJobData>): SweepJobData => ({ runId: 'r', config, resume: false, fanOutAlphas: true, featureShards: 1, step: 'run', from: '', ...over });
  it('only LEENet-loss gates with 2+ α, when asked', () => {
    expect(fansOut(data({}))).toBe(true);
    expect(fansOut(data({ fanOutAlphas: false }))).toBe(false);
    expect(fansOut(data({ config: { ...config, alphas: [0.5] } }))).toBe(false);
    expect(fansOut(data({ config: { ...config, gateTarget: 'correct' } }))).toBe(false);
  });
});

describe('takeInAlphaReports', () => {
  it("keeps the curves of an α whose job trained nothing, replaces the others' with their jobs', sets the timings", async () => {
    const home = tmp('leenet-take-in-');
    const { id } = await createRun(home, { config, backend: 'wasm', dataset: 'mnist', backbone: 'mnist-small', status: 'stopped' });
    const heads = { phase: 'heads' as const, total: 4, losses: [{ series: 'head:stage1', step: 4, loss: 1, time: 10 }] };
    // Curves of both α from an earlier round (the run stopped in its finish step, then resumed).
    const earlier = { phase: 'gates' as const, total: 20, losses: [{ series: 'gate:α=0', step: 5, loss: 0.9 }, { series: 'gate:α=1', step: 15, loss: 0.8 }] };
    await writeLosses(home, id, [heads, earlier]);
    const fresh = { phase: 'gates' as const, total: 10, losses: [{ series: 'gate:α=0', step: 3, loss: 0.5, time: 1 }] };
    await takeInAlphaReports(home, id, [0, 1], { heads: 2 }, [
      { timings: { gates: 3 }, losses: [fresh] },
      { timings: { gates: 0.1 }, losses: [] },
    ]);
    expect(await readLosses(home, id)).toEqual([
      heads,
      { ...earlier, losses: [{ series: 'gate:α=1', step: 15, loss: 0.8 }] },
      { phase: 'gates', total: 20, losses: [{ series: 'gate:α=0', step: 3, loss: 0.5, time: 11 }] },
    ]);
    expect((await getRun(home, id)).timings).toEqual({ heads: 2, gates: 3.1 });
  });
});
