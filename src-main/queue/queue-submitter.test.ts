import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../engine/config';
import type { BatchedEvent } from '../worker/protocol';
import { QUEUE_NAME, QUEUE_PREFIX, queueTarget, redisOptions } from './connection';
import { stateKeys } from './job-data';
import { QueueSubmitter } from './queue-submitter';
import { submissionsOf } from './submissions';
import { freePort, startRedis, type RedisServer } from './testing/redis-server';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'leenet-submitter-'));
const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0], limit: 200 });
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function submitter(url: string, workspace: string): QueueSubmitter {
  const s = new QueueSubmitter({ url, workspace });
  cleanups.push(() => s.close());
  return s;
}

/** The submitter against a real redis-server with no worker: jobs wait on the queue. */
describe('QueueSubmitter on a real redis-server, no worker', () => {
  let redis: RedisServer;
  let bull: Queue;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    bull = new Queue(QUEUE_NAME, { prefix: QUEUE_PREFIX, connection: redisOptions(queueTarget(redis.url)) });
    client = new Redis(redisOptions(queueTarget(redis.url)));
  });
  afterAll(async () => {
    client?.disconnect();
    await bull?.close();
    await redis?.stop();
  });

  it('a Stop right after the submission is heard: nothing is left waiting on the queue, and the run ends stopped', async () => {
    const home = tmp();
    const s = submitter(redis.url, home);
    const outcome = s.run({ jobId: 'stopped-at-once', config, workspace: home }, () => undefined);
    // Ctrl-C or the Stop button the moment the run was started, before anything reached Redis.
    expect(s.stop('stopped-at-once')).toBe(true);
    expect(await outcome).toEqual({ status: 'stopped', result: null });
    expect((await bull.getJobs(['waiting', 'active', 'delayed', 'prioritized'])).filter((j) => (j.data as { runId: string }).runId === 'stopped-at-once')).toEqual([]);
    expect(await submissionsOf(home).list()).toEqual([]);
    expect(await client.exists(stateKeys.stop('stopped-at-once'), stateKeys.state('stopped-at-once'))).toBe(0);
  }, 30_000);

  it('a Stop while the job is going out (after its submission was listed) takes it off the queue too', async () => {
    const home = tmp();
    const s = submitter(redis.url, home);
    const events: BatchedEvent[] = [];
    const outcome = s.run({ jobId: 'stopped-soon', config, workspace: home }, (batch) => events.push(...batch));
    await expect.poll(async () => (await submissionsOf(home).list()).length).toBe(1);
    expect(s.stop('stopped-soon')).toBe(true);
    expect(await outcome).toEqual({ status: 'stopped', result: null });
    expect((await bull.getJobs(['waiting', 'active', 'delayed', 'prioritized'])).filter((j) => (j.data as { runId: string }).runId === 'stopped-soon')).toEqual([]);
    expect(await submissionsOf(home).list()).toEqual([]);
  }, 30_000);

  it('stop of a run it does not follow says so', () => {
    expect(submitter(redis.url, tmp()).stop('never-submitted')).toBe(false);
  });
});

describe('QueueSubmitter closing while Redis is down', () => {
  it('down since the start: close does not hang; the run is detached (not failed), its submission kept for the next start', async () => {
    const home = tmp();
    const url = `redis://127.0.0.1:${await freePort()}`;
    const s = new QueueSubmitter({ url, workspace: home });
    const events: BatchedEvent[] = [];
    const outcome = s.run({ jobId: 'while-down', config, workspace: home }, (batch) => events.push(...batch));
    await expect.poll(() => events.some((e) => e.type === 'log' && /is unreachable \(.*ECONNREFUSED/.test(e.message)), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await submissionsOf(home).list()).length).toBe(1);
    await s.close();
    expect(await outcome).toEqual({ status: 'detached' });
    expect((await submissionsOf(home).list()).map((x) => [x.runId, x.url])).toEqual([['while-down', url]]);
  }, 30_000);

  it('Redis gone after the job went out: close does not hang, the run is detached and still listed', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const home = tmp();
    const s = new QueueSubmitter({ url: redis.url, workspace: home });
    const events: BatchedEvent[] = [];
    const outcome = s.run({ jobId: 'then-down', config, workspace: home }, (batch) => events.push(...batch));
    await expect.poll(() => events.some((e) => e.type === 'log' && e.message.startsWith('Submitted to'))).toBe(true);
    await redis.stop();
    await expect.poll(() => events.some((e) => e.type === 'log' && /is unreachable/.test(e.message)), { timeout: 10_000 }).toBe(true);
    await s.close();
    expect(await outcome).toEqual({ status: 'detached' });
    expect((await submissionsOf(home).list()).map((x) => x.runId)).toEqual(['then-down']);
    // Closed means closed: with Redis back, none of its connections comes back (they retry every 5 s at most).
    await redis.restart();
    const look = new Redis(redisOptions(queueTarget(redis.url)));
    cleanups.push(() => look.disconnect());
    await new Promise((r) => setTimeout(r, 6000));
    const clients = ((await look.call('CLIENT', 'LIST')) as string).trim().split('\n');
    expect(clients).toHaveLength(1);
  }, 40_000);
});
