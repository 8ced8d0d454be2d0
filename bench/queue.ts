/**
 * `npm run bench:queue`: distributed sweeps on this machine, measured in one run. A real redis-server on a free
 * loopback port and real `leenet worker` processes (wasm backend):
 *  - throughput: the same batch of small MNIST sweeps with 1 worker, then with 2 (sweeps per hour, and the ratio);
 *  - takeover: a worker SIGKILLed mid-sweep, and the time until another worker runs the job again (with the
 *    default 30 s lock, and with --lock-seconds 5): the first stalled check after the dead worker's lock lapsed
 *    moves the job back (workers check twice per lock period), so expect 0.5-1.5 locks.
 * Asserts nothing: on a shared machine other processes' load decides these figures as much as the queue does.
 * Options: BENCH_SWEEPS (default 4), BENCH_LIMIT (images per sweep, default 2000).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sweepConfigSchema, type SweepConfig } from '../src-main/engine/config';
import { QueueSubmitter } from '../src-main/queue/queue-submitter';
import { startRedis, type RedisServer } from '../src-main/queue/testing/redis-server';
import { startWorker, type WorkerProcess } from '../src-main/queue/testing/worker-process';

const SWEEPS = Number(process.env.BENCH_SWEEPS ?? 4);
const LIMIT = Number(process.env.BENCH_LIMIT ?? 2000);
const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const config = (seed: number, over: Partial<SweepConfig> = {}): SweepConfig =>
  sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 0.25, 0.5, 0.75, 1], limit: LIMIT, epochs: { backbone: 1, heads: 4, gates: 40 }, seed, ...over });

async function workers(redis: RedisServer, n: number, cache: string, lockSeconds = 30): Promise<WorkerProcess[]> {
  const started = Array.from({ length: n }, () => startWorker(['--queue', redis.url, '--workspace', tmp('leenet-bench-w-'), '--cache-dir', cache, '--backend', 'wasm', '--lock-seconds', String(lockSeconds)]));
  await Promise.all(started.map((w) => w.waitFor(/1 job at a time/)));
  return started;
}

async function throughput(redis: RedisServer, n: number, cache: string): Promise<number> {
  const ws = await workers(redis, n, cache);
  const home = tmp('leenet-bench-home-');
  const submitter = new QueueSubmitter({ url: redis.url, workspace: home, split: { featureShards: 1, fanOutAlphas: false } });
  const started = Date.now();
  const outcomes = await Promise.all(Array.from({ length: SWEEPS }, (_, i) => submitter.run({ jobId: `bench-${n}w-${i}`, config: config(100 + i), workspace: home }, () => undefined)));
  const seconds = (Date.now() - started) / 1000;
  await submitter.close();
  ws.forEach((w) => w.kill('SIGTERM'));
  await Promise.all(ws.map((w) => w.exited));
  const done = outcomes.filter((o) => o.status === 'finished').length;
  const perHour = (done / seconds) * 3600;
  process.stdout.write(`${n} worker${n === 1 ? '' : 's'}: ${done}/${SWEEPS} sweeps in ${seconds.toFixed(1)} s → ${perHour.toFixed(0)} sweeps/hour\n`);
  return perHour;
}

async function takeover(redis: RedisServer, lockSeconds: number, cache: string): Promise<void> {
  const ws = await workers(redis, 2, cache, lockSeconds);
  const home = tmp('leenet-bench-home-');
  const submitter = new QueueSubmitter({ url: redis.url, workspace: home, split: { featureShards: 1, fanOutAlphas: false } });
  const runId = `bench-kill-${lockSeconds}`;
  let killedAt = 0;
  let survivor: WorkerProcess | null = null;
  const long = config(7, { epochs: { backbone: 1, heads: 4, gates: 200 } });
  const outcome = submitter.run({ jobId: runId, config: long, workspace: home }, (events) => {
    if (killedAt || !events.some((e) => e.type === 'point' && e.point.policy === 'leenet' && !e.point.curve)) return;
    killedAt = Date.now();
    const victim = ws.find((w) => new RegExp(`sweep ${runId}\\.\\S+: started`).test(w.log()))!;
    survivor = ws.find((w) => w !== victim)!;
    victim.kill('SIGKILL');
  });
  await new Promise((r) => setTimeout(r, 100));
  while (!survivor) await new Promise((r) => setTimeout(r, 100));
  await (survivor as WorkerProcess).waitFor(new RegExp(`sweep ${runId}\\.\\S+: started`));
  const seconds = (Date.now() - killedAt) / 1000;
  const result = await outcome;
  process.stdout.write(`SIGKILL → job running again on the other worker: ${seconds.toFixed(1)} s (lock ${lockSeconds} s); the sweep then ${result.status}\n`);
  await submitter.close();
  ws.forEach((w) => w.kill('SIGKILL'));
}

const redis = await startRedis();
try {
  process.stdout.write(`bench:queue on ${os.cpus().length} cores: ${SWEEPS} sweeps of MNIST (${LIMIT} images, 5 α, LEENet-loss gates) per batch\n`);
  // Each batch on a cold cache of its own: every sweep trains its backbone and makes its feature pass.
  const one = await throughput(redis, 1, tmp('leenet-bench-cache-'));
  const two = await throughput(redis, 2, tmp('leenet-bench-cache-'));
  process.stdout.write(`2 workers / 1 worker: ${(two / one).toFixed(2)}×\n`);
} finally {
  await redis.stop();
}
// Each takeover on a Redis of its own: BullMQ's stalled check is rate-limited by a key that lives one stalled
// interval, so workers with a 5 s lock that follow 30 s ones on the same queue would wait out the old key first.
const cache = tmp('leenet-bench-cache-');
for (const lockSeconds of [30, 5]) {
  const fresh = await startRedis();
  try {
    await takeover(fresh, lockSeconds, cache);
  } finally {
    await fresh.stop();
  }
}
