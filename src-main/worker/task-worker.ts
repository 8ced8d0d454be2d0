import { Worker } from 'node:worker_threads';
import type { EngineTask, TaskResult } from './engine-tasks';
import type { WorkerData } from './worker-data';
import { workerEntryUrl } from './worker-entry';

/** A task sent to the task worker, and what it answers: the result, or the engine's error message. */
export interface TaskRequest {
  id: number;
  task: EngineTask;
}
export type TaskReply = { id: number; type: 'task-result'; value: unknown } | { id: number; type: 'task-error'; message: string };

/** An idle task worker ends after this long: its tfjs and datasets stay warm between the form's quick requests. */
const IDLE_MS = 60_000;

/**
 * One worker thread (the training worker's entry, in task mode) that serves the host's engine tasks — estimates,
 * thumbnails, the catalog, budget searches, exports — so the host's event loop never runs them. Spawned on first
 * use, ended when idle, and spawned again after a crash; a crash fails only the tasks it was running.
 */
export class TaskWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private idle: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly entry: URL = workerEntryUrl()) {}

  readonly run = <T extends EngineTask>(task: T): Promise<TaskResult<T>> =>
    new Promise<TaskResult<T>>((resolve, reject) => {
      const id = ++this.seq;
      this.pending.set(id, { resolve: (v) => resolve(v as TaskResult<T>), reject });
      if (this.idle) clearTimeout(this.idle);
      this.idle = null;
      const request: TaskRequest = { id, task };
      this.spawn().postMessage(request);
    });

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const data: WorkerData = { control: new SharedArrayBuffer(4), tasks: true };
    const worker = new Worker(this.entry, { workerData: data });
    worker.on('message', (reply: TaskReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.type === 'task-result') waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.message));
      if (!this.pending.size) this.idle = setTimeout(() => void this.close(), IDLE_MS).unref();
    });
    const fail = (message: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const w of this.pending.values()) w.reject(new Error(message));
      this.pending.clear();
    };
    worker.on('error', (e) => fail(`The engine task failed: ${e.message}`));
    worker.on('exit', (code) => fail(`The engine task stopped before it answered (exit code ${code}).`));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
