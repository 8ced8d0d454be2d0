import { Job, Queue } from 'bullmq';
import { readdir, readFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type LeenetApi } from '../../src-shared/api/client';
import { dispatchRequest } from '../../src-shared/api/dispatch';
import { LeenetError } from '../../src-shared/api/envelope';
import type { RunEvent } from '../../src-shared/api/events';
import { parseQueueUrl } from '../../src-shared/api/queue-url';
import { QUEUE_NAME, QUEUE_PREFIX, queueTarget, redisOptions } from '../queue/connection';
import { SUBMISSIONS_FILE } from '../queue/submissions';
import { sweepConfigSchema } from '../engine/config';
import { newRunId } from '../engine/runs/run-id';
import { freePort, startRedis, type RedisServer } from '../queue/testing/redis-server';
import { ScriptedWorker } from './fixtures/scripted-worker';
import type { HostServices } from './host-services';
import { createHostServices } from './services';

const CONFIG = { dataset: 'mnist', backbone: 'mnist-small', alphas: [0], limit: 200 };
const PASSWORD = 'pa55/word';

/** Every file under `dir` with its text. */
async function texts(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[path.join(entry.parentPath, entry.name)] = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

/** The host's services on a real redis-server with a password, and no worker on its queue: runs wait there. */
describe('host services with a queue (real redis-server, no worker)', () => {
  let redis: RedisServer;
  let bull: Queue;
  let workspace: string;
  let services: HostServices;
  let api: LeenetApi;
  let events: RunEvent[];

  beforeAll(async () => {
    redis = await startRedis({ password: PASSWORD });
    bull = new Queue(QUEUE_NAME, { prefix: QUEUE_PREFIX, connection: redisOptions(queueTarget(redis.url)) });
  });
  afterAll(async () => {
    await bull?.close();
    await redis?.stop();
  });
  beforeEach(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'leenet-services-q-'));
    services = createHostServices({ workspace, host: 'test', version: '0.0.0', worker: new ScriptedWorker() });
    api = createApi({
      invoke: (channel, params) => dispatchRequest(services.handlers, channel, params),
      subscribe: (channel, listener) => services.events.subscribe((e) => e.channel === channel && listener(e.payload)),
    });
    events = [];
    api.onRunEvent((e) => events.push(e));
  });
  afterEach(async () => {
    await services.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it.each(['http://lab:6379', 'redis://', 'redis://lab:99999', 'not a url', 'redis://lab:6379/16'])('run:start with queue %j is refused with the parse message on the queue field', async (url) => {
    const check = parseQueueUrl(url);
    if (check.ok) throw new Error('the case should not parse');
    const refused = await api.startRun({ config: CONFIG, queue: url }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LeenetError);
    expect((refused as LeenetError).message).toBe(check.error);
    expect((refused as LeenetError).fields).toEqual({ queue: check.error });
    expect(await api.listRuns()).toEqual([]);
  });

  it('a run started on the queue is listed there (password hidden); run:stop takes its waiting job off, and it ends stopped', async () => {
    const shown = redis.url.replace(encodeURIComponent(PASSWORD), '***');
    const { runId } = await api.startRun({ config: CONFIG, name: 'on the lab queue', queue: redis.url });
    const [listed] = await api.listRuns();
    expect(listed).toMatchObject({ id: runId, name: 'on the lab queue', runsOn: shown, status: expect.stringMatching(/^(queued|running)$/) });
    // Its job waits in Redis for a worker.
    await expect.poll(async () => (await bull.getJobs(['waiting'])).map((j) => (j.data as { runId: string }).runId)).toContain(runId);
    const [job] = (await bull.getJobs(['waiting'])).filter((j) => (j.data as { runId: string }).runId === runId);
    expect(JSON.parse(await readFile(path.join(workspace, SUBMISSIONS_FILE), 'utf8'))).toEqual([expect.objectContaining({ runId, jobId: job.id })]);

    expect(await api.stopRun({ runId })).toEqual({ stopping: true });
    await expect.poll(() => events.filter((e) => e.runId === runId && ['stopped', 'failed', 'finished'].includes(e.type)), { timeout: 15_000 }).toEqual([{ type: 'stopped', runId, alphasDone: 0 }]);
    expect(await Job.fromId(bull, job.id!)).toBeUndefined();
    expect((await api.listRuns()).find((r) => r.id === runId)).toMatchObject({ status: 'stopped', name: 'on the lab queue', runsOn: shown });
    expect(JSON.parse(await readFile(path.join(workspace, SUBMISSIONS_FILE), 'utf8'))).toEqual([]);
    // The password reached no file of the workspace and no event.
    for (const [file, text] of Object.entries(await texts(workspace))) expect(text, file).not.toContain(PASSWORD.split('/')[0]);
    expect(JSON.stringify(events)).not.toContain(PASSWORD.split('/')[0]);
  });

  it('a split is refused without a queue and out of range, with messages on its field; nothing is started', async () => {
    const alone = await api.startRun({ config: CONFIG, split: { featureShards: 2, fanOutAlphas: true } }).catch((e: unknown) => e);
    expect((alone as LeenetError).fields.split).toMatch(/^Shards and α fan-out spread a sweep over a queue's workers: choose a queue under Run on/);
    const none = await api.startRun({ config: CONFIG, queue: redis.url, split: { featureShards: 0, fanOutAlphas: true } }).catch((e: unknown) => e);
    expect((none as LeenetError).fields).toEqual({ 'split.featureShards': 'At least 1 shard (1: the pass is not cut).' });
    expect(await api.listRuns()).toEqual([]);
  });

  it("a run's split goes out with its job and is kept with its submission, in a file only its owner can read", async () => {
    const split = { featureShards: 3, fanOutAlphas: false };
    const { runId } = await api.startRun({ config: CONFIG, queue: redis.url, split });
    await expect.poll(async () => (await bull.getJobs(['waiting'])).map((j) => (j.data as { runId: string }).runId)).toContain(runId);
    const [job] = (await bull.getJobs(['waiting'])).filter((j) => (j.data as { runId: string }).runId === runId);
    expect(job.data).toMatchObject({ runId, ...split });
    const file = path.join(workspace, SUBMISSIONS_FILE);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual([expect.objectContaining({ runId, split })]);
    // It holds the queue's URL with its password: like ~/.netrc, for its owner alone.
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    await api.stopRun({ runId });
    await expect.poll(() => events.some((e) => e.runId === runId && e.type === 'stopped'), { timeout: 15_000 }).toBe(true);
  });

  it('a run out on the queue when the app closed is taken up at the next start with its split, which its record keeps', async () => {
    const runId = newRunId('mnist-small');
    const split = { featureShards: 4, fanOutAlphas: false };
    const jobId = `${runId}.j1`;
    // As the last session left it: the job waiting in Redis, the submission listed in the workspace.
    const parsed = sweepConfigSchema.parse(CONFIG);
    await bull.add('sweep', { runId, config: parsed, resume: false, ...split, step: 'shards', from: 'test' }, { jobId });
    const home = await mkdtemp(path.join(os.tmpdir(), 'leenet-services-q-home-'));
    await writeFile(path.join(home, SUBMISSIONS_FILE), JSON.stringify([{ runId, jobId, url: redis.url, name: 'taken up', createdAt: new Date().toISOString(), config: parsed, resume: false, split }]));
    const again = createHostServices({ workspace: home, host: 'test', version: '0.0.0', worker: new ScriptedWorker() });
    const heard: RunEvent[] = [];
    again.events.subscribe((e) => e.channel === 'event:run' && heard.push(e.payload));
    try {
      await expect.poll(async () => (await dispatchRequest(again.handlers, 'runs:list', undefined)).ok && heard.some((e) => e.runId === runId)).toBe(true);
      expect(await dispatchRequest(again.handlers, 'run:stop', { runId })).toEqual({ ok: true, value: { stopping: true } });
      await expect.poll(() => heard.some((e) => e.runId === runId && e.type === 'stopped'), { timeout: 15_000 }).toBe(true);
      expect(JSON.parse(await readFile(path.join(home, runId, 'run.json'), 'utf8'))).toMatchObject({ status: 'stopped', name: 'taken up', queue: { url: redis.url.replace(encodeURIComponent(PASSWORD), '***'), ...split } });
    } finally {
      await again.close();
      await rm(home, { recursive: true, force: true });
    }
  });

  it('queue:status on the server: reachable, no worker; on a closed port: unreachable, ECONNREFUSED named', async () => {
    const status = await api.queueStatus({ url: redis.url });
    expect(status).toMatchObject({ reachable: true, workers: 0, url: redis.url.replace(encodeURIComponent(PASSWORD), '***') });
    expect(status.message).toMatch(/no worker yet/);
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const down = await api.queueStatus({ url: closed });
    expect(down).toMatchObject({ reachable: false, workers: 0, url: closed });
    expect(down.message).toMatch(/ECONNREFUSED/);
    await expect(api.queueStatus({ url: 'http://x' })).rejects.toThrow(/starts with redis:\/\/ or rediss:\/\//);
  });

  it('the window keeps the queue with its password hidden; the host connects with the one it saved', async () => {
    const shown = redis.url.replace(encodeURIComponent(PASSWORD), '***');
    // Before anything is saved, the hidden password is refused with what to do, and nothing is started.
    const refused = await api.startRun({ config: CONFIG, queue: shown }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LeenetError);
    expect((refused as LeenetError).message).toBe(`No password for ${shown} is saved on this machine: add the queue again with its password.`);
    expect((refused as LeenetError).fields).toEqual({ queue: 'Add it again with its password.' });
    expect(await api.listRuns()).toEqual([]);

    expect(await api.rememberQueue({ url: redis.url })).toEqual({ url: shown });
    expect(await api.queueStatus({ url: shown })).toMatchObject({ reachable: true, url: shown });
    const { runId } = await api.startRun({ config: CONFIG, queue: shown });
    await expect.poll(async () => (await bull.getJobs(['waiting'])).map((j) => (j.data as { runId: string }).runId)).toContain(runId);
    expect((await api.stopRun({ runId })).stopping).toBe(true);
    await expect.poll(async () => (await api.listRuns()).find((r) => r.id === runId)?.status).toBe('stopped');

    // Removed from Run on: the password goes too.
    await api.forgetQueue({ url: shown });
    await expect(api.queueStatus({ url: shown })).rejects.toThrow(/No password .* is saved on this machine/);
  });
});
