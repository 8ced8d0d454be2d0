import type { Shard } from '../engine/train/feature-shards';
import type { BatchedEvent, ProgressBatch } from '../worker/protocol';
import { PartsProgress } from './parts-progress';

/**
 * One run's feature pass as its shard jobs fill it on several workers, seen as the one pass a local run shows: a
 * phase line once, then progress summed over the shards (the shards not heard from yet counted at the mean size of
 * those heard from), the ETA of the slowest. Their other phases (data, backbone) are the sweep's to show when it runs.
 */
export class ShardProgress {
  private readonly shards = new PartsProgress();
  private announced = false;

  /** What a shard job's events become for the run's watchers. */
  take(shard: Shard, events: BatchedEvent[]): BatchedEvent[] {
    const out: BatchedEvent[] = [];
    for (const e of events) {
      if (e.type === 'log') out.push(e);
      if (e.type !== 'progress' || e.phase !== 'features') continue;
      if (!this.announced) {
        this.announced = true;
        out.push({ type: 'phase', phase: 'features', message: `Backbone pass, cut into ${shard.of} shards that free workers fill` });
      }
      this.shards.report(shard.index, e.done, e.total, e.etaSeconds);
      out.push(this.sum(shard.of));
    }
    return out;
  }

  private sum(of: number): ProgressBatch {
    const { shards } = this;
    return { type: 'progress', phase: 'features', done: shards.done, total: Math.round((shards.total / shards.heard) * of), etaSeconds: shards.eta(of), losses: [] };
  }
}
