import type { RunEvent } from '../../src-shared/api/events';
import { finishedAlpha } from '../../src-shared/api/finished-alpha';
import type { FrontierPoint, RunSummary } from '../../src-shared/api/models';
import { DEFAULT_SPLIT, type QueueSplit } from '../../src-shared/api/queue-split';
import type { SweepConfig } from '../engine/config';
import { appendLossRecord, type LossRecord } from '../engine/runs/loss-record';
import { newRunId } from '../engine/runs/run-id';
import type { BackendReport, BatchedEvent } from '../worker/protocol';
import type { Job, JobOutcome } from '../worker/worker-client';
import type { EventHub } from './event-hub';
import type { RunStore } from './run-store';
import { errorMessage } from '../engine/util/error-message';

/** The training worker as the queue needs it (`WorkerClient` in the app, a fake where a test wants one). */
export interface JobWorker {
  /** `meta`: what a queue's submitter lists with the run, to take it up again after a restart, and how it spreads it. */
  run(job: Job, onEvents: (events: BatchedEvent[]) => void, meta?: RunMeta): Promise<JobOutcome>;
  stop(jobId: string): boolean;
  backend(request?: string): Promise<{ info: BackendReport | null; error?: string }>;
  close(): Promise<void>;
}

export interface RunMeta {
  name?: string;
  createdAt?: string;
  /** A queue's run only: how it is spread over the workers (the submitter's default where absent). */
  split?: QueueSplit;
}

export interface RunQueueOptions {
  worker: JobWorker;
  store: RunStore;
  events: EventHub;
  /** tfjs backend request passed to every job. */
  backend?: string;
  cacheDir?: string;
  /** Runs at once: 1 for this machine's training worker, more for a queue's workers. */
  concurrency?: number;
  /** A queue's runs: its URL (password hidden) on every summary; closing leaves them running there. */
  runsOn?: string;
}

interface Entry {
  summary: RunSummary;
  config: SweepConfig;
  /** Only when the user named the run: the engine names new runs by their id. */
  name?: string;
  /** Every loss report forwarded, saved with the run when it ends, so its curves can be drawn again later. */
  losses: LossRecord[];
  /** Takes up an existing run (stopped, failed, interrupted) instead of starting a new one. */
  resume?: boolean;
  split?: QueueSplit;
}

/** The run's finished α, as the UI counts them. */
function alphasIn(points: FrontierPoint[]): number[] {
  return points.map(finishedAlpha).filter((a) => a !== null);
}

/**
 * Runs go to the worker one at a time, in the order they were started. The queue owns what the run store cannot
 * know yet (queued runs, a run still loading its data) and makes sure every run ends in the store, however it ends.
 */
export class RunQueue {
  private waiting: Entry[] = [];
  private running: Entry[] = [];
  private closed = false;
  private readonly ends = new Set<Promise<void>>();

  constructor(private readonly options: RunQueueOptions) {}

  enqueue(config: SweepConfig, name?: string, split?: QueueSplit): { runId: string; position: number } {
    return this.add(newRunId(config.backbone), config, { name, createdAt: new Date().toISOString(), split });
  }

  /** Queues an existing run to be taken up where it stopped, under its own id, name and config. */
  resume(run: { id: string; name: string; createdAt: string; config: SweepConfig }, split?: QueueSplit): { runId: string; position: number } {
    if (this.isActive(run.id)) throw new Error(`Run "${run.id}" is already queued or running.`);
    return this.add(run.id, run.config, { name: run.name === run.id ? undefined : run.name, createdAt: run.createdAt, resume: true, split });
  }

  /** Follows a run submitted before this process started (a queue's run, out while the app was closed). */
  adopt(run: { id: string; name?: string; createdAt: string; config: SweepConfig; resume: boolean; split?: QueueSplit }): void {
    if (!this.isActive(run.id)) this.add(run.id, run.config, { name: run.name, createdAt: run.createdAt, resume: run.resume, split: run.split });
  }

  private add(runId: string, config: SweepConfig, opts: { name?: string; createdAt: string; resume?: boolean; split?: QueueSplit }): { runId: string; position: number } {
    if (this.closed) throw new Error('The workbench is shutting down.');
    const { name } = opts;
    const summary: RunSummary = {
      id: runId,
      name: name ?? runId,
      status: 'queued',
      createdAt: opts.createdAt,
      dataset: config.dataset,
      backbone: config.backbone,
      backend: null,
      alphas: config.alphas,
      alphasDone: [],
      error: null,
      ...(this.options.runsOn && { runsOn: this.options.runsOn }),
    };
    this.waiting.push({ summary, config, name, losses: [], resume: opts.resume, ...(opts.split && { split: opts.split }) });
    // Runs ahead of it that hold a slot it needs: none while the queue has a free slot.
    const position = Math.max(0, this.waiting.length - 1 + this.running.length - ((this.options.concurrency ?? 1) - 1));
    this.emit({ type: 'queued', runId, position, run: { ...summary } });
    this.pump();
    return { runId, position };
  }

  /** A queued run is dropped; the running one is asked to stop at its next batch. */
  stop(runId: string): boolean {
    const index = this.waiting.findIndex((e) => e.summary.id === runId);
    if (index >= 0) {
      this.waiting.splice(index, 1);
      this.emit({ type: 'stopped', runId, alphasDone: 0 });
      return true;
    }
    return this.running.some((e) => e.summary.id === runId) && this.options.worker.stop(runId);
  }

