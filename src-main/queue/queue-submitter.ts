import { Job as BullJob, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import os from 'node:os';
import { DEFAULT_SPLIT, type QueueSplit } from '../../src-shared/api/queue-split';
import { redactQueueUrl } from '../../src-shared/api/queue-url';
import { assertResumable, getRun } from '../engine/runs/store';
import type { RunRecord } from '../engine/runs/types';
import type { FrontierPoint, SweepResult } from '../engine/sweep-types';
import type { JobWorker, RunMeta } from '../host/run-queue';
import type { BatchedEvent } from '../worker/protocol';
import type { Job, JobOutcome } from '../worker/worker-client';
import { outageReporter, QUEUE_NAME, QUEUE_PREFIX, queueTarget, redisClient, redisOptions } from './connection';
import { STATE_TTL_SECONDS, stateKeys, type SweepJobData, type SweepJobResult } from './job-data';
import type { JobProgress } from './job-engine';
import { packRunFolder, unpackRunFolder } from './run-folder-bundle';
import { AlphaProgress } from './alpha-progress';
import { ShardProgress } from './shard-progress';
import { submissionsOf, type Submission } from './submissions';

export interface SubmitterOptions {
  url: string;
  /** Where finished runs come home, and where the submissions still out are listed. */
  workspace: string;
  /** How a sweep is spread over the workers when its submission does not say (default DEFAULT_SPLIT). */
  split?: QueueSplit;
}

/** How long a submitter waits between looks at a job it heard nothing about (events can be missed in an outage). */
const LOOK_MS = 5000;
/** How long a close waits for Redis to say goodbye before it drops the sockets. */
const CLOSE_GRACE_MS = 2000;
/** Completed and failed jobs stay listed this long: a submitter away for a while still finds its result. */
const KEEP_JOBS = { age: STATE_TTL_SECONDS };

interface Watch {
  /** Null until the submissions list has said whether this run is out already (and under which job). */
  jobId: string | null;
  onEvents: (events: BatchedEvent[]) => void;
  wake: () => void;
  /** Points already passed on: a step resumed after fan-out or a takeover announces every point again. */
  seen: Set<string>;
  /** The run's feature pass as its shard jobs fill it. */
  shards: ShardProgress;
  /** The run's gates as its α jobs train them. */
  alphas: AlphaProgress;
  /** A Stop was asked for; `submitted`: its job is on the queue, so the Stop goes there. */
  stopping: boolean;
  submitted: boolean;
}

/** What a wait on Redis ends with when the submitter closes first (Redis down: BullMQ and ioredis would wait on). */
class SubmitterClosed extends Error {
  constructor() {
    super('The submitter was closed.');
    this.name = 'SubmitterClosed';
  }
}

/** A point's identity, apart from what settles as more points arrive (the envelope) and what is measured (runtime). */
function pointKey(p: FrontierPoint): string {
  const { envelope: _e, runtime: _r, ...rest } = p;
  return JSON.stringify(rest);
}

type Ending = { kind: 'completed'; result: SweepJobResult } | { kind: 'failed'; reason: string } | { kind: 'gone' } | { kind: 'detached' };

/** A run folder brought home, as the engine would have returned it. */
function resultOf(r: RunRecord, dir: string, status: SweepResult['status']): SweepResult {
  return { runId: r.id, status, dir, backend: r.backend, dataset: r.dataset, backbone: r.backbone, exits: r.exits, points: r.points, timings: r.timings, config: r.config, exitReports: r.exitReports ?? [], summary: r.summary ?? null, latency: r.latency ?? null };
}

/**
 * Runs sweeps on a queue's workers as if they were local: the host's run queue and the CLI hand it jobs as they
 * would the training worker; events come back through BullMQ's event stream, a Stop goes out as a stop key, and
 * the finished run's folder comes home into this workspace. Closing detaches: runs go on, and are found again.
 */
export class QueueSubmitter implements JobWorker {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly redis: Redis;
  private readonly watching = new Map<string, Watch>();
  private readonly submissions;
  private closed = false;
  /** Rejects when the submitter closes: raced against every wait on Redis that a close must cut short. */
  private readonly whenClosed: Promise<never>;
  private signalClosed: () => void = () => undefined;
  private readonly outage: () => string | null;
  readonly shown: string;

  constructor(
    private readonly options: SubmitterOptions,
    /** Connection news for everyone watching (an outage, its end). */
    private readonly say: (message: string) => void = () => undefined,
  ) {
    const connection = redisOptions(queueTarget(options.url));
    this.whenClosed = new Promise<never>((_, reject) => (this.signalClosed = () => reject(new SubmitterClosed())));
    this.whenClosed.catch(() => undefined);
    this.shown = redactQueueUrl(options.url);
    const report = outageReporter(options.url, (message) => this.broadcast(message));
    this.outage = () => report.current();
    this.queue = new Queue(QUEUE_NAME, { prefix: QUEUE_PREFIX, connection });
    this.events = new QueueEvents(QUEUE_NAME, { prefix: QUEUE_PREFIX, connection });
    this.redis = redisClient(options.url, report);
    this.queue.on('error', (e: unknown) => report.error(e));
    this.events.on('error', (e: unknown) => report.error(e));
    this.submissions = submissionsOf(options.workspace);
    this.events.on('progress', ({ data }) => this.onProgress(data as unknown as JobProgress));
    // The sweep job's own start only: its α and shard jobs would say it once each.
    this.events.on('active', ({ jobId }) => this.watchOf(jobId)?.onEvents([{ type: 'log', message: `A worker on ${this.shown} took it up.` }]));
    const wake = ({ jobId }: { jobId: string }) => this.byJob(jobId)?.wake();
    this.events.on('completed', wake);
    this.events.on('failed', wake);
  }

  /** Submissions of this workspace still out on this queue (the host takes them up again at start). */
  async pending(): Promise<Submission[]> {
    return (await this.submissions.list()).filter((s) => s.url === this.options.url);
  }

  async run(job: Job, onEvents: (events: BatchedEvent[]) => void, meta: RunMeta = {}): Promise<JobOutcome> {
    const runId = job.jobId;
    const log = (message: string) => onEvents([{ type: 'log', message }]);
    let wake: () => void = () => undefined;
    // Followed before anything is awaited: a Stop the moment the run starts (Ctrl-C, the Stop button) is heard.
    const watch: Watch = { jobId: null, onEvents, wake: () => wake(), seen: new Set(), shards: new ShardProgress(), alphas: new AlphaProgress(), stopping: false, submitted: false };
    this.watching.set(runId, watch);
    const outage = this.outage();
    if (outage) log(outage);
    try {
      const known = (await this.submissions.list()).find((s) => s.runId === runId && s.url === this.options.url);
      const jobId = known?.jobId ?? `${runId}.${Date.now().toString(36)}`;
      const split = known?.split ?? meta.split ?? this.options.split ?? DEFAULT_SPLIT;
      watch.jobId = jobId;
      if (!known) {
        // A run resumed on the queue starts from this workspace's folder, packed before anything is listed or sent.
        const state = job.resume ? await this.resumeState(runId) : null;
        await this.submissions.add({ runId, jobId, url: this.options.url, name: meta.name, createdAt: meta.createdAt ?? new Date().toISOString(), config: job.config, resume: Boolean(job.resume), split });
        if (state) await this.untilClosed(this.redis.set(stateKeys.state(runId), state, 'EX', STATE_TTL_SECONDS));
      }
      if (watch.stopping && !known) {
        // Stopped before its job went out: nothing to take back from the queue.
        if (job.resume) await this.untilClosed(this.redis.del(stateKeys.state(runId)));
        await this.submissions.remove(jobId);
        return { status: 'stopped', result: null };
      }
      const data: SweepJobData = {
        runId,
        config: job.config,
        resume: Boolean(job.resume),
        ...split,
        step: 'shards',
        from: `${os.hostname()} ${this.options.workspace}`,
      };
      // While Redis is down this waits (the outage is announced); the submission is already listed, so nothing is lost.
      await this.untilClosed(this.queue.add('sweep', data, { jobId, removeOnComplete: KEEP_JOBS, removeOnFail: KEEP_JOBS }));
      watch.submitted = true;
      // A Stop heard while the job was going out goes after it now.
      if (watch.stopping) void this.cancel(runId, watch);
      log(known ? `Taken up again on ${this.shown}.` : `Submitted to ${this.shown}; it runs when a worker is free.`);
      const ending = await this.waitForEnd(jobId, (w) => (wake = w));
      return await this.bringHome(runId, jobId, ending, split);
    } catch (e) {
      // Closed while waiting on Redis: the run goes on there (or goes out once Redis is back), and the submissions
      // list has it for the next start.
      if (this.closed) return { status: 'detached' };
      throw e;
    } finally {
      this.watching.delete(runId);
    }
  }

  /**
   * The folder of a run to resume on the queue, as its state: sent as stopped, since a worker takes a stopped run up
   * and gives up on one that failed on an earlier worker. A finished run or one still going here is refused.
   */
  private async resumeState(runId: string): Promise<Buffer> {
    assertResumable(await getRun(this.options.workspace, runId));
    return packRunFolder(this.options.workspace, runId, { status: 'stopped', error: undefined, pid: undefined });
  }

  /** Asks the run to stop: a waiting job is taken off the queue, a running one stops at its next batch. */
  stop(runId: string): boolean {
    const watch = this.watching.get(runId);
    if (!watch) return false;
    watch.stopping = true;
    if (watch.submitted) void this.cancel(runId, watch);
    return true;
  }

  /** A Stop on the queue: the stop key for a running job, a waiting one taken off. */
  private async cancel(runId: string, watch: Watch): Promise<void> {
    try {
      await this.untilClosed(this.redis.set(stateKeys.stop(runId), '1', 'EX', STATE_TTL_SECONDS));
      const job = watch.jobId === null ? undefined : await this.untilClosed(BullJob.fromId(this.queue, watch.jobId));
      const state = await job?.getState();
      if (job && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) await job.remove().catch(() => undefined);
    } catch {
      // Redis is down or the submitter closed: the stop key goes out with the next Stop, or the run goes on.
    }
    watch.wake();
  }

  backend(): Promise<{ info: { name: string; detail: string } | null; error?: string }> {
    return Promise.resolve({ info: { name: 'queue', detail: `the workers on ${this.shown}` } });
  }

  /** Stops listening; runs on the queue go on, and the next start takes them up from the submissions list. */
  async close(): Promise<void> {
    this.closed = true;
    this.signalClosed();
    for (const watch of this.watching.values()) watch.wake();
    // A clean close waits for Redis; one that is down gets a moment, then the sockets are dropped.
    const closing = Promise.allSettled([this.events.close(), this.queue.close()]);
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())]);
    // Neither may wait for Redis: BullMQ's disconnect waits for a connection to have come up (forever when Redis has
    // been down since the start), and for its 'end' event (which ioredis never sends while reconnecting). Those that
    // never came up are closed by force; the rest, still quitting or open, are dropped without waiting. Either way
    // ioredis stops retrying.
    const connections = [this.queue.getBackend(), this.events.getBackend()].flatMap((b) => [b.connection, b.blockingConnection]).filter((c) => c !== undefined);
    await Promise.allSettled(connections.filter((c) => c.status === 'initializing').map((c) => c.close(true)));
    await Promise.allSettled(connections.filter((c) => c.status !== 'closed').map((c) => c.disconnect(false)));
    this.redis.disconnect();
  }

  private broadcast(message: string): void {
    this.say(message);
    for (const watch of this.watching.values()) watch.onEvents([{ type: 'log', message }]);
  }

  private watchOf(jobId: string): Watch | undefined {
    return [...this.watching.values()].find((w) => jobId === w.jobId);
  }

  private byJob(jobId: string): Watch | undefined {
    return [...this.watching.values()].find((w) => w.jobId !== null && (jobId === w.jobId || jobId.startsWith(`${w.jobId}.`)));
  }

  /** `wait`, or SubmitterClosed as soon as the submitter closes: a wait on a Redis that is down would never end. */
  private untilClosed<T>(wait: Promise<T>): Promise<T> {
    return Promise.race([wait, this.whenClosed]);
  }

  private onProgress(progress: JobProgress): void {
    const watch = this.watching.get(progress.runId);
    if (!watch || !Array.isArray(progress.events)) return;
    const merged = progress.shard ? watch.shards.take(progress.shard, progress.events) : progress.alpha ? watch.alphas.take(progress.alpha, progress.events) : null;
    if (merged) {
      if (merged.length) watch.onEvents(merged);
      return;
    }
    if (!progress.child) watch.alphas.seen(progress.events);
    // An α job's points are not the run's (the sweep announces every point as it finishes): its curves are (an older
    // worker's α job, which does not say which α it is, passes them on as they came).
    const events = progress.events.filter((e) => {
      if (progress.child) return e.type === 'progress' && e.losses.length > 0;
      if (e.type !== 'point') return true;
      const key = pointKey(e.point);
      if (watch.seen.has(key)) return false;
      watch.seen.add(key);
      return true;
    });
    if (events.length) watch.onEvents(events);
  }

  private async waitForEnd(jobId: string, onWake: (wake: () => void) => void): Promise<Ending> {
    while (!this.closed) {
      const job = await this.untilClosed(BullJob.fromId(this.queue, jobId));
      if (!job) return { kind: 'gone' };
      const state = await this.untilClosed(job.getState());
      if (state === 'completed') return { kind: 'completed', result: job.returnvalue as SweepJobResult };
      if (state === 'failed') return { kind: 'failed', reason: job.failedReason || 'The job failed on its worker.' };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, LOOK_MS);
        onWake(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return { kind: 'detached' };
  }

  /** The run's folder from Redis into this workspace, then its keys and its submission let go. */
  private async bringHome(runId: string, jobId: string, ending: Ending, split: QueueSplit): Promise<JobOutcome> {
    if (ending.kind === 'detached') return { status: 'detached' };
    const bytes = ending.kind === 'gone' ? null : await this.untilClosed(this.redis.getBuffer(stateKeys.state(runId)));
    let home: { record: RunRecord; dir: string } | null = null;
    if (bytes) {
      const worker = ending.kind === 'completed' ? ending.result.worker : '';
      const dir = await unpackRunFolder(this.options.workspace, runId, bytes, { queue: { url: this.shown, worker, ...split } });
      home = { record: await getRun(this.options.workspace, runId), dir };
    }
    // In this order: a submitter closed in between finds the run home, or its folder still in Redis.
    await this.submissions.remove(jobId);
    await this.redis.del(stateKeys.state(runId), stateKeys.stop(runId));
    switch (ending.kind) {
      case 'completed':
        if (!home) return { status: 'failed', message: `The run ended on ${this.shown}, but its folder was not in Redis (expired?).`, crashed: false };
        return { status: ending.result.status, result: resultOf(home.record, home.dir, ending.result.status), lossesSaved: true };
      case 'failed':
        return { status: 'failed', message: ending.reason, crashed: false };
      case 'gone':
        return { status: 'stopped', result: null };
    }
  }
}
