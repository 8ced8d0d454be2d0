import { Worker } from 'node:worker_threads';
import type { EngineTask, TaskResult, TaskRunner } from './engine-tasks';
import type { WorkerData } from './worker-data';
import { workerEntryUrl } from './worker-entry';

/** What a task worker posts back: the result, or the engine's error message. */
export type TaskReply = { type: 'task-result'; value: unknown } | { type: 'task-error'; message: string };

/**
 * Runs each task in its own short-lived worker thread (the same entry as the training worker, in task mode), so
 * a budget search that trains gates or an export that loads tfjs never blocks the host's event loop, and a
 * running sweep's worker is not disturbed.
 */
export function workerTaskRunner(entry: URL = workerEntryUrl()): TaskRunner {
  return <T extends EngineTask>(task: T) =>
    new Promise<TaskResult<T>>((resolve, reject) => {
      const data: WorkerData = { control: new SharedArrayBuffer(4), task };
      const worker = new Worker(entry, { workerData: data });
      let settled = false;
      worker.once('message', (reply: TaskReply) => {
        settled = true;
        if (reply.type === 'task-result') resolve(reply.value as TaskResult<T>);
        else reject(new Error(reply.message));
        void worker.terminate();
      });
      worker.once('error', (e) => {
        settled = true;
        reject(e);
      });
      worker.once('exit', (code) => {
        if (!settled) reject(new Error(`The engine task stopped before it answered (exit code ${code}).`));
      });
    });
}
