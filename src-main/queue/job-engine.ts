import type { Shard } from '../engine/train/feature-shards';
import type { Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { readLosses } from '../engine/runs/loss-log';
import { updateRun } from '../engine/runs/store';
import { appendLossRecord, type LossRecord } from '../engine/runs/loss-record';
import type { BatchedEvent } from '../worker/protocol';
import type { Job, JobOutcome } from '../worker/worker-client';
import type { AlphaSlot } from './alpha-losses';
import type { EnginePool } from './engine-pool';
import { jobFence } from './job-lock';
import { stateKeys } from './job-data';
import { stateUploader } from './state-uploader';

/** What every job of a queue worker shares: Redis, the engine threads, where runs go, how it was asked to stop. */
export interface WorkerEnv {
  redis: Redis;
  pool: EnginePool;
  workspace: string;
  cacheDir?: string;
  backend?: string;
  /** This worker's name in logs and results: host name and pid. */
  name: string;
  log(message: string): void;
  /** Set by SIGTERM: jobs stop at their next batch and go back to the queue for another worker. */
  handingBack: { requested: boolean; listeners: Set<() => void> };
}

/** The progress a job sends through BullMQ's event stream: the batched events of one run, as local runs send them. */
export interface JobProgress {
  runId: string;
  /** An α or shard job's: the submitter shows only its loss curves (the sweep job itself re-announces its points). */
  child: boolean;
  /** A shard job's shard: the submitter sums the shards' progress into the run's one feature pass. */
  shard?: Shard;
  /** An α job's α: the submitter sums the α jobs' progress into the run's one gates phase. */
  alpha?: AlphaSlot;
  events: BatchedEvent[];
}

/** The BullMQ lock a job runs under. */
export interface JobLock {
  token: string;
  /**
   * Aborted when this worker could not renew the lock (it stalled: another worker may have the job). BullMQ hands a
   * processor that takes three parameters a signal, and queue-worker.ts aborts it on `lockRenewalFailed`.
   */
  signal?: AbortSignal;
}

export interface EngineRun {
  outcome: JobOutcome;
  /**
   * Why it stopped, when it was asked to: a user's Stop (a stop key in Redis), this worker's SIGTERM, or its lock lost
   * (the job taken over by another worker: nothing of this copy may be written or reported).
   */
  stoppedBy: 'user' | 'hand-back' | 'lost' | null;
  /** The run's loss log: its saved one (a resumed run kept in Redis) and this session's reports after it. */
  losses: LossRecord[];
}

/** How often a running job looks for a user's Stop in Redis. */
const STOP_POLL_MS = 1000;

export async function stopRequested(env: WorkerEnv, runId: string): Promise<boolean> {
  return (await env.redis.exists(stateKeys.stop(runId))) > 0;
}

/**
 * Runs one engine job for a BullMQ job: its events go out as the job's progress (the sweep job's state is kept in
 * Redis as it checkpoints, `keepState`), a user's Stop or a SIGTERM stops it at the next batch.
 */
export async function runEngine(env: WorkerEnv, bull: BullJob, job: Omit<Job, 'backend' | 'cacheDir'>, opts: { child: boolean; keepState: boolean; alpha?: AlphaSlot; lock?: JobLock }): Promise<EngineRun> {
  const runId = job.jobId;
  let stoppedBy: EngineRun['stoppedBy'] = null;
  let stop: (() => void) | null = null;
  let lost = false;
  const requestStop = (why: 'user' | 'hand-back') => {
    stoppedBy ??= why;
    stop?.();
  };
  const onLost = () => {
    if (!lost) env.log(`${bull.name} ${bull.id}: lost its lock (this worker stopped answering for longer than --lock-seconds); another worker has it, so this copy stops without writing anything.`);
    lost = true;
    stop?.();
  };
  const losses: LossRecord[] = opts.keepState && job.resume ? await readLosses(job.workspace, runId).catch(() => []) : [];
  const fence = opts.lock && jobFence(bull, opts.lock.token);
  const uploader = opts.keepState ? stateUploader(env.redis, job.workspace, runId, losses, env.log, fence, onLost) : null;
  const onHandBack = () => requestStop('hand-back');
  env.handingBack.listeners.add(onHandBack);
  opts.lock?.signal?.addEventListener('abort', onLost);
  if (opts.lock?.signal?.aborted) onLost();
  const poll = setInterval(() => {
    stopRequested(env, runId).then((yes) => yes && requestStop('user'), () => undefined);
  }, STOP_POLL_MS);
  try {
    if (env.handingBack.requested) stoppedBy = 'hand-back';
    const outcome = await env.pool.run(
      { ...job, backend: env.backend, cacheDir: env.cacheDir },
      (events) => {
        for (const e of events) {
          if (e.type === 'progress' && e.losses.length) appendLossRecord(losses, { phase: e.phase, total: e.total, losses: e.losses });
          // A phase begins or an α ends: the step before it is on disk (an α's gates are checkpointed before its
          // points are announced), so a takeover would not redo it.
          if (e.type === 'phase') uploader?.soon();
          if (e.type === 'point') uploader?.soon(0);
        }
        const progress: JobProgress = { runId, child: opts.child, ...(job.shard && { shard: job.shard }), ...(opts.alpha && { alpha: opts.alpha }), events };
        if (!lost) bull.updateProgress(progress as unknown as object).catch(() => undefined);
      },
      (stopNow) => {
        stop = stopNow;
        if (stoppedBy || lost) stopNow();
      },
    );
    if (lost) return { outcome, stoppedBy: 'lost', losses };
    // An engine that had to be terminated left run.json saying `running`: the state says what it is.
    if (uploader && outcome.status === 'stopped' && !outcome.result) await updateRun(job.workspace, runId, { status: 'stopped' }).catch(() => undefined);
    if (uploader && outcome.status !== 'failed') await uploader.final();
    else if (uploader) await uploader.final().catch(() => undefined);
    return { outcome, stoppedBy, losses };
  } finally {
    clearInterval(poll);
    env.handingBack.listeners.delete(onHandBack);
    opts.lock?.signal?.removeEventListener('abort', onLost);
  }
}
