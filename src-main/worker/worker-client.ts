import { Worker } from 'node:worker_threads';
import type { SweepConfig } from '../engine/config';
import type { SweepResult } from '../engine/sweep-types';
import type { Shard } from '../engine/train/feature-shards';
import type { ShardFill } from '../engine/train/feature-shard-fill';
import type { BatchStats } from './event-batcher';
import type { BackendReport, BatchedEvent, HostToWorker, WorkerToHost } from './protocol';
import type { WorkerData } from './worker-data';
import { workerEntryUrl } from './worker-entry';

export interface Job {
  jobId: string;
  config: SweepConfig;
  workspace: string;
  backend?: string;
  cacheDir?: string;
  /** Take up the run `jobId` where it stopped (see SweepOptions.resume). */
  resume?: boolean;
  /** See SweepOptions.until and timeRuntime (a queue's α fan-out). */
  until?: 'gates';
  timeRuntime?: boolean;
  /** Fill this shard of the run's feature pass instead of running the sweep (a queue's shard job). */
  shard?: Shard;
}

export type JobOutcome =
  /** `lossesSaved`: the run's folder came with its loss curves (a queue's worker saved them). */
  | { status: 'finished'; result: SweepResult; stats?: BatchStats; lossesSaved?: boolean }
  /** `result` is null when the worker ignored the stop and was terminated: the host then tidies the run folder. */
  | { status: 'stopped'; result: SweepResult | null; stats?: BatchStats; lossesSaved?: boolean }
  /** The run goes on elsewhere (a queue's worker) and this process stopped following it: nothing to record. */
  | { status: 'detached' }
  /** A shard job's ending: its part of the feature pass is in the store. */
  | { status: 'filled'; fill: ShardFill }
  /** `crashed`: the worker died (uncaught error, `process.exit`) rather than the engine throwing. */
  | { status: 'failed'; message: string; crashed: boolean };

export interface WorkerClientOptions {
  /** How long a stopped job may take to reach its next batch before the worker is terminated. */
  stopGraceMs?: number;
  /** Test seam, see `WorkerData.engineModule`. */
  engineModule?: string;
  /** Where the worker script is; defaults to the built entry or the tsx bootstrap. */
  entry?: URL;
}

interface ActiveJob {
  jobId: string;
  seq: number;
  onEvents: (events: BatchedEvent[]) => void;
  resolve: (outcome: JobOutcome) => void;
  stopTimer: ReturnType<typeof setTimeout> | null;
  forcedStop: boolean;
}

/**
 * The host's side of the training worker: one long-lived worker_thread (tfjs and the datasets stay warm between
 * runs), one job at a time, respawned after it dies. Every job ends in exactly one outcome, whatever the worker does.
 */
export class WorkerClient {
  private worker: Worker | null = null;
  private active: ActiveJob | null = null;
  private backendWaiters: ((report: { info: BackendReport | null; error?: string }) => void)[] = [];
  /** Shared with the current worker: holds the `seq` of the job asked to stop. */
  private control = new Int32Array(new SharedArrayBuffer(4));
  private seq = 0;
  private readonly stopGraceMs: number;

  constructor(private readonly options: WorkerClientOptions = {}) {
    this.stopGraceMs = options.stopGraceMs ?? 1000;
  }

  run(job: Job, onEvents: (events: BatchedEvent[]) => void): Promise<JobOutcome> {
    if (this.active) return Promise.reject(new Error(`Worker busy with ${this.active.jobId}.`));
    return new Promise<JobOutcome>((resolve) => {
      const seq = ++this.seq;
      this.active = { jobId: job.jobId, seq, onEvents, resolve, stopTimer: null, forcedStop: false };
      this.send({ type: 'start', seq, ...job });
    });
  }

  /** Asks the job to stop at its next batch; terminates the worker if it has not within the grace period. */
  stop(jobId: string): boolean {
    const job = this.active;
    if (!job || job.jobId !== jobId) return false;
    if (job.stopTimer) return true;
    // Both ways: the flag reaches an engine that never yields to the event loop, the message one that waits on it.
    Atomics.store(this.control, 0, job.seq);
    this.send({ type: 'stop', jobId });
    job.stopTimer = setTimeout(() => {
      job.forcedStop = true;
      void this.worker?.terminate();
    }, this.stopGraceMs);
    return true;
  }

  /** Which tfjs backend the worker runs (starting it if needed). */
  backend(request?: string): Promise<{ info: BackendReport | null; error?: string }> {
    return new Promise((resolve) => {
      this.backendWaiters.push(resolve);
      this.send({ type: 'backend', backend: request });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private send(message: HostToWorker): void {
    (this.worker ?? this.spawn()).postMessage(message);
  }

  private spawn(): Worker {
    this.control = new Int32Array(new SharedArrayBuffer(4));
    const data: WorkerData = { control: this.control.buffer as SharedArrayBuffer, engineModule: this.options.engineModule };
    const worker = new Worker(this.options.entry ?? workerEntryUrl(), { workerData: data });
    worker.on('message', (message: WorkerToHost) => this.onMessage(message));
    worker.on('error', (error) => this.onDeath(worker, `The training worker crashed: ${error.message}`));
    worker.on('exit', (code) => this.onDeath(worker, `The training worker exited unexpectedly (code ${code}).`));
    this.worker = worker;
    return worker;
  }

  private onMessage(message: WorkerToHost): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'events':
        if (this.active?.jobId === message.jobId) this.active.onEvents(message.events);
        return;
      case 'done':
        this.settle(message.jobId, { status: message.result.status === 'stopped' ? 'stopped' : 'finished', result: message.result, stats: message.stats });
        return;
      case 'filled':
        this.settle(message.jobId, { status: 'filled', fill: message.fill });
        return;
      case 'failed':
        this.settle(message.jobId, { status: 'failed', message: message.message, crashed: false });
        return;
      case 'backend':
        this.backendWaiters.shift()?.({ info: message.info, error: message.error });
        return;
    }
  }

  private settle(jobId: string, outcome: JobOutcome): void {
    const job = this.active;
    if (!job || job.jobId !== jobId) return;
    if (job.stopTimer) clearTimeout(job.stopTimer);
    this.active = null;
    job.resolve(outcome);
  }

  /** `error` and `exit` both fire for one crash; only the first counts, and only for the worker still current. */
  private onDeath(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const waiter of this.backendWaiters.splice(0)) waiter({ info: null, error: message });
    const job = this.active;
    if (!job) return;
    this.settle(job.jobId, job.forcedStop ? { status: 'stopped', result: null } : { status: 'failed', message, crashed: true });
  }
}
