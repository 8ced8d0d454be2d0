import type { Job, JobOutcome, WorkerClientOptions } from '../worker/worker-client';
import { WorkerClient } from '../worker/worker-client';
import type { BatchedEvent } from '../worker/protocol';

/**
 * One training worker thread per job slot (`--concurrency`), each long-lived as in the app, so a queue worker runs
 * sweeps with exactly the engine and thread a local run uses.
 */
export class EnginePool {
  private readonly free: WorkerClient[];
  private readonly all: WorkerClient[];

  constructor(size: number, options: WorkerClientOptions = {}) {
    // A stop waits for the batch under way (a ResNet-50 batch on a CPU takes seconds), then hands the job back whole.
    this.all = Array.from({ length: size }, () => new WorkerClient({ stopGraceMs: 60_000, ...options }));
    this.free = [...this.all];
  }

  async run(job: Job, onEvents: (events: BatchedEvent[]) => void, onStart: (stop: () => void) => void): Promise<JobOutcome> {
    const client = this.free.pop();
    if (!client) throw new Error('Every engine thread is busy: the queue gave this worker more jobs than its concurrency.');
    try {
      const outcome = client.run(job, onEvents);
      onStart(() => client.stop(job.jobId));
      return await outcome;
    } finally {
      this.free.push(client);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((c) => c.close()));
  }
}
