import { Queue, Worker, type Job as BullJob } from 'bullmq';
import os from 'node:os';
import { redactQueueUrl } from '../../src-shared/api/queue-url';
import { errorMessage } from '../engine/util/error-message';
import type { WorkerClientOptions } from '../worker/worker-client';
import { outageReporter, QUEUE_NAME, QUEUE_PREFIX, queueTarget, redisClient, redisOptions } from './connection';
import { EnginePool } from './engine-pool';
import { isJobKind, type SweepJobResult } from './job-data';
import type { WorkerEnv } from './job-engine';
import { processAlpha, processSweep } from './sweep-job';
import { processShard } from './shard-job';

export interface QueueWorkerOptions {
  url: string;
  /** Jobs at once, each on its own engine thread. */
  concurrency: number;
  /** Where this worker keeps its copies of the runs it works on (the runs' homes are the submitters' workspaces). */
  workspace: string;
  backend?: string;
  /** Trained backbones and feature stores: a path every worker reaches, so one pass serves them all. */
  cacheDir?: string;
  /** How long a worker that stopped answering keeps its job before another worker takes it over. */
  lockSeconds: number;
  log(message: string): void;
  /** Test seam, as for the app's worker thread. */
  engine?: WorkerClientOptions;
}

export interface QueueWorker {
  /** SIGTERM: running jobs stop at their next batch and go back to the queue, with their state; then it closes. */
  handBack(): Promise<void>;
  close(): Promise<void>;
}

/** `leenet worker`: pulls sweep, α and shard jobs off the queue and runs them on this machine's engine. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const target = queueTarget(options.url);
  const name = `${os.hostname()}:${process.pid}`;
  const report = outageReporter(options.url, options.log);
  const redis = redisClient(options.url, report);
  const pool = new EnginePool(options.concurrency, options.engine);
  const env: WorkerEnv = { redis, pool, workspace: options.workspace, cacheDir: options.cacheDir, backend: options.backend, name, log: options.log, handingBack: { requested: false, listeners: new Set() } };
  const connection = redisOptions(target);
  const queue = new Queue(QUEUE_NAME, { prefix: QUEUE_PREFIX, connection });
  queue.on('error', (e) => report.error(e));
  // `signal`: aborted (below) when this worker cannot renew the job's lock, so a stalled worker's copy stops.
  const processor = async (job: BullJob, token?: string, signal?: AbortSignal): Promise<SweepJobResult> => {
    if (!token) throw new Error('BullMQ gave a job without its lock token.');
    if (!isJobKind(job.name)) throw new Error(`Unknown job "${job.name}": is this worker on an older leenet than the submitter?`);
    options.log(`${job.name} ${job.id}: started.`);
    if (job.name === 'sweep') return processSweep(env, queue, job, token, signal);
    if (job.name === 'alpha') return processAlpha(env, job, token, signal);
    return processShard(env, job, token, signal);
  };
  const lockDuration = options.lockSeconds * 1000;
  const worker = new Worker(QUEUE_NAME, processor, {
    prefix: QUEUE_PREFIX,
    connection,
    concurrency: options.concurrency,
    name,
    lockDuration,
    // Each stalled check moves the jobs the previous one listed whose lock has lapsed since (a renewal takes a job
    // off the list), then lists every active job again. Checking twice per lock period, as renewals come, a dead
    // worker's job runs again 0.5-1.5 locks after its death instead of up to 2.
    stalledInterval: Math.max(1000, Math.round(lockDuration / 2)),
    // A job whose workers keep dying (out of memory, say) fails after three takeovers rather than forever.
    maxStalledCount: 3,
  });
  // A lock BullMQ could not renew or that another worker holds is this worker's trouble, not Redis's.
  worker.on('error', (e) => (/\block\b/i.test(e.message) ? options.log(`BullMQ: ${e.message}.`) : report.error(e)));
  // A lock it could not renew is another worker's by now, or soon: that job's copy here stops (job-engine.ts).
  worker.on('lockRenewalFailed', (jobIds) => jobIds.forEach((id) => worker.cancelJob(id, 'lock lost')));
  worker.on('ready', () => report.ready());
  worker.on('completed', (job, result: SweepJobResult) => options.log(`${job.name} ${job.id}: ${result.status}.`));
  worker.on('failed', (job, e) => e.name !== 'WaitingError' && e.name !== 'WaitingChildrenError' && options.log(`${job?.name ?? 'job'} ${job?.id ?? ''}: failed: ${errorMessage(e)}`));
  await worker.waitUntilReady();
  options.log(`leenet worker ${name} on ${redactQueueUrl(options.url)}: ${options.concurrency} job${options.concurrency === 1 ? '' : 's'} at a time, runs in ${options.workspace}.`);

  const close = async () => {
    await worker.close();
    await Promise.all([queue.close(), pool.close()]);
    redis.disconnect();
  };
  return {
    async handBack() {
      env.handingBack.requested = true;
      env.handingBack.listeners.forEach((stop) => stop());
      await close();
    },
    close,
  };
}