  /** The runs the store may not show yet, or not up to date: the running ones first, then the queue in order. */
  active(): RunSummary[] {
    return this.entries().map((e) => ({ ...e.summary }));
  }

  private entries(): Entry[] {
    return [...this.running, ...this.waiting];
  }

  isActive(runId: string): boolean {
    return this.find(runId) !== null;
  }

  /** A queued or running run with the configuration it was started with. */
  find(runId: string): { summary: RunSummary; config: SweepConfig } | null {
    const entry = this.entries().find((e) => e.summary.id === runId);
    return entry ? { summary: { ...entry.summary }, config: entry.config } : null;
  }

  rename(runId: string, name: string): RunSummary | null {
    const entry = this.entries().find((e) => e.summary.id === runId);
    if (!entry) return null;
    entry.name = name;
    entry.summary.name = name;
    return { ...entry.summary };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.options.runsOn) {
      // A queue's runs go on without us (the submissions list takes them up at the next start).
      this.waiting.splice(0);
      await this.options.worker.close();
      await Promise.all(this.ends);
      return;
    }
    for (const entry of this.waiting.splice(0)) this.emit({ type: 'stopped', runId: entry.summary.id, alphasDone: 0 });
    for (const entry of this.running) this.options.worker.stop(entry.summary.id);
    await Promise.all(this.ends);
    await this.options.worker.close();
  }

  private emit(event: RunEvent): void {
    this.options.events.emit({ channel: 'event:run', payload: event });
  }

  private pump(): void {
    while (!this.closed && this.waiting.length && this.running.length < (this.options.concurrency ?? 1)) {
      const entry = this.waiting.shift()!;
      this.running.push(entry);
      const end: Promise<void> = this.runOne(entry).finally(() => {
        this.running = this.running.filter((e) => e !== entry);
        this.ends.delete(end);
        this.pump();
      });
      this.ends.add(end);
    }
  }

  private async runOne(entry: Entry): Promise<void> {
    const runId = entry.summary.id;
    const started = Date.now();
    entry.summary.status = 'running';
    this.emit({ type: 'started', runId });
    const job: Job = {
      jobId: runId,
      config: entry.config,
      workspace: this.options.store.workspace,
      backend: this.options.backend,
      cacheDir: this.options.cacheDir,
      resume: entry.resume,
    };
    const outcome = await this.options.worker
      .run(job, (events) => events.forEach((e) => this.forward(entry, e)), { name: entry.name, createdAt: entry.summary.createdAt, ...(entry.split && { split: entry.split }) })
      .catch((e: unknown): JobOutcome => ({ status: 'failed', message: errorMessage(e), crashed: false }));
    try {
      await this.record(entry, outcome, (Date.now() - started) / 1000);
    } catch (e) {
      this.emit({ type: 'failed', runId, message: `The run ended but could not be recorded: ${errorMessage(e)}` });
    }
  }

  private forward(entry: Entry, event: BatchedEvent): void {
    if (event.type === 'progress' && event.losses.length) {
      appendLossRecord(entry.losses, { phase: event.phase, total: event.total, losses: event.losses });
    }
    const alpha = event.type === 'point' ? finishedAlpha(event.point) : null;
    if (alpha !== null) entry.summary.alphasDone.push(alpha);
    this.emit({ ...event, runId: entry.summary.id });
  }

  /** A queue's run that ends without its folder coming home still says where it was sent (no worker finished it). */
  private sentTo(entry: Entry): { queue?: { url: string; worker: string } & Partial<QueueSplit> } {
    return this.options.runsOn ? { queue: { url: this.options.runsOn, worker: '', ...(entry.split ?? DEFAULT_SPLIT) } } : {};
  }

  private async record(entry: Entry, outcome: JobOutcome, seconds: number): Promise<void> {
    const { store } = this.options;
    const runId = entry.summary.id;
    // Before the ending is announced, so a UI that asks for the curves right away finds them.
    // Curves are a convenience: failing to save them never changes how the run is recorded.
    const saveLosses = () => (entry.losses.length && !('lossesSaved' in outcome && outcome.lossesSaved) ? store.saveLosses(runId, entry.losses).catch(() => undefined) : Promise.resolve());
    switch (outcome.status) {
      case 'detached':
      case 'filled':
        return;
      case 'finished':
        await saveLosses();
        if (entry.name) await store.rename(runId, entry.name);
        this.emit({ type: 'finished', runId, seconds, points: outcome.result.points.length });
        return;
      case 'stopped': {
        // A worker that honoured the stop wrote the folder itself; one that had to be terminated did not.
        const record = outcome.result
          ? entry.name
            ? await store.rename(runId, entry.name)
            : null
          : await store.settle(runId, { status: 'stopped', name: entry.name, ...this.sentTo(entry) }, entry.config);
        await saveLosses();
        const done = outcome.result ? alphasIn(outcome.result.points) : (record?.alphasDone ?? []);
        this.emit({ type: 'stopped', runId, alphasDone: new Set(done).size });
        return;
      }
      case 'failed':
        await store.settle(runId, { status: 'failed', error: outcome.message, name: entry.name, ...this.sentTo(entry) }, entry.config);
        await saveLosses();
        this.emit({ type: 'failed', runId, message: outcome.message });
        return;
    }
  }
}
