import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../engine/config';
import { readLosses, writeLosses } from '../engine/runs/loss-log';
import { getRun, updateRun } from '../engine/runs/store';
import { runSweep } from '../engine/sweep/run-sweep';
import { lastTime } from './alpha-losses';
import { QUEUE_PREFIX, queueTarget, redisOptions } from './connection';
import { EnginePool } from './engine-pool';
import { readAlphaReport, stateKeys, type AlphaJobData, type SweepJobData } from './job-data';
import type { WorkerEnv } from './job-engine';
import { packRunFolder } from './run-folder-bundle';
import { processAlpha, processSweep } from './sweep-job';
import { startRedis, type RedisServer } from './testing/redis-server';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));

/**
 * A fanned-out run's record: its `finish` step takes in the α jobs' reports, so the run that comes home has every α's
 * gate curves and seconds, as a local run has, whatever a dead `finish` left in its state (real redis-server, real
 * engine thread, real MNIST).
 */
describe("a fanned-out run keeps its α jobs' curves and seconds (real redis-server, wasm)", () => {
  const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 1], limit: 200, epochs: { backbone: 1, heads: 1, gates: 5 }, seed: 5 });
  const cacheDir = tmp('leenet-cache-');
  let redis: RedisServer;
  let client: Redis;
  let queue: Queue;
  /** The sweep's own queue; workers that take jobs by hand (BullMQ's manual processing), locks long enough for a busy machine. */
  let sweeps: Queue;
  let taker: Worker;
  let alphaTaker: Worker;
  let pool: EnginePool;
  const env = (): WorkerEnv => ({ redis: client, pool, workspace: tmp('leenet-worker-'), cacheDir, backend: 'wasm', name: 'test:1', log: () => undefined, handingBack: { requested: false, listeners: new Set() } });

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redisOptions(queueTarget(redis.url)));
    queue = new Queue('fan-out-finish-test', { prefix: QUEUE_PREFIX, connection: redisOptions(queueTarget(redis.url)) });
    sweeps = new Queue('fan-out-finish-sweeps', { prefix: QUEUE_PREFIX, connection: redisOptions(queueTarget(redis.url)) });
    const manual = { prefix: QUEUE_PREFIX, connection: redisOptions(queueTarget(redis.url)), autorun: false, lockDuration: 600_000 };
    taker = new Worker('fan-out-finish-sweeps', null, manual);
    alphaTaker = new Worker('fan-out-finish-test', null, manual);
    pool = new EnginePool(1);
  });
  afterAll(async () => {
    await pool?.close();
    await taker?.close();
    await alphaTaker?.close();
    await sweeps?.close();
    await queue?.close();
    client?.disconnect();
    await redis?.stop();
  });

  it('α jobs report their own seconds and gate curves; finish places them as a local run logs them', async () => {
    const home = tmp('leenet-home-');
    const heads = await runSweep(config, { workspace: home, cacheDir, backend: 'wasm', until: 'gates' });
    expect(heads.status).toBe('stopped');
    // Everything up to the gates is timed, the classic rules' evaluation too.
    expect(Object.keys(heads.timings)).toEqual(expect.arrayContaining(['data', 'backbone', 'features', 'heads', 'baselines']));
    // The heads' curves as the run's job logged them, and what a finish that died mid-way left on top of them.
    const headsLog = [{ phase: 'heads' as const, total: 10, losses: [{ series: 'head:stage1', step: 9, loss: 1.2, time: 30 }] }];
    const DEAD_FINISH = 99_999;
    await writeLosses(home, heads.runId, [...headsLog, { phase: 'gates', total: 5, losses: [{ series: 'gate:α=0', step: 1, loss: 9, time: DEAD_FINISH }] }]);
    await updateRun(home, heads.runId, { timings: { ...heads.timings, gates: DEAD_FINISH } });
    await client.set(stateKeys.state(heads.runId), await packRunFolder(home, heads.runId));

    // Each α job as a worker takes it: active, under its lock, which fences what it leaves in Redis.
    for (const alpha of config.alphas) {
      await queue.add('alpha', { runId: heads.runId, config, alpha } satisfies AlphaJobData);
      const job = (await alphaTaker.getNextJob(`alpha-${alpha}`))!;
      expect(await processAlpha(env(), job, `alpha-${alpha}`)).toMatchObject({ status: 'finished' });
    }
    const reports = await Promise.all(config.alphas.map(async (_, index) => readAlphaReport(await client.get(stateKeys.alphaReport(heads.runId, index)))));
    for (const [index, report] of reports.entries()) {
      // Its own seconds, not the state's it started from; its own α's curves, at its own steps.
      expect(report.timings.gates).toBeGreaterThan(0);
      expect(report.timings.gates).toBeLessThan(DEAD_FINISH);
      expect(report.losses.length).toBeGreaterThan(0);
      expect(new Set(report.losses.flatMap((r) => r.losses.map((l) => l.series.replace(/^gate(-ce|-cost)?:/, ''))))).toEqual(new Set([`α=${config.alphas[index]}`]));
      for (const r of report.losses) expect(r.losses.every((l) => l.step <= r.total)).toBe(true);
    }

    // The finish step as a worker takes it: active, under its lock (its state writes are fenced by it).
    const e = env();
    await sweeps.add('sweep', { runId: heads.runId, config, resume: true, fanOutAlphas: true, featureShards: 1, step: 'finish', timings: heads.timings, from: 'test' } satisfies SweepJobData);
    const finish = (await taker.getNextJob('finish-token'))!;
    expect(await processSweep(e, sweeps, finish, 'finish-token')).toMatchObject({ status: 'finished' });
    const { timings, status } = await getRun(e.workspace, heads.runId);
    expect(status).toBe('finished');
    // Seconds: the heads' plus both α jobs', plus what finish itself took; the dead finish's are gone.
    expect(timings.gates).toBeGreaterThanOrEqual(reports[0].timings.gates + reports[1].timings.gates);
    expect(timings.gates).toBeLessThan(DEAD_FINISH);
    for (const [phase, seconds] of Object.entries(heads.timings)) expect(timings[phase], phase).toBeGreaterThanOrEqual(seconds);

    // Curves: the heads' kept, the dead finish's gone, each α's where a local run has it — after the α before it,
    // over a gates phase of both α values, its wall time after the heads'.
    const log = await readLosses(e.workspace, heads.runId);
    expect(log.slice(0, headsLog.length)).toEqual(headsLog);
    const gates = log.filter((r) => r.phase === 'gates');
    expect(gates.every((r) => r.losses.every((l) => (l.time ?? 0) < DEAD_FINISH))).toBe(true);
    const perAlpha = reports[0].losses[0].total;
    for (const [index, alpha] of config.alphas.entries()) {
      const steps = gates.filter((r) => r.losses.some((l) => l.series === `gate:α=${alpha}`));
      expect(steps.length).toBeGreaterThan(0);
      for (const r of steps) {
        expect(r.total).toBe(perAlpha * config.alphas.length);
        for (const l of r.losses) {
          expect(l.step - index * perAlpha).toBeGreaterThanOrEqual(0);
          expect(l.step - index * perAlpha).toBeLessThanOrEqual(perAlpha);
          expect(l.time).toBeGreaterThanOrEqual(lastTime(headsLog));
        }
      }
    }
    // What finish read is gone from Redis.
    expect(await client.exists(...config.alphas.flatMap((_, i) => [stateKeys.alphaReport(heads.runId, i), stateKeys.gates(heads.runId, i)]))).toBe(0);
  }, 600_000);
});
