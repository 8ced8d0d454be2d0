import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../engine/config';
import { getRun } from '../engine/runs/store';
import { runSweep } from '../engine/sweep/run-sweep';
import type { BatchedEvent } from '../worker/protocol';
import { QueueSubmitter } from './queue-submitter';
import { queueStatus } from './queue-status';
import { submissionsOf } from './submissions';
import { startRedis, type RedisServer } from './testing/redis-server';
import { runCli } from './testing/run-cli';
import { startWorker, type WorkerProcess } from './testing/worker-process';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 1], limit: 300, epochs: { backbone: 1, heads: 2, gates: 20 }, seed: 11 });

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function worker(redis: RedisServer, extra: string[] = [], env: NodeJS.ProcessEnv = {}): WorkerProcess {
  const w = startWorker(['--queue', redis.url, '--workspace', tmp('leenet-w-'), '--cache-dir', tmp('leenet-c-'), '--backend', 'wasm', '--lock-seconds', '5', ...extra], env);
  cleanups.push(() => w.kill('SIGKILL'));
  return w;
}

function submitter(url: string, workspace: string): QueueSubmitter {
  const s = new QueueSubmitter({ url, workspace });
  cleanups.push(() => s.close());
  return s;
}

describe('queue faults, on a real redis-server', () => {
  it('Redis down: a submission says so, waits, is listed meanwhile, and runs when Redis is back', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const w = worker(redis);
    await w.waitFor(/1 job at a time/);
    await redis.stop();
    const home = tmp('leenet-home-');
    const events: BatchedEvent[] = [];
    const outcome = submitter(redis.url, home).run({ jobId: 'while-down', config, workspace: home }, (batch) => events.push(...batch));
    await expect.poll(() => events.some((e) => e.type === 'log' && /is unreachable \(.*ECONNREFUSED.*\): waiting for it/.test(e.message)), { timeout: 20_000 }).toBe(true);
    // Nothing is lost while it waits: the workspace lists the submission (the app takes it up again after a restart).
    expect((await submissionsOf(home).list()).map((s) => s.runId)).toEqual(['while-down']);
    // The worker is waiting for Redis too, and says so.
    await w.waitFor(/is unreachable \(connect ECONNREFUSED/);
    await redis.restart();
    expect((await outcome).status).toBe('finished');
    expect(events).toContainEqual({ type: 'log', message: `Redis at ${redis.url} is back.` });
    expect((await getRun(home, 'while-down')).status).toBe('finished');
    expect(await submissionsOf(home).list()).toEqual([]);
    // …and rode out the restart.
    expect(w.log(), w.log()).toMatch(/unreachable[\s\S]*is back[\s\S]*sweep while-down\.\S+: started/);
  });

  it('a password and TLS (rediss://) in the queue URL; a wrong password is named as such', async () => {
    const dir = tmp('leenet-tls-');
    const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
    const redis = await startRedis({ password: 's3cret/pass', tls: { cert, key } });
    cleanups.push(() => redis.stop());
    expect(redis.url).toMatch(/^rediss:\/\/:s3cret%2Fpass@127\.0\.0\.1:\d+$/);
    // The lab's own CA, the way Node takes one: the worker's environment; the submitter here trusts it the same way.
    // The URL with its password comes from the environment too, kept out of the process list.
    const w = startWorker(['--workspace', tmp('leenet-w-'), '--cache-dir', tmp('leenet-c-'), '--backend', 'wasm'], { NODE_EXTRA_CA_CERTS: cert, LEENET_QUEUE: redis.url });
    cleanups.push(() => w.kill('SIGKILL'));
    await w.waitFor(/1 job at a time/);
    // This process has no NODE_EXTRA_CA_CERTS: the password is checked on a plain server beside it.
    const plain = await startRedis({ password: 's3cret/pass' });
    cleanups.push(() => plain.stop());
    expect(await queueStatus(plain.url)).toMatchObject({ reachable: true, workers: 0 });
    const wrong = await queueStatus(plain.url.replace('s3cret%2Fpass', 'nope'));
    expect(wrong).toMatchObject({ reachable: false, message: expect.stringMatching(/refused the password/) });
    expect(wrong.message).not.toContain('nope');
    const untrusted = await queueStatus(redis.url);
    expect(untrusted.message).toMatch(/TLS .* failed .*NODE_EXTRA_CA_CERTS|certificate/);
    // A whole sweep over TLS with the password, submitted the way a user would: `leenet sweep --queue`.
    const home = tmp('leenet-home-');
    const out = await runCli(['sweep', '--dataset', 'mnist', '--backbone', 'mnist-small', '--alphas', '0,1', '--limit', '300', '--epochs', 'heads=2,gates=20,backbone=1', '--queue', redis.url, '--workspace', home, '--name', 'over tls', '--json'], { NODE_EXTRA_CA_CERTS: cert });
    const printed = JSON.parse(out.stdout.trim().split('\n').pop()!) as { runId: string; status: string };
    expect(printed.status).toBe('finished');
    expect(await getRun(home, printed.runId)).toMatchObject({ status: 'finished', name: 'over tls', queue: { url: redis.url.replace('s3cret%2Fpass', '***') } });
    expect(w.log() + out.stderr).not.toContain('s3cret');
    if (process.platform === 'linux') expect(readFileSync(`/proc/${w.pid}/cmdline`, 'utf8')).not.toContain('s3cret');
  });

  it('SIGTERM: the worker stops after its batch and hands the job back; another worker finishes it from its checkpoint', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const first = worker(redis);
    await first.waitFor(/1 job at a time/);
    const home = tmp('leenet-home-');
    const long = { ...config, alphas: [0, 0.25, 0.5, 0.75, 1], limit: 800, epochs: { backbone: 1, heads: 2, gates: 120 } };
    const events: BatchedEvent[] = [];
    let second: WorkerProcess | null = null;
    const s = new QueueSubmitter({ url: redis.url, workspace: home, split: { featureShards: 1, fanOutAlphas: false } });
    cleanups.push(() => s.close());
    const outcome = s.run({ jobId: 'handed-back', config: long, workspace: home }, (batch) => {
      events.push(...batch);
      if (!second && batch.some((e) => e.type === 'point' && e.point.policy === 'leenet' && !e.point.curve)) {
        first.kill('SIGTERM');
        second = worker(redis);
      }
    });
    expect(await first.exited, first.log()).toBe(0);
    expect(first.log()).toMatch(/SIGTERM: handing running jobs back/);
    expect((await outcome).status).toBe('finished');
    expect(events).toContainEqual(expect.objectContaining({ type: 'log', message: expect.stringMatching(/^Resuming handed-back: its heads and [1-5] gate models? from its checkpoint/) }));
    expect((await getRun(home, 'handed-back')).alphasDone).toEqual(long.alphas);
  });

  it('Stop from the submitter: the running sweep stops after its batch, and the stopped run comes home with what finished', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const w = worker(redis);
    await w.waitFor(/1 job at a time/);
    const home = tmp('leenet-home-');
    const s = new QueueSubmitter({ url: redis.url, workspace: home, split: { featureShards: 1, fanOutAlphas: false } });
    cleanups.push(() => s.close());
    const long = { ...config, alphas: [0, 0.25, 0.5, 0.75, 1], limit: 800, epochs: { backbone: 1, heads: 2, gates: 120 } };
    let asked = false;
    const outcome = await s.run({ jobId: 'stopped-remotely', config: long, workspace: home }, (batch) => {
      if (process.env.LEENET_DEBUG) process.stderr.write(`${JSON.stringify(batch.filter((e) => e.type !== 'point' && e.type !== 'progress'))}\n`);
      if (!asked && batch.some((e) => e.type === 'point' && e.point.policy === 'leenet' && !e.point.curve)) asked = s.stop('stopped-remotely');
    });
    expect(asked).toBe(true);
    expect(outcome.status).toBe('stopped');
    const run = await getRun(home, 'stopped-remotely');
    expect(run.status).toBe('stopped');
    expect(run.alphasDone.length).toBeGreaterThanOrEqual(1);
    expect(run.alphasDone.length).toBeLessThan(long.alphas.length);
    expect(await submissionsOf(home).list()).toEqual([]);
  });

  it('a worker that stalls past its lock (SIGSTOP): another takes the job over; the stalled one, woken, stops without writing, and the run comes home whole', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const workers = [worker(redis), worker(redis)];
    await Promise.all(workers.map((w) => w.waitFor(/1 job at a time/)));
    const home = tmp('leenet-home-');
    const s = submitter(redis.url, home);
    const long = { ...config, alphas: [0, 0.25, 0.5, 0.75, 1], limit: 800, epochs: { backbone: 1, heads: 2, gates: 120 } };
    const started = /sweep stalled-worker\S*: started/;
    let stalled: WorkerProcess | undefined;
    const outcome = s.run({ jobId: 'stalled-worker', config: long, workspace: home }, (batch) => {
      if (stalled || !batch.some((e) => e.type === 'point' && e.point.policy === 'leenet' && !e.point.curve)) return;
      // Frozen mid-run, as a machine that swaps or a VM that is paused: no lock renewals, no writes, no exit.
      stalled = workers.find((w) => started.test(w.log()));
      stalled?.kill('SIGSTOP');
    }, { split: { featureShards: 1, fanOutAlphas: false } });
    await expect.poll(() => stalled, { timeout: 120_000 }).toBeDefined();
    const other = workers.find((w) => w !== stalled)!;
    await other.waitFor(started);
    stalled!.kill('SIGCONT');
    // Woken, it finds its lock gone: its copy stops, and nothing of it is written over the run's state.
    await stalled!.waitFor(/stalled-worker\S*: lost its lock/);
    expect((await outcome).status).toBe('finished');
    const run = await getRun(home, 'stalled-worker');
    expect(run).toMatchObject({ status: 'finished', alphasDone: long.alphas });
    expect(run.queue?.worker).toMatch(new RegExp(`:${other.pid}$`));
    const local = await runSweep(long, { workspace: tmp('leenet-local-'), cacheDir: tmp('leenet-local-cache-'), backend: 'wasm' });
    const scored = (ps: typeof run.points) => ps.filter((p) => p.policy !== 'oracle').map(({ runtime: _r, envelope: _e, ...p }) => p);
    expect(scored(run.points)).toEqual(scored(local.points));
  });
});
