import type { RunSummary } from '../../src-shared/api/models';
import { redactQueueUrl } from '../../src-shared/api/queue-url';
import { sweepConfigSchema } from '../engine/config';
import { QueueSubmitter } from '../queue/queue-submitter';
import { submissionsOf } from '../queue/submissions';
import type { EventHub } from './event-hub';
import { RunQueue } from './run-queue';
import type { RunStore } from './run-store';

/** One run queue per Redis queue the user submitted to, each following its runs on that queue's workers. */
export function remoteQueues(options: { workspace: string; store: RunStore; events: EventHub }) {
  const byUrl = new Map<string, RunQueue>();
  const get = (url: string): RunQueue => {
    let queue = byUrl.get(url);
    if (!queue) {
      const runsOn = redactQueueUrl(url);
      queue = new RunQueue({ worker: new QueueSubmitter({ url, workspace: options.workspace }), store: options.store, events: options.events, concurrency: Infinity, runsOn });
      byUrl.set(url, queue);
    }
    return queue;
  };
  return {
    get,
    all: () => [...byUrl.values()],
    /** Runs this workspace submitted before the app last closed: followed again, their results brought home. */
    async takeUpSubmissions(): Promise<void> {
      for (const s of await submissionsOf(options.workspace).list()) {
        const config = sweepConfigSchema.safeParse(s.config);
        if (config.success) get(s.url).adopt({ id: s.runId, name: s.name, createdAt: s.createdAt, config: config.data, resume: s.resume, split: s.split });
      }
    },
  };
}

/** The local queue and the remote ones seen as one, for the requests that only ask about a run. */
export function queuesView(local: RunQueue, remote: ReturnType<typeof remoteQueues>) {
  const all = () => [local, ...remote.all()];
  const holding = (runId: string) => all().find((q) => q.isActive(runId)) ?? null;
  return {
    isActive: (runId: string) => holding(runId) !== null,
    find: (runId: string) => holding(runId)?.find(runId) ?? null,
    stop: (runId: string) => holding(runId)?.stop(runId) ?? false,
    rename: (runId: string, name: string) => holding(runId)?.rename(runId, name) ?? null,
    active: (): RunSummary[] => all().flatMap((q) => q.active()),
    close: async () => {
      await Promise.all(all().map((q) => q.close()));
    },
  };
}
